// What the parts of one target's analysis share: the graph with the engine's
// edges, the rule-matched source and sink sites, and the string index.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cordon/flow/analyze.h"
#include "endpoints.h"
#include "site_resolver.h"
#include "value_graph.h"

namespace cordon::flow {

struct SourceSite {
  const rules::ApiEntry* entry = nullptr;
  std::string api;  // the API name, or the literal for string sources
  FunctionId function = 0;
  std::optional<CallId> call;  // the source call (for strings: the call using it)
  Location where;
  std::vector<NodeId> starts;  // values holding the data afterwards
};

struct SinkSite {
  const rules::ApiEntry* entry = nullptr;
  std::string api;
  CallId call = 0;
  FunctionId function = 0;
  std::vector<NodeId> carried;      // values that are sent
  std::vector<NodeId> destination;  // the value naming where it goes
  // The descriptor it writes to has no origin the def-use shows: a network
  // sink only maybe (a lead, not a proof).
  bool uncertain = false;
  std::string constants;  // the named constants its rule applied for ("CURLOPT_USERAGENT")
};

struct AnalysisContext {
  AnalysisContext(const ProgramGraph& graph, const std::string& target, const rules::RuleSet& rules,
                  const Policy& policy, const EngineLimits& limits,
                  const TargetNamer& name_target = {});

  const ProgramGraph& graph;
  const std::string& target;
  const rules::RuleSet& rules;
  const Policy& policy;
  const EngineLimits& limits;
  const TargetNamer& name_target;
  std::vector<ResolvedCall> resolved;
  ValueGraph values;
  std::unordered_map<NodeId, std::vector<std::size_t>> string_nodes;  // node -> strings()
  std::vector<SourceSite> sources;
  std::vector<SinkSite> sinks;
  // Per function: library code, i.e. a function of the graph the rules model
  // (a statically linked gethostname, puts, curl_easy_setopt) or one such a
  // function calls directly. Its call sites are the library's business, not
  // the title's: they are neither sources nor sinks.
  std::vector<bool> library;
  // Which literals are endpoints; it knows the target's dotted keys.
  EndpointJudge is_endpoint{rules, graph.strings()};
};

// Gives a finished finding its target name and its id (which hashes the name).
void name_and_hash(const AnalysisContext& c, Finding& finding, std::string_view extra);

// A path step for `function` at call `call` (its file/line when known), or at
// the function's entry when there is no call.
[[nodiscard]] PathStep make_step(const ProgramGraph& graph, FunctionId function,
                                 std::optional<CallId> call);

// Exfiltration-path findings; marks in `source_used` (per source site) which
// sources are on some path.
[[nodiscard]] std::vector<Finding> find_exfiltration(AnalysisContext& context,
                                                     std::vector<bool>& source_used);

// Network capability, endpoints, telemetry SDKs and unused sensitive sources.
[[nodiscard]] std::vector<Finding> find_inventory(const AnalysisContext& context,
                                                  const std::vector<bool>& source_used);

}  // namespace cordon::flow
