// The taint search with function summaries. Data that goes into a callee
// comes back to the caller only through the callee's summary at that very
// call (which of the call's result and argument memory it reaches), so a
// helper called from thousands of places hands data back to the caller that
// passed it in, at any depth of calls, and to no other caller. Only data that
// did not come in through a call (a source inside the function, a global, an
// indirect call's guessed target) may leave a function to any of its callers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "value_graph.h"

namespace cordon::flow {

struct TaintHit {
  std::size_t sink = 0;       // index into the caller's sink list
  std::vector<NodeId> nodes;  // from a start node to the sink's carried value
};

// What else a taint search notices on its way: data reaching an accepted
// sanitizer's input, or an argument of another source call (an id used to
// look up more data, whose own source then tells the story).
// And whether the data goes anywhere at all: into a variable, a function of
// the title, a modelled call, a return value or a global. A value that is
// only compared, tested or branched on where the call returns it (or handed
// straight to a library call that merely reads it, such as strcmp) carries
// no data.
struct TaintWatch {
  const std::unordered_set<NodeId>* sanitizer_inputs = nullptr;
  const std::unordered_map<NodeId, CallId>* source_arguments = nullptr;
  // Per call: an argument passed there goes on (internal, indirect or modelled).
  const std::vector<bool>* passing_calls = nullptr;
  bool sanitized = false;
  bool escaped = false;
  std::unordered_set<CallId> sources_reached;
};

// What data entering a function at one node can reach of the calling call:
// bit k (k < kSummaryArgs) the memory behind argument k, kSummaryResult the
// call's result. Computed on first use, strong (def-use) edges only.
inline constexpr int kSummaryArgs = 16;
inline constexpr std::uint32_t kSummaryResult = 1u << kSummaryArgs;

class Summaries {
 public:
  explicit Summaries(const ValueGraph& graph) : graph_(graph) {}
  // The outputs of data that `arg` (an argument, or the memory behind one,
  // of call `call`) carries into the function `callee`. One summary serves
  // every call of `callee` with that argument position.
  std::uint32_t at(CallId call, NodeId arg, FunctionId callee) {
    return compute(call, arg, callee, 0);
  }
  // The nodes of `call` that the outputs name.
  void outputs_at(CallId call, std::uint32_t outputs, std::vector<NodeId>& out) const;

 private:
  std::uint32_t compute(CallId call, NodeId arg, FunctionId callee, int depth);

  const ValueGraph& graph_;
  std::unordered_map<std::uint64_t, std::uint32_t> done_;  // by (callee, position, memory?)
  std::unordered_set<std::uint64_t> in_progress_;
};

// How a value was reached, which decides where it may leave its function:
// free (a source inside it, or no call known): to any caller, by its result
// or by the memory behind an argument; global (read from a global's memory):
// by its result only, so what a singleton holds does not pour into the
// memory every caller of every function reading it passes in; entered (it
// came in through a call): only through that call's summary. Each mode may
// do what the later ones may.
enum class Reach : std::uint8_t { kFree, kGlobal, kEntered };

// One word per node, reused by every search of a target: the search's stamp
// above kMarkBits, then whether a sink or watched value is there and in which
// modes it was reached. Four bytes a node: supertuxkart has 2.3 M of them.
struct SummaryWorkspace {
  static constexpr std::uint32_t kMarkBits = 4;
  static constexpr std::uint32_t kWatched = 1u << 3;  // bits 0-2: reached free, global, entered
  explicit SummaryWorkspace(std::size_t nodes) : marks(nodes, 0) {}
  struct State {
    NodeId node = 0;
    std::uint32_t parent = 0;  // index into states; itself for a start
    Reach reach = Reach::kFree;
    // Only a link in a chain: the callee a summary is applied through,
    // so the path names it; never searched from.
    bool passage = false;
  };
  std::vector<std::uint32_t> marks;
  std::vector<State> states;
  std::uint32_t current = 0;
};

// Breadth-first from `starts` (free); every sink whose carried values are
// reached is hit once, with the shortest chain of caller-side values.
// `weak` also follows indirect-call edges. Stops after `max_visited` states.
[[nodiscard]] std::vector<TaintHit> summary_search(
    const ValueGraph& graph, Summaries& summaries, const std::vector<NodeId>& starts,
    const std::unordered_map<NodeId, std::vector<std::size_t>>& sink_nodes, bool weak,
    std::size_t max_visited, TaintWatch& watch, SummaryWorkspace& workspace);

}  // namespace cordon::flow
