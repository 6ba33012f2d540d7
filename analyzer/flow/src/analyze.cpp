#include "cordon/flow/analyze.h"

#include <algorithm>
#include <tuple>

#include "analysis_context.h"
#include "cordon/flow/finding_id.h"
#include "handle_origin.h"

namespace cordon::flow {
namespace {

std::vector<ResolvedCall> resolve(const ProgramGraph& graph, const rules::RuleSet& rules) {
  return resolve_calls(graph, rules);
}

// The calls a literal is passed to, following it a few local steps.
std::vector<CallId> calls_using(const ProgramGraph& g, NodeId literal) {
  std::vector<CallId> out;
  std::vector<NodeId> frontier{literal};
  for (int depth = 0; depth < 3 && !frontier.empty(); ++depth) {
    std::vector<NodeId> next;
    for (NodeId n : frontier) {
      for (NodeId s : g.successors()[n]) {
        const Node& node = g.nodes()[s];
        if (node.kind == NodeKind::kArg) {
          if (std::find(out.begin(), out.end(), node.call) == out.end()) out.push_back(node.call);
        } else if (node.kind == NodeKind::kLocal) {
          next.push_back(s);
        }
      }
    }
    frontier = std::move(next);
  }
  return out;
}

std::vector<CallId> string_source_calls(const ProgramGraph& g, const rules::RuleSet& r) {
  std::vector<CallId> out;
  for (const auto& found : resolve_string_sources(g, r)) {
    NodeId node = g.strings()[found.string_index].node;
    if (node == kNoNode || node >= g.nodes().size()) continue;
    for (CallId c : calls_using(g, node)) out.push_back(c);
  }
  return out;
}

// Functions the rules model, and everything they call directly (strong call
// edges only: an indirect call inside libc may reach any callback), and the
// functions of a language runtime the packs name (formatting, stream
// buffers, allocation: `runtime` entries), which are not the title's own.
std::vector<bool> library_functions(const ProgramGraph& g, const rules::RuleSet& r,
                                    const ValueGraph& values) {
  std::vector<bool> library(g.functions().size(), false);
  std::vector<FunctionId> stack;
  for (FunctionId f = 0; f < g.functions().size(); ++f) {
    const std::string& name = g.functions()[f].name;
    if (r.runtime_of(name) != nullptr) {
      library[f] = true;  // its own calls only: it calls the title back through pointers
      continue;
    }
    for (const auto& variant : name_variants(name)) {
      if (!r.by_api(variant).empty()) {
        library[f] = true;
        stack.push_back(f);
        break;
      }
    }
  }
  while (!stack.empty()) {
    FunctionId f = stack.back();
    stack.pop_back();
    for (const CallEdge& edge : values.callees(f)) {
      if (edge.weak || library[edge.function]) continue;
      library[edge.function] = true;
      stack.push_back(edge.function);
    }
  }
  return library;
}

// Where the data of a source's carried value `n` starts. With `fields` for
// that value, a member the front end read at another offset (a passwd
// entry's pw_dir) is no start: the listed members, and every other use of
// the pointer (passed on, stored, copied), are. Without member reads the
// pointer is used whole: `n` itself.
void add_member_starts(const ProgramGraph& g, const rules::ApiEntry& entry,
                       const rules::ValueRef& ref, NodeId n, std::vector<NodeId>& starts) {
  auto fields = std::find_if(entry.fields.begin(), entry.fields.end(),
                             [&ref](const rules::CarriedFields& f) { return f.ref == ref; });
  std::vector<ProgramGraph::FieldRead> reads;
  if (fields != entry.fields.end()) reads = g.field_reads(n);
  if (reads.empty()) {
    starts.push_back(n);
    return;
  }
  auto listed = [&fields](std::int64_t offset) {
    return std::any_of(fields->members.begin(), fields->members.end(),
                       [offset](const auto& member) { return member.second == offset; });
  };
  auto member_value = [&reads](NodeId node) {
    return std::any_of(reads.begin(), reads.end(),
                       [node](const ProgramGraph::FieldRead& r) { return r.value == node; });
  };
  for (const auto& read : reads) {
    if (listed(read.offset)) starts.push_back(read.value);
  }
  for (NodeId next : g.successors()[n]) {
    if (!member_value(next)) starts.push_back(next);
  }
}

}  // namespace

AnalysisContext::AnalysisContext(const ProgramGraph& g, const std::string& t,
                                 const rules::RuleSet& r, const Policy& p, const EngineLimits& l,
                                 const TargetNamer& namer)
    : graph(g),
      target(t),
      rules(r),
      policy(p),
      limits(l),
      name_target(namer),
      resolved(resolve(g, r)),
      values(g, resolved, p.profile.static_policy.accepted_sanitizers, l.max_group,
             string_source_calls(g, r)) {
  for (std::size_t i = 0; i < g.strings().size(); ++i) {
    if (g.strings()[i].node != kNoNode) string_nodes[g.strings()[i].node].push_back(i);
  }
  library = library_functions(g, r, values);
  HandleOrigins handles(values, resolved, r);
  for (CallId c = 0; c < g.calls().size(); ++c) {
    const CallSite& call = g.calls()[c];
    if (call.caller < library.size() && library[call.caller]) continue;
    for (const auto* entry : resolved[c].entries) {
      if (entry->kind == rules::EntryKind::kSource) {
        SourceSite site{entry, resolved[c].api, call.caller, c, call.where, {}};
        for (const auto& ref : entry->carries) {
          for (NodeId n : value_nodes(call, ref, entry->float_args)) {
            add_member_starts(g, *entry, ref, n, site.starts);
          }
        }
        sources.push_back(std::move(site));
      } else if (entry->kind == rules::EntryKind::kSink) {
        SinkSite site{entry, resolved[c].api, c, call.caller, {}, {}};
        if (entry->handle) {
          // A write to a file, a terminal or a pipe sends nothing off the machine.
          HandleVerdict verdict = handles.of(c, *entry->handle);
          if (verdict == HandleVerdict::kLocal) continue;
          site.uncertain = verdict == HandleVerdict::kUnknown;
        }
        site.constants = resolved[c].constants;
        // No `carries` (connect, curl_easy_perform): it sends what was handed
        // over elsewhere; a network capability, never the end of a path.
        for (const auto& ref : entry->carries) {
          for (NodeId n : value_nodes(call, ref, entry->float_args)) site.carried.push_back(n);
        }
        if (entry->destination) {
          site.destination = value_nodes(call, *entry->destination, entry->float_args);
        }
        sinks.push_back(std::move(site));
      }
    }
  }
  // A literal whose use is the source ("/etc/machine-id"): the data is in the
  // string's value and in what the calls handed that string return or fill.
  for (const auto& found : resolve_string_sources(g, r)) {
    const StringRef& ref = g.strings()[found.string_index];
    if (ref.node == kNoNode || ref.node >= g.nodes().size()) continue;
    if (ref.function < library.size() && library[ref.function]) continue;
    SourceSite site{found.entry, ref.text, ref.function, std::nullopt, ref.where, {ref.node}};
    for (CallId used : calls_using(g, ref.node)) {
      const CallSite& call = g.calls()[used];
      if (!site.call) site.call = used;
      if (call.result != kNoNode) site.starts.push_back(call.result);
      site.starts.insert(site.starts.end(), call.arg_pointees.begin(), call.arg_pointees.end());
    }
    if (site.call) site.where = g.calls()[*site.call].where;
    sources.push_back(std::move(site));
  }
}

void name_and_hash(const AnalysisContext& c, Finding& finding, std::string_view extra) {
  if (c.name_target) {
    std::string name = c.name_target(finding);
    if (!name.empty()) finding.target = std::move(name);
  }
  finding.id = finding_id(finding, extra);
}

PathStep make_step(const ProgramGraph& graph, FunctionId function, std::optional<CallId> call) {
  PathStep step;
  if (function < graph.functions().size()) {
    step.function = graph.functions()[function].name;
    step.address = graph.functions()[function].where.address;
  }
  const Location* where =
      call ? &graph.calls()[*call].where
           : (function < graph.functions().size() ? &graph.functions()[function].where : nullptr);
  if (where != nullptr) {
    if (where->address != 0) step.address = where->address;
    if (!where->file.empty()) step.file = where->file;
    if (where->line != 0) step.line = where->line;
  }
  return step;
}

std::vector<Finding> analyze_graph(const ProgramGraph& graph, const std::string& target,
                                   const rules::RuleSet& rules, const Policy& policy,
                                   const EngineLimits& limits, const TargetNamer& name_target) {
  AnalysisContext context(graph, target, rules, policy, limits, name_target);
  std::vector<bool> source_used(context.sources.size(), false);
  std::vector<Finding> findings = find_exfiltration(context, source_used);
  auto inventory = find_inventory(context, source_used);
  findings.insert(findings.end(), std::make_move_iterator(inventory.begin()),
                  std::make_move_iterator(inventory.end()));
  sort_findings(findings);
  return findings;
}

void sort_findings(std::vector<Finding>& findings) {
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::forward_as_tuple(a.target, b.severity, a.rule, a.id) <
           std::forward_as_tuple(b.target, a.severity, b.rule, b.id);
  });
}

}  // namespace cordon::flow
