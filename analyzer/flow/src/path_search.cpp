#include "path_search.h"

#include <algorithm>
#include <limits>

namespace cordon::flow {

namespace {

// At most this many states in one search, whatever the caller's bound.
constexpr std::size_t kMaxStates = 0x7ffffffe;

// The context after following an edge, or nullopt when the edge returns to a
// caller other than the one the data came from.
std::optional<CallContext> step_context(const CallContext& from, const CallStep& step) {
  switch (step.kind) {
    case CallStep::Kind::kSame:
      return from;
    case CallStep::Kind::kEnter: {
      CallContext to;  // the oldest call falls off: its caller becomes unknown
      to.calls[0] = step.call;
      std::copy(from.calls.begin(), from.calls.end() - 1, to.calls.begin() + 1);
      return to;
    }
    case CallStep::Kind::kExit: {
      if (from.unknown()) return from;
      if (from.calls[0] != step.call) return std::nullopt;
      CallContext to;
      std::copy(from.calls.begin() + 1, from.calls.end(), to.calls.begin());
      return to;
    }
    case CallStep::Kind::kJump:
      return CallContext{};
  }
  return std::nullopt;
}

}  // namespace

std::vector<TaintHit> taint_search(
    const ValueGraph& graph, const std::vector<NodeId>& starts,
    const std::unordered_map<NodeId, std::vector<std::size_t>>& sink_nodes, bool weak,
    std::size_t max_visited, TaintWatch& watch, TaintWorkspace& ws) {
  std::vector<TaintHit> hits;
  if (sink_nodes.empty()) return hits;
  // State indices are 32 bits, and so are `visit` values (base + 2 * index + 1).
  max_visited = std::min(max_visited, kMaxStates);
  if (std::size_t{ws.base} + 2 * max_visited + 2 > std::numeric_limits<std::uint32_t>::max()) {
    std::fill(ws.visit.begin(), ws.visit.end(), 0);  // forget every earlier search
    ws.base = 1;
  }
  const std::uint32_t base = ws.base;
  ws.states.clear();
  ws.more_contexts.clear();
  // A node already reached in `context`, or in an unknown context (which
  // stands for every context), needs no new state.
  auto discover = [&](NodeId node, CallContext context, std::uint32_t parent) {
    if (node >= ws.visit.size() || ws.states.size() >= max_visited) return;
    auto index = static_cast<std::uint32_t>(ws.states.size());
    std::uint32_t& mark = ws.visit[node];
    if (mark < base) {
      mark = base + 2 * index + (context.unknown() ? 1 : 0);
    } else {
      if (((mark - base) & 1U) != 0) return;
      TaintWorkspace::State& first = ws.states[(mark - base) / 2];
      if (first.context == context) return;
      if (first.more == TaintWorkspace::kNone) {
        first.more = static_cast<std::uint32_t>(ws.more_contexts.size());
        ws.more_contexts.emplace_back();
      }
      TaintWorkspace::MoreContexts& more = ws.more_contexts[first.more];
      for (std::uint32_t i = 0; i < more.count; ++i) {
        if (more.contexts[i] == context) return;
      }
      if (more.count + 1 >= kMaxContextsPerNode) context = CallContext{};
      more.contexts[more.count++] = context;
      if (context.unknown()) ++mark;
    }
    ws.states.push_back({node, parent == kNoNode ? index : parent, context});
  };
  auto saturated = [&ws, base](NodeId node) {
    return node < ws.visit.size() && ws.visit[node] >= base && ((ws.visit[node] - base) & 1U) != 0;
  };
  // Most states are none of these: one bit instead of three hash lookups.
  auto for_each_watched = [&](auto&& f) {
    for (const auto& entry : sink_nodes) f(entry.first);
    if (watch.sanitizer_inputs != nullptr) {
      for (NodeId node : *watch.sanitizer_inputs) f(node);
    }
    if (watch.source_arguments != nullptr) {
      for (const auto& entry : *watch.source_arguments) f(entry.first);
    }
  };
  for_each_watched([&ws](NodeId node) {
    if (node < ws.visit.size()) ws.watched.set(node);
  });
  for (NodeId start : starts) discover(start, CallContext{}, kNoNode);
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
  for (std::size_t next = 0; next < ws.states.size(); ++next) {
    const auto index = static_cast<std::uint32_t>(next);
    const NodeId node = ws.states[index].node;
    const CallContext context = ws.states[index].context;
    if (ws.watched.test(node)) {
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
          if (hit_sinks.insert(sink).second) {
            hits.push_back({sink, chain(index)});
          }
        }
      }
    }
    auto visit = [&](NodeId to) {
      // Nothing is new at a node reached in an unknown context: the edge's
      // step need not be worked out.
      if (saturated(to)) return;
      if (auto after = step_context(context, graph.call_step(node, to))) {
        discover(to, *after, index);
      }
    };
    graph.for_each_successor(node, visit);
    if (weak) graph.for_each_weak_successor(node, visit);
  }
  for_each_watched([&ws](NodeId node) {
    if (node < ws.visit.size()) ws.watched.clear_word_of(node);
  });
  ws.base = base + 2 * static_cast<std::uint32_t>(ws.states.size()) + 2;
  return hits;
}

const std::vector<CallStructure::Ancestor>& CallStructure::ancestors(CallId source_call) {
  auto found = ancestors_.find(source_call);
  if (found != ancestors_.end()) return found->second;
  std::vector<Ancestor> out;
  FunctionId start = graph_.graph().calls()[source_call].caller;
  out.push_back({start, source_call, 0});
  std::unordered_map<FunctionId, bool> seen{{start, true}};
  std::size_t level_begin = 0;
  for (std::size_t level = 0; level < depth_ && level_begin < out.size(); ++level) {
    std::size_t level_end = out.size();
    for (std::size_t i = level_begin; i < level_end; ++i) {
      for (const CallEdge& edge : graph_.callers(out[i].function)) {
        if (edge.weak || is_library(edge.function)) continue;
        if (!seen.emplace(edge.function, true).second) continue;
        out.push_back({edge.function, edge.call, i});
      }
    }
    level_begin = level_end;
  }
  return ancestors_.emplace(source_call, std::move(out)).first->second;
}

const CallStructure::Descent& CallStructure::descent(FunctionId sink_function) {
  auto found = descents_.find(sink_function);
  if (found != descents_.end()) return found->second;
  Descent out;
  std::vector<FunctionId> frontier{sink_function};
  out.next.emplace(sink_function, std::make_pair(std::size_t{0}, CallEdge{}));
  for (std::size_t level = 1; level <= depth_ && !frontier.empty(); ++level) {
    std::vector<FunctionId> next_frontier;
    for (FunctionId f : frontier) {
      for (const CallEdge& edge : graph_.callers(f)) {
        if (edge.weak || is_library(edge.function)) continue;
        // edge.function calls f at edge.call: record the hop downwards.
        if (out.next
                .emplace(edge.function, std::make_pair(level, CallEdge{edge.call, f, edge.weak}))
                .second) {
          next_frontier.push_back(edge.function);
        }
      }
    }
    frontier = std::move(next_frontier);
  }
  return descents_.emplace(sink_function, std::move(out)).first->second;
}

std::optional<std::vector<Hop>> CallStructure::connect(CallId source_call, CallId sink_call) {
  const ProgramGraph& g = graph_.graph();
  FunctionId sink_function = g.calls()[sink_call].caller;
  const auto& up = ancestors(source_call);
  const Descent& down = descent(sink_function);
  auto up_chain = [&up](std::size_t index) {
    std::vector<Hop> hops;
    for (std::size_t i = index;; i = up[i].parent) {
      hops.push_back({up[i].function, up[i].call});
      if (i == 0) break;
    }
    std::reverse(hops.begin(), hops.end());  // source function first
    return hops;
  };
  for (std::size_t i = 0; i < up.size(); ++i) {
    const Ancestor& a = up[i];
    if (a.function == sink_function && a.call != sink_call && call_before(g, a.call, sink_call)) {
      auto hops = up_chain(i);
      hops.back().call = sink_call;
      return hops;
    }
    // A later call of this function that leads down to the sink's function.
    for (const CallEdge& edge : graph_.callees(a.function)) {
      if (is_library(edge.function)) continue;
      // An indirect call may reach any address-taken function: only trusted as
      // the one step from the source's own function into the sink's.
      if (edge.weak && (i != 0 || edge.function != sink_function)) continue;
      if (edge.call == a.call || !call_before(g, a.call, edge.call)) continue;
      auto reach = down.next.find(edge.function);
      if (reach == down.next.end() || reach->second.first + i >= depth_ * 2) continue;
      auto hops = up_chain(i);
      hops.back().call = edge.call;
      FunctionId f = edge.function;
      for (std::size_t guard = 0; guard <= depth_; ++guard) {
        if (f == sink_function) {
          hops.push_back({f, sink_call});
          break;
        }
        const CallEdge& hop = down.next.at(f).second;
        hops.push_back({f, hop.call});
        f = hop.function;
      }
      if (hops.back().function == sink_function) return hops;
    }
  }
  return std::nullopt;
}

}  // namespace cordon::flow
