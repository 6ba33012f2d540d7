#include "call_structure.h"

#include <algorithm>

namespace cordon::flow {

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
