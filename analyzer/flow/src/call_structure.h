// The call-structure search of the path engine: a chain of calls from a
// source call to a sink call when no def-use chain connects them (docs/
// analysis.md, "Call structure").
#pragma once

#include <cstddef>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "value_graph.h"

namespace cordon::flow {

// One function on a callgraph path and the call in it that the path goes through.
struct Hop {
  FunctionId function = 0;
  CallId call = 0;
};

// Call structure from the source call to the sink call: the same function with
// the source call first, or a function that (transitively) calls the source's
// function and later (transitively) the sink's. nullopt when none within `depth`.
class CallStructure {
 public:
  // `library`: per function, library code (see AnalysisContext::library); call
  // structure never goes through it.
  CallStructure(const ValueGraph& graph, const std::vector<bool>& library, std::size_t depth)
      : graph_(graph), library_(library), depth_(depth) {}
  [[nodiscard]] std::optional<std::vector<Hop>> connect(CallId source_call, CallId sink_call);

 private:
  struct Ancestor {
    FunctionId function;
    CallId call;         // in `function`: the source call, or the call leading to it
    std::size_t parent;  // index of the callee-side ancestor; self for the first
  };
  struct Descent {
    std::unordered_map<FunctionId, std::pair<std::size_t, CallEdge>> next;  // depth, hop to sink
  };
  const std::vector<Ancestor>& ancestors(CallId source_call);
  const Descent& descent(FunctionId sink_function);

  [[nodiscard]] bool is_library(FunctionId f) const { return f < library_.size() && library_[f]; }

  const ValueGraph& graph_;
  const std::vector<bool>& library_;
  std::size_t depth_;
  std::unordered_map<CallId, std::vector<Ancestor>> ancestors_;
  std::unordered_map<FunctionId, Descent> descents_;
};

}  // namespace cordon::flow
