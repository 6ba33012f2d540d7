// Endpoints in a target: which string literals are URLs, hosts or IPs, and
// which of them a path's sink (or a propagator feeding it) is handed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cordon/rules/rule_set.h"
#include "value_graph.h"

namespace cordon::flow {

// Which literals of one target are endpoints. A literal counts when it has a
// scheme ("https://..."), is an IP literal (a bare IPv4 only as a dotted
// quad), has an explicit port, or matches an endpoint rule. A bare dotted
// name counts when it has three or more labels, its last label is a
// top-level domain (the Public Suffix List, plus .example, .test, .invalid,
// .localhost), and it is none of:
//  - a file name: its top-level domain is also a common file extension
//    ("config.h.in", "setup.py", "libfoo.so") and no multi-label public
//    suffix ("co.in") says otherwise;
//  - a dotted key: another literal of the target shares all its labels but
//    the last and ends in no top-level domain ("camera.rotate.wheel.cw" next
//    to "camera.rotate.wheel.ccw"). Keys grow left to right, host names right
//    to left: a host's siblings differ in their first label, not the last.
class EndpointJudge {
 public:
  EndpointJudge(const rules::RuleSet& rules, const std::vector<StringRef>& strings);
  [[nodiscard]] std::optional<rules::Url> operator()(std::string_view text) const;

 private:
  const rules::RuleSet& rules_;
  std::unordered_set<std::string> key_prefixes_;  // "camera.rotate.wheel"
};

// Indexes into graph.strings() of literals whose value flows (backwards,
// within a few steps) into any of `targets`.
[[nodiscard]] std::vector<std::size_t> strings_reaching(
    const ValueGraph& graph, const std::vector<NodeId>& targets,
    const std::unordered_map<NodeId, std::vector<std::size_t>>& string_nodes);

}  // namespace cordon::flow
