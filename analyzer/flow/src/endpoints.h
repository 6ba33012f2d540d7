// Endpoints in a target: which string literals are URLs, hosts or IPs, and
// which of them a path's sink (or a propagator feeding it) is handed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cordon/rules/rule_set.h"
#include "value_graph.h"

namespace cordon::flow {

// The endpoint a literal names, or nullopt. A literal counts when it has a
// scheme ("https://..."), is an IP literal, has an explicit port, matches an
// endpoint rule, or is a host name of three or more labels: "config.txt" or
// "libc.so.6" are file names, not endpoints.
[[nodiscard]] std::optional<rules::Url> plausible_endpoint(std::string_view text,
                                                           const rules::RuleSet& rules);

// Indexes into graph.strings() of literals whose value flows (backwards,
// within a few steps) into any of `targets`.
[[nodiscard]] std::vector<std::size_t> strings_reaching(
    const ValueGraph& graph, const std::vector<NodeId>& targets,
    const std::unordered_map<NodeId, std::vector<std::size_t>>& string_nodes);

}  // namespace cordon::flow
