// The path engine's entry point: from one target's program graph, the rules
// and the policy, every finding of the target (exfiltration paths, network
// capability, endpoints, telemetry SDKs, sensitive sources), judged and with
// ids, in a deterministic order. Front-end neutral: the binary lifter and the
// source front end feed the same ProgramGraph.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "cordon/flow/finding.h"
#include "cordon/flow/policy.h"
#include "cordon/flow/program_graph.h"
#include "cordon/rules/rule_set.h"

namespace cordon::flow {

// Bounds that keep a hostile or huge graph from taking unbounded time.
struct EngineLimits {
  std::size_t max_visited_per_search = 2'000'000;  // nodes one taint search may visit
  std::size_t max_callgraph_depth = 6;             // call levels for callgraph paths
  std::size_t max_paths_per_target = 200;          // exfiltration findings kept per target
  std::size_t max_endpoint_findings = 500;         // endpoint findings kept per target
  std::size_t max_group = 64;                      // calls sharing one pointer origin
};

// Names the target a finding belongs to, from its path (a compile database's
// findings belong to the unit holding their first step); empty: `target`.
using TargetNamer = std::function<std::string(const Finding&)>;

// `target` is the name findings carry (the path as the user gave it), unless
// `name_target` gives another; finding ids hash the name the finding carries.
[[nodiscard]] std::vector<Finding> analyze_graph(const ProgramGraph& graph,
                                                 const std::string& target,
                                                 const rules::RuleSet& rules, const Policy& policy,
                                                 const EngineLimits& limits = {},
                                                 const TargetNamer& name_target = {});

// Contract order: target, severity (highest first), rule, id.
void sort_findings(std::vector<Finding>& findings);

}  // namespace cordon::flow
