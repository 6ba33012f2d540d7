// The two searches of the path engine: taint (def-use) from a source's values
// to the values sinks send, and call structure between a source call and a
// sink call when no def-use chain connects them.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "value_graph.h"

namespace cordon::flow {

struct TaintHit {
  std::size_t sink = 0;       // index into the caller's sink list
  std::vector<NodeId> nodes;  // from a start node to the sink's carried value
};

// Breadth-first from `starts` over (value, calling context) pairs; every sink
// whose carried values are reached is hit once, with the shortest chain.
// `weak` also follows indirect-call edges.
// Stops after `max_visited` nodes (a bound on hostile graphs).
// What else a taint search notices on its way: data reaching an accepted
// sanitizer's input, or an argument of another source call (an id used to
// look up more data, whose own source then tells the story).
struct TaintWatch {
  const std::unordered_set<NodeId>* sanitizer_inputs = nullptr;
  const std::unordered_map<NodeId, CallId>* source_arguments = nullptr;
  bool sanitized = false;
  std::unordered_set<CallId> sources_reached;
};

// The calling context of a value during a taint search: the last two calls
// the search went into and has not yet returned from (innermost first;
// kNoCall where unknown). Data that entered a helper through one call leaves
// it only to that call's result or argument memory, so a value a shared
// helper returns reaches the caller that passed it in, not every caller.
// Returning past what is known (an unknown caller) is allowed to any caller,
// as for data whose source is inside the helper.
inline constexpr CallId kNoCall = 0xffffffffu;
inline constexpr std::size_t kCallContextDepth = 2;
struct CallContext {
  std::array<CallId, kCallContextDepth> calls{kNoCall, kNoCall};  // innermost first
  // Spelled out: the defaulted comparison of the array became a memcmp call
  // in the search's innermost loop.
  friend bool operator==(const CallContext& a, const CallContext& b) {
    static_assert(kCallContextDepth == 2);
    return a.calls[0] == b.calls[0] && a.calls[1] == b.calls[1];
  }
  [[nodiscard]] bool unknown() const { return calls[0] == kNoCall; }
};

// Contexts one node may be reached in beyond its first before the search
// stops telling them apart and goes on with an unknown context (sound, less
// precise): a bound on helpers called from thousands of places.
inline constexpr std::size_t kMaxContextsPerNode = 8;

// One bit per node, for the few nodes a search marks and unmarks again.
class NodeBits {
 public:
  explicit NodeBits(std::size_t nodes) : words_((nodes + 63) / 64, 0) {}
  [[nodiscard]] bool test(NodeId node) const {
    return (words_[node / 64] >> (node % 64) & 1U) != 0;
  }
  void set(NodeId node) { words_[node / 64] |= std::uint64_t{1} << (node % 64); }
  // Clears the node's bit and the 63 others of its word.
  void clear_word_of(NodeId node) { words_[node / 64] = 0; }

 private:
  std::vector<std::uint64_t> words_;
};

// Per-node state reused by every search of one target, so a search costs
// what it visits, not the graph's size, and hashes nothing. One dense word a
// node answers the test every edge makes. Each search takes values from its
// own `base` up; a node's `visit` is
//   below base                   not reached in this search,
//   base + 2 * first             reached in known contexts only,
//   base + 2 * first + 1         reached in an unknown context too, which
//                                stands for every context: nothing is new there,
// where `first` is the index of the node's first state. That state holds the
// index of a pooled array of the node's further contexts (a search that never
// enters a call takes none).
struct TaintWorkspace {
  explicit TaintWorkspace(std::size_t nodes) : visit(nodes, 0), watched(nodes) {}
  static constexpr std::uint32_t kNone = 0xffffffffu;
  struct State {
    NodeId node = 0;
    std::uint32_t parent = 0;  // index into states; itself for a start
    CallContext context;
    std::uint32_t more = kNone;  // a node's first state: index into more_contexts
  };
  std::vector<std::uint32_t> visit;
  std::uint32_t base = 1;  // the next search's base: above every value in `visit`
  // Contexts after the first, in the order reached; once the bound is met the
  // last is unknown, and an unknown one is always the last.
  struct MoreContexts {
    std::uint32_t count = 0;
    std::array<CallContext, kMaxContextsPerNode> contexts;
  };
  std::vector<MoreContexts> more_contexts;  // emptied by every search
  // Set only during a search: a sink, sanitizer input or source argument, the
  // nodes the search looks up in the caller's maps.
  NodeBits watched;
  std::vector<State> states;
};

[[nodiscard]] std::vector<TaintHit> taint_search(
    const ValueGraph& graph, const std::vector<NodeId>& starts,
    const std::unordered_map<NodeId, std::vector<std::size_t>>& sink_nodes, bool weak,
    std::size_t max_visited, TaintWatch& watch, TaintWorkspace& workspace);

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
