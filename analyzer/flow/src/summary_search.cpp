#include "summary_search.h"

#include <algorithm>

namespace cordon::flow {

namespace {

// Calls nested deeper than this while computing one summary add nothing to
// it (a bound on the native stack; recursion stops earlier, at the cycle).
constexpr int kMaxSummaryDepth = 48;
// Values one summary may visit: a bound on hostile, giant functions.
constexpr std::size_t kMaxSummaryVisits = 200000;

// A node's flag for having been reached in mode `reach` (bits 0-2 of its mark).
constexpr std::uint32_t reach_bit(Reach reach) {
  return 1u << static_cast<unsigned>(reach);
}

}  // namespace

void Summaries::outputs_at(CallId call, std::uint32_t outputs, std::vector<NodeId>& out) const {
  if (outputs == 0) return;  // also every call compute() does not return to
  const CallSite& site = graph_.graph().calls()[call];
  if ((outputs & kSummaryResult) != 0 && site.result != kNoNode) out.push_back(site.result);
  for (std::size_t k = 0; k < site.arg_pointees.size() && k < kSummaryArgs; ++k) {
    if ((outputs & (1u << k)) != 0 && site.arg_pointees[k] != kNoNode) {
      out.push_back(site.arg_pointees[k]);
    }
  }
}

std::uint32_t Summaries::compute(CallId call, NodeId arg, FunctionId callee, int depth) {
  // Only a direct call returns to its call site; a thread or callback a
  // library function starts, or a virtual method reached through its
  // object, hands nothing back there.
  if (call == kDispatchCall || graph_.callee_of(call) != callee) return 0;
  const ProgramGraph& g = graph_.graph();
  const CallSite& site = g.calls()[call];
  std::uint64_t position = 0xff;
  std::uint64_t memory = 0;
  for (std::size_t k = 0; k < site.args.size() && k < 0xff; ++k) {
    if (site.args[k] == arg) position = k;
    if (site.arg_pointees[k] == arg) {
      position = k;
      memory = 1;
    }
  }
  const std::uint64_t key = (std::uint64_t{callee} << 9) | (position << 1) | memory;
  if (auto found = done_.find(key); found != done_.end()) return found->second;
  // A call back into a summary being computed (recursion) or too deep a
  // nesting: what it adds is left out (the search still enters the callee).
  if (depth >= kMaxSummaryDepth || !in_progress_.insert(key).second) return 0;
  std::uint32_t outputs = 0;
  std::unordered_set<NodeId> seen;
  std::vector<NodeId> stack;
  auto push = [&](NodeId n) {
    if (seen.size() < kMaxSummaryVisits && seen.insert(n).second) stack.push_back(n);
  };
  // Where the argument goes in: the parameter, and the callee's own calls
  // that use the memory behind it.
  graph_.for_each_successor(arg, [&](NodeId next) {
    CallStep step = graph_.call_step(arg, next);
    if (step.kind == CallStep::Kind::kEnter && g.nodes()[next].function == callee) push(next);
  });
  std::vector<NodeId> mapped;
  while (!stack.empty()) {
    NodeId node = stack.back();
    stack.pop_back();
    graph_.for_each_successor(node, [&](NodeId next) {
      CallStep step = graph_.call_step(node, next);
      switch (step.kind) {
        case CallStep::Kind::kSame:
          push(next);
          break;
        case CallStep::Kind::kEnter: {
          mapped.clear();
          outputs_at(step.call, compute(step.call, node, g.nodes()[next].function, depth + 1),
                     mapped);
          for (NodeId m : mapped) push(m);
          break;
        }
        case CallStep::Kind::kExit: {
          const CallSite& out = g.calls()[step.call];
          if (next == out.result) outputs |= kSummaryResult;
          for (std::size_t k = 0; k < out.arg_pointees.size() && k < kSummaryArgs; ++k) {
            if (out.arg_pointees[k] == next) outputs |= 1u << k;
          }
          break;
        }
        case CallStep::Kind::kJump:
          break;  // a global or guessed target: the search follows it, free
      }
    });
  }
  // A pointer value that comes back as the memory it points to says nothing
  // new: the caller's pointer already carries the data (and would take a
  // path back in through that memory, a step shorter than the real one).
  if (memory == 0 && position < kSummaryArgs) outputs &= ~(1u << position);
  in_progress_.erase(key);
  done_.emplace(key, outputs);
  return outputs;
}

std::vector<TaintHit> summary_search(
    const ValueGraph& graph, Summaries& summaries, const std::vector<NodeId>& starts,
    const std::unordered_map<NodeId, std::vector<std::size_t>>& sink_nodes, bool weak,
    std::size_t max_visited, TaintWatch& watch, SummaryWorkspace& ws) {
  std::vector<TaintHit> hits;
  if (sink_nodes.empty()) return hits;
  constexpr std::uint32_t kMaxStamp = (1u << (32 - SummaryWorkspace::kMarkBits)) - 1;
  if (++ws.current > kMaxStamp) {  // the stamp wrapped: forget every earlier search
    std::fill(ws.marks.begin(), ws.marks.end(), 0);
    ws.current = 1;
  }
  const std::uint32_t base = ws.current << SummaryWorkspace::kMarkBits;
  const std::size_t node_count = ws.marks.size();
  ws.states.clear();
  // This search's flags of a node (0 when another search left them).
  auto flags = [&ws, base](NodeId node) -> std::uint32_t {
    std::uint32_t word = ws.marks[node];
    return (word & ~((1u << SummaryWorkspace::kMarkBits) - 1)) == base ? word - base : 0;
  };
  auto set_flag = [&ws, base, &flags](NodeId node, std::uint32_t flag) {
    ws.marks[node] = base | flags(node) | flag;
  };
  auto discover = [&](NodeId node, Reach reach, std::uint32_t parent) {
    if (node >= node_count || ws.states.size() >= max_visited) return;
    // A mode that may do more covers the ones after it.
    const std::uint32_t reached = flags(node);
    for (int m = 0; m <= static_cast<int>(reach); ++m) {
      if ((reached & reach_bit(static_cast<Reach>(m))) != 0) return;
    }
    set_flag(node, reach_bit(reach));
    auto index = static_cast<std::uint32_t>(ws.states.size());
    ws.states.push_back({node, parent == kNoNode ? index : parent, reach, false});
  };
  auto mark = [&](NodeId node) {
    if (node < node_count) set_flag(node, SummaryWorkspace::kWatched);
  };
  for (const auto& entry : sink_nodes) mark(entry.first);
  if (watch.sanitizer_inputs != nullptr) {
    for (NodeId node : *watch.sanitizer_inputs) mark(node);
  }
  if (watch.source_arguments != nullptr) {
    for (const auto& entry : *watch.source_arguments) mark(entry.first);
  }
  for (NodeId start : starts) discover(start, Reach::kFree, kNoNode);
  std::unordered_set<std::size_t> hit_sinks;
  auto chain = [&ws](std::uint32_t end) {
    std::vector<NodeId> nodes;
    for (std::uint32_t i = end;; i = ws.states[i].parent) {
      nodes.push_back(ws.states[i].node);
      if (ws.states[i].parent == i) break;
    }
    std::reverse(nodes.begin(), nodes.end());
    return nodes;
  };
  std::vector<NodeId> mapped;
  // Weak fan-outs done in this search: per argument position, and per mode
  // (kFree, kGlobal) for the results of indirect calls.
  std::uint64_t params_fanned = 0;
  bool results_fanned[2] = {false, false};
  for (std::size_t next = 0; next < ws.states.size(); ++next) {
    const auto index = static_cast<std::uint32_t>(next);
    const NodeId node = ws.states[index].node;
    const Reach reach = ws.states[index].reach;
    if (ws.states[index].passage) {
      // What the callee hands back, at this call only, one step after the
      // call (the way through the callee is never shorter than that).
      const SummaryWorkspace::State from = ws.states[ws.states[index].parent];
      CallStep step = graph.call_step(from.node, node);
      mapped.clear();
      summaries.outputs_at(step.call,
                           summaries.at(step.call, from.node, graph.graph().nodes()[node].function),
                           mapped);
      for (NodeId m : mapped) discover(m, from.reach, index);
      continue;
    }
    if (!watch.escaped && ws.states[index].parent != index) {
      const Node& n = graph.graph().nodes()[node];
      switch (n.kind) {
        case NodeKind::kArg:
        case NodeKind::kPointee:
          watch.escaped = watch.passing_calls == nullptr ||
                          (n.call < watch.passing_calls->size() && (*watch.passing_calls)[n.call]);
          break;
        case NodeKind::kReturn:
        case NodeKind::kGlobal:
        case NodeKind::kParam:
        case NodeKind::kCallResult:
        case NodeKind::kLocal:  // kept in a variable: where it goes next the def-use may lose
          watch.escaped = true;
          break;
        case NodeKind::kString:
          break;
      }
    }
    if ((flags(node) & SummaryWorkspace::kWatched) != 0) {
      if (watch.sanitizer_inputs != nullptr && watch.sanitizer_inputs->count(node) != 0) {
        watch.sanitized = true;
      }
      if (watch.source_arguments != nullptr) {
        if (auto found = watch.source_arguments->find(node);
            found != watch.source_arguments->end()) {
          watch.sources_reached.insert(found->second);
        }
      }
      if (auto found = sink_nodes.find(node); found != sink_nodes.end()) {
        for (std::size_t sink : found->second) {
          if (hit_sinks.insert(sink).second) hits.push_back({sink, chain(index)});
        }
      }
    }
    auto visit = [&](NodeId to) {
      if (to < node_count && (flags(to) & reach_bit(Reach::kFree)) != 0) return;  // nothing new
      CallStep step = graph.call_step(node, to);
      switch (step.kind) {
        case CallStep::Kind::kSame:
          discover(to, reach, index);
          break;
        case CallStep::Kind::kEnter:
          discover(to, Reach::kEntered, index);
          // The summary is applied when this passage comes up in the queue.
          if (step.call != kDispatchCall && ws.states.size() < max_visited) {
            ws.states.push_back({to, index, reach, true});
          }
          break;
        case CallStep::Kind::kExit: {
          // Entered data leaves by the summary; a global's by results only.
          const bool result = graph.graph().nodes()[to].kind == NodeKind::kCallResult;
          if (reach == Reach::kFree || (reach == Reach::kGlobal && result)) {
            discover(to, reach, index);
          }
          break;
        }
        case CallStep::Kind::kJump: {
          const bool global = graph.graph().nodes()[node].kind == NodeKind::kGlobal;
          discover(to, global ? Reach::kGlobal : Reach::kFree, index);
          break;
        }
      }
    };
    graph.for_each_successor(node, visit);
    if (!weak) continue;
    // Indirect-call edges: into a guessed target (its data has no way back
    // but a free one), or out of one to every indirect call's result.
    // Every argument at position i of an indirect call leads to the same
    // parameters, and every guessed return to the same results: the first
    // such node reached (in a mode) visits them, later ones would add
    // nothing, and a large title has thousands of each.
    const Node& kind_of = graph.graph().nodes()[node];
    const bool into = kind_of.kind != NodeKind::kReturn;
    if (into) {
      if (kind_of.kind != NodeKind::kArg && kind_of.kind != NodeKind::kPointee) continue;
      if (kind_of.index >= 0 && kind_of.index < 64) {
        const std::uint64_t bit = std::uint64_t{1} << kind_of.index;
        if (!graph.is_indirect(kind_of.call) || (params_fanned & bit) != 0) continue;
        params_fanned |= bit;
      }
    } else {
      if (reach == Reach::kEntered || results_fanned[static_cast<int>(reach)]) continue;
      if (!graph.is_address_taken(kind_of.function)) continue;
      for (int m = static_cast<int>(reach); m <= static_cast<int>(Reach::kGlobal); ++m) {
        results_fanned[m] = true;
      }
    }
    graph.for_each_weak_successor(node, [&](NodeId to) {
      if (into) {
        discover(to, Reach::kEntered, index);
      } else {
        discover(to, reach, index);
      }
    });
  }
  return hits;
}

}  // namespace cordon::flow
