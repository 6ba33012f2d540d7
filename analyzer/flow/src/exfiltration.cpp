// Exfiltration paths: taint from every source to every sink, then call
// structure for the sources def-use does not explain; one chain per distinct
// (source rule, sink rule, source function, sink function), judged by policy,
// then one finding per decision: the chains of one (target, source rule,
// sink rule, endpoints) are one finding, the best its `path`, the others its
// `alternative_paths`.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_set>

#include <fmt/format.h>

#include "analysis_context.h"
#include "call_structure.h"
#include "cordon/flow/finding_id.h"
#include "endpoints.h"
#include "summary_search.h"

namespace cordon::flow {
namespace {

constexpr std::size_t kMaxCallgraphPairs = 20'000;

using PathKey = std::tuple<std::string, std::string, FunctionId, FunctionId>;

struct Candidate {
  std::size_t source = 0;
  std::size_t sink = 0;
  Confidence confidence = Confidence::kDataflow;
  std::vector<NodeId> nodes;  // dataflow: the def-use chain
  std::vector<Hop> hops;      // callgraph: the call chain
};

PathKey key_of(const AnalysisContext& c, std::size_t source, std::size_t sink) {
  return {c.sources[source].entry->id, c.sinks[sink].entry->id, c.sources[source].function,
          c.sinks[sink].function};
}

// Functions along a def-use chain, in the order the data visits them. The
// first step is at the source call, the last at the sink call, the others at
// the call through which the data leaves that function.
std::vector<PathStep> steps_from_nodes(const AnalysisContext& c, const Candidate& k) {
  struct Segment {
    FunctionId function;
    std::optional<CallId> last_call;
  };
  std::vector<Segment> segments;
  for (NodeId n : k.nodes) {
    const Node& node = c.graph.nodes()[n];
    if (node.function == kNoFunction || node.function >= c.graph.functions().size()) continue;
    if (segments.empty() || segments.back().function != node.function) {
      segments.push_back({node.function, std::nullopt});
    }
    if (node.kind == NodeKind::kArg || node.kind == NodeKind::kPointee ||
        node.kind == NodeKind::kCallResult) {
      segments.back().last_call = node.call;
    }
  }
  const SourceSite& source = c.sources[k.source];
  const SinkSite& sink = c.sinks[k.sink];
  if (segments.empty() || segments.front().function != source.function) {
    segments.insert(segments.begin(), {source.function, source.call});
  }
  if (segments.back().function != sink.function) segments.push_back({sink.function, sink.call});
  std::vector<PathStep> steps;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    std::optional<CallId> call = segments[i].last_call;
    if (i == 0 && source.call) call = source.call;
    if (i + 1 == segments.size()) call = sink.call;
    steps.push_back(make_step(c.graph, segments[i].function, call));
  }
  return steps;
}

std::vector<PathStep> steps_from_hops(const AnalysisContext& c, const Candidate& k) {
  std::vector<PathStep> steps;
  for (const Hop& hop : k.hops) steps.push_back(make_step(c.graph, hop.function, hop.call));
  return steps;
}

struct EndpointInfo {
  std::string text;
  rules::Party vendor = rules::Party::kUnknown;
};

std::vector<EndpointInfo> path_endpoints(const AnalysisContext& c, const Candidate& k) {
  const SinkSite& sink = c.sinks[k.sink];
  const CallSite& call = c.graph.calls()[sink.call];
  std::vector<NodeId> targets = sink.destination;
  targets.insert(targets.end(), call.args.begin(), call.args.end());
  targets.insert(targets.end(), call.arg_pointees.begin(), call.arg_pointees.end());
  for (NodeId n : k.nodes) {
    const Node& node = c.graph.nodes()[n];
    if (node.kind != NodeKind::kArg && node.kind != NodeKind::kPointee) continue;
    const auto& entries = c.resolved[node.call].entries;
    bool propagator = std::any_of(entries.begin(), entries.end(), [](const auto* e) {
      return e->kind == rules::EntryKind::kPropagator || e->kind == rules::EntryKind::kSink;
    });
    if (!propagator) continue;
    const CallSite& through = c.graph.calls()[node.call];
    targets.insert(targets.end(), through.args.begin(), through.args.end());
  }
  std::vector<std::size_t> indexes = strings_reaching(c.values, targets, c.string_nodes);
  for (std::size_t i = 0; i < c.graph.strings().size(); ++i) {
    if (c.graph.strings()[i].function == sink.function) indexes.push_back(i);
  }
  std::map<std::string, rules::Party> found;
  for (std::size_t i : indexes) {
    const std::string& text = c.graph.strings()[i].text;
    auto url = c.is_endpoint(text);
    if (!url) continue;
    auto match = c.rules.endpoints().match_url(*url);
    found.emplace(text, match ? match->vendor : rules::Party::kUnknown);
  }
  std::vector<EndpointInfo> out;
  for (auto& [text, vendor] : found) out.push_back({text, vendor});
  return out;
}

std::string describe(const Finding& f, const Verdict& verdict, const SinkSite& sink) {
  std::string where_to;
  if (!f.endpoints.empty()) where_to = fmt::format(" to {}", fmt::join(f.endpoints, ", "));
  std::string action = verdict.allowed ? ""
                                       : "; remove the flow, or declare it in a manifest or allow "
                                         "the endpoint if it is intended";
  std::string api =
      sink.constants.empty() ? f.sink->api : fmt::format("{}({})", f.sink->api, sink.constants);
  std::string lead;
  if (f.confidence == Confidence::kCallgraph) {
    lead = " (a lead: only the call structure connects them; read that code)";
  } else if (sink.uncertain) {
    lead = " (a lead: the descriptor's origin is unknown; it may be a file, not a socket)";
  }
  return fmt::format("{} {} data from {} in {} reaches {} ({}, {}) in {}{}: {}{}{}",
                     rules::to_string(f.source->platform), rules::to_string(f.source->data),
                     f.source->api, f.path.front().function, api, rules::to_string(f.sink->vendor),
                     rules::to_string(f.sink->channel), f.path.back().function, where_to,
                     verdict.why, lead, action);
}

Finding make_finding(const AnalysisContext& c, const Candidate& k) {
  const SourceSite& source = c.sources[k.source];
  const SinkSite& sink = c.sinks[k.sink];
  Finding f;
  f.kind = FindingKind::kExfiltrationPath;
  f.rule = source.entry->id;
  f.target = c.target;
  f.source = FindingSource{source.api, source.entry->party,
                           source.entry->data.value_or(rules::DataClass::kIdentity)};
  f.sink = FindingSink{sink.api, sink.entry->id, sink.entry->party,
                       sink.entry->channel.value_or(rules::Channel::kSocket)};
  f.confidence = k.confidence;
  f.path = !k.nodes.empty() ? steps_from_nodes(c, k) : steps_from_hops(c, k);
  if (f.path.empty()) f.path.push_back(make_step(c.graph, source.function, source.call));
  auto endpoints = path_endpoints(c, k);
  for (const auto& e : endpoints) f.endpoints.push_back(e.text);
  Verdict verdict = judge_path(c.policy, f, source.entry->id, sink.entry->id);
  if (sink.entry->party == rules::Party::kUnknown) {
    // A generic sink takes its vendor from the endpoints; when they name several
    // vendors, the one giving the strictest verdict wins.
    bool first = true;
    for (const auto& e : endpoints) {
      if (e.vendor == rules::Party::kUnknown) continue;
      Finding trial = f;
      trial.sink->vendor = e.vendor;
      Verdict v = judge_path(c.policy, trial, source.entry->id, sink.entry->id);
      if (first || std::make_tuple(!v.allowed, v.severity) >
                       std::make_tuple(!verdict.allowed, verdict.severity)) {
        f.sink->vendor = e.vendor;
        verdict = v;
        first = false;
      }
    }
  }
  if (sink.uncertain && !verdict.allowed) {
    bool cross = is_platform(f.source->platform) && is_platform(f.sink->vendor) &&
                 !same_family(f.source->platform, f.sink->vendor);
    verdict.severity = lead_severity(c.policy, verdict.severity, cross);
  }
  f.severity = verdict.severity;
  f.allowed = verdict.allowed;
  f.message = describe(f, verdict, sink);
  name_and_hash(c, f, sink.entry->id);
  return f;
}

// The chains of one decision: one finding, the best chain its path (a proof
// before a lead, the louder verdict, the shorter chain), the others, shortest
// first, its alternatives.
std::vector<Finding> one_per_decision(std::vector<Finding> chains) {
  auto better = [](const Finding& a, const Finding& b) {
    return std::make_tuple(a.confidence, b.severity, a.path.size()) <
           std::make_tuple(b.confidence, a.severity, b.path.size());
  };
  std::map<std::string, std::vector<Finding>> groups;  // by id: it hashes the decision
  for (auto& f : chains) groups[f.id].push_back(std::move(f));
  std::vector<Finding> out;
  for (auto& [id, members] : groups) {
    std::stable_sort(members.begin(), members.end(), better);
    Finding f = std::move(members.front());
    std::vector<std::vector<PathStep>> others;
    for (std::size_t i = 1; i < members.size(); ++i) others.push_back(std::move(members[i].path));
    auto names = [](const std::vector<PathStep>& path) {
      std::vector<std::string> functions;
      for (const auto& step : path) functions.push_back(step.function);
      return functions;
    };
    std::stable_sort(others.begin(), others.end(), [&names](const auto& a, const auto& b) {
      return std::make_tuple(a.size(), names(a)) < std::make_tuple(b.size(), names(b));
    });
    if (others.size() > kMaxAlternativePaths) others.resize(kMaxAlternativePaths);
    f.alternative_paths = std::move(others);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

namespace {

// The machine's own name (gethostname) looked up as it is, by a resolver
// that answers that name on the machine (/etc/hosts, nss-myhostname): the
// chain stays in the source's function and follows only the front end's
// own def-use edges (copies, the buffer itself), no call in between that
// could have built another name from it ("<host>.example.net").
bool own_name_lookup(const AnalysisContext& c, std::size_t source, const TaintHit& hit) {
  const SourceSite& site = c.sources[source];
  if (!site.entry->own_name || !c.sinks[hit.sink].entry->own_name) return false;
  const auto& nodes = c.graph.nodes();
  // Whether `to` follows from `from` by the front end's edges alone, inside
  // the function (the engine's chain may skip members of a cycle, such as a
  // buffer and the calls' views of it).
  auto local_flow = [&](NodeId from, NodeId to) {
    constexpr std::size_t kMaxVisits = 256;
    std::vector<NodeId> stack{from};
    std::unordered_set<NodeId> seen{from};
    while (!stack.empty() && seen.size() < kMaxVisits) {
      NodeId n = stack.back();
      stack.pop_back();
      for (NodeId next : c.graph.successors()[n]) {
        if (next == to) return true;
        if (nodes[next].function == site.function && seen.insert(next).second) {
          stack.push_back(next);
        }
      }
    }
    return false;
  };
  for (std::size_t i = 0; i < hit.nodes.size(); ++i) {
    if (nodes[hit.nodes[i]].function != site.function) return false;
    if (i > 0 && !local_flow(hit.nodes[i - 1], hit.nodes[i])) return false;
  }
  return !hit.nodes.empty();
}

}  // namespace

std::vector<Finding> find_exfiltration(AnalysisContext& c, std::vector<bool>& source_used) {
  std::unordered_map<NodeId, std::vector<std::size_t>> sink_nodes;
  for (std::size_t s = 0; s < c.sinks.size(); ++s) {
    for (NodeId n : c.sinks[s].carried) sink_nodes[n].push_back(s);
  }
  std::map<PathKey, Candidate> best;
  if (c.sinks.empty() || c.sources.empty()) return {};

  // Sources of one rule in one function are searched together.
  std::map<std::pair<std::string, FunctionId>, std::vector<std::size_t>> groups;
  for (std::size_t s = 0; s < c.sources.size(); ++s) {
    groups[{c.sources[s].entry->id, c.sources[s].function}].push_back(s);
  }
  // Inputs of accepted sanitizers: data that reaches one is accounted for, so
  // no callgraph-only finding is made for its source.
  std::unordered_set<NodeId> sanitizer_inputs;
  const auto& accepted = c.policy.profile.static_policy.accepted_sanitizers;
  for (CallId call = 0; call < c.graph.calls().size(); ++call) {
    for (const auto* entry : c.resolved[call].entries) {
      if (entry->kind != rules::EntryKind::kSanitizer ||
          std::find(accepted.begin(), accepted.end(), entry->id) == accepted.end()) {
        continue;
      }
      for (const auto& ref : entry->from) {
        for (NodeId n : value_nodes(c.graph.calls()[call], ref, entry->float_args)) {
          sanitizer_inputs.insert(n);
        }
      }
    }
  }
  // Arguments of source calls: a source whose data only feeds another source
  // (a user handle used to fetch the user's name) gets no callgraph finding.
  std::unordered_map<NodeId, CallId> source_arguments;
  for (const auto& site : c.sources) {
    if (!site.call) continue;
    for (NodeId n : c.graph.calls()[*site.call].args) source_arguments.emplace(n, *site.call);
  }
  // Calls an argument goes on through: a function of the title (direct or
  // indirect) or a modelled call. A plain library call (strcmp, atoi) only
  // reads what it is given; a source call's own arguments (the buffer it
  // fills) are where the data comes from.
  std::vector<bool> passing(c.graph.calls().size(), false);
  for (CallId call = 0; call < c.graph.calls().size(); ++call) {
    passing[call] = c.resolved[call].internal.has_value() || !c.resolved[call].entries.empty() ||
                    c.graph.calls()[call].indirect;
  }
  for (const auto& site : c.sources) {
    if (site.call) passing[*site.call] = false;
  }
  std::set<std::pair<std::string, FunctionId>> tainted_sources;
  std::set<std::pair<std::string, FunctionId>> escaping_sources;
  SummaryWorkspace workspace(c.graph.nodes().size());
  Summaries summaries(c.values);
  std::set<std::pair<std::string, FunctionId>> strong_hit;
  for (bool weak : {false, true}) {
    if (weak && !c.values.has_weak_edges()) break;
    for (const auto& [key, members] : groups) {
      // Indirect-call edges only where def-use found nothing for this source.
      if (weak && strong_hit.count(key) != 0) continue;
      std::vector<NodeId> starts;
      for (std::size_t s : members) {
        starts.insert(starts.end(), c.sources[s].starts.begin(), c.sources[s].starts.end());
      }
      TaintWatch watch{&sanitizer_inputs, &source_arguments, &passing, false, false, {}};
      auto hits = summary_search(c.values, summaries, starts, sink_nodes, weak,
                                 c.limits.max_visited_per_search, watch, workspace);
      if (!weak && !hits.empty()) strong_hit.insert(key);
      for (std::size_t s : members) {
        if (c.sources[s].call) watch.sources_reached.erase(*c.sources[s].call);
      }
      if (watch.sanitized || !watch.sources_reached.empty()) tainted_sources.insert(key);
      if (watch.escaped) escaping_sources.insert(key);
      for (auto& hit : hits) {
        // The member whose value starts the chain is the source site.
        std::size_t source = members.front();
        for (std::size_t s : members) {
          const auto& st = c.sources[s].starts;
          if (std::find(st.begin(), st.end(), hit.nodes.front()) != st.end()) {
            source = s;
            break;
          }
        }
        if (own_name_lookup(c, source, hit)) {
          tainted_sources.insert(key);  // accounted for: no call-structure lead either
          continue;
        }
        auto k = key_of(c, source, hit.sink);
        if (best.count(k) != 0) continue;
        best.emplace(k, Candidate{source,
                                  hit.sink,
                                  weak ? Confidence::kCallgraph : Confidence::kDataflow,
                                  std::move(hit.nodes),
                                  {}});
      }
    }
  }
  // Call structure, only where def-use explains nothing: for a source (rule,
  // function) with no taint path at all, whose data reaches no accepted
  // sanitizer and no other source call; one finding per source (rule,
  // function): the shortest call chain, to the first sink call.
  // A guess through indirect calls does not explain a source: its call
  // structure is still looked at.
  for (const auto& [key, candidate] : best) {
    if (candidate.confidence == Confidence::kDataflow) {
      tainted_sources.emplace(std::get<0>(key), std::get<2>(key));
    }
  }
  std::map<std::pair<std::string, FunctionId>, Candidate> structural;
  CallStructure structure(c.values, c.library, c.limits.max_callgraph_depth);
  std::size_t attempts = 0;
  for (std::size_t s = 0; s < c.sources.size() && attempts < kMaxCallgraphPairs; ++s) {
    const SourceSite& source = c.sources[s];
    if (!source.call || tainted_sources.count({source.entry->id, source.function}) != 0) continue;
    // Data only compared or tested where it is read decides something there
    // and goes nowhere: the call structure around it is no lead.
    if (escaping_sources.count({source.entry->id, source.function}) == 0) continue;
    for (std::size_t k = 0; k < c.sinks.size() && attempts < kMaxCallgraphPairs; ++k) {
      const SinkSite& sink = c.sinks[k];
      if (*source.call == sink.call || sink.carried.empty()) continue;
      ++attempts;
      auto hops = structure.connect(*source.call, sink.call);
      if (!hops) continue;
      auto slot = std::make_pair(source.entry->id, source.function);
      auto found = structural.find(slot);
      bool better = found == structural.end() || hops->size() < found->second.hops.size() ||
                    (hops->size() == found->second.hops.size() &&
                     c.sinks[found->second.sink].function == sink.function &&
                     call_before(c.graph, sink.call, c.sinks[found->second.sink].call));
      if (better) {
        structural[slot] = Candidate{s, k, Confidence::kCallgraph, {}, std::move(*hops)};
      }
    }
  }
  for (auto& [slot, candidate] : structural) {
    best.emplace(key_of(c, candidate.source, candidate.sink), std::move(candidate));
  }

  std::vector<Finding> chains;
  std::set<std::size_t> used;
  for (const auto& [key, candidate] : best) {
    chains.push_back(make_finding(c, candidate));
    used.insert(candidate.source);
  }
  std::vector<Finding> findings = one_per_decision(std::move(chains));
  // Every site of a source rule with a path counts as used.
  for (std::size_t s = 0; s < c.sources.size(); ++s) {
    for (std::size_t u : used) {
      if (c.sources[u].entry == c.sources[s].entry) source_used[s] = true;
    }
  }
  // Rank: most severe first, dataflow before callgraph, shorter paths first.
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::make_tuple(b.severity, a.confidence, a.path.size(), a.id) <
           std::make_tuple(a.severity, b.confidence, b.path.size(), b.id);
  });
  if (findings.size() > c.limits.max_paths_per_target) {
    findings.resize(c.limits.max_paths_per_target);
  }
  return findings;
}

}  // namespace cordon::flow
