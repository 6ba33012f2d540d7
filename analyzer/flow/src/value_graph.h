// The program graph plus the edges the engine adds: arguments to parameters
// and returns to call results of internal calls, propagator and callback
// edges from the rules, and aliasing between the memory of arguments that
// share one pointer origin. Indirect calls add "weak" edges (to every
// address-taken function) that only a callgraph-confidence path may use.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cordon/flow/program_graph.h"
#include "cordon/rules/model.h"
#include "site_resolver.h"

namespace cordon::flow {

// Compressed adjacency: the successors of node n are targets[offsets[n]..offsets[n+1]).
struct Adjacency {
  std::vector<std::uint32_t> offsets;
  std::vector<NodeId> targets;

  static Adjacency build(std::size_t node_count, std::vector<std::pair<NodeId, NodeId>>& edges);
};

// How one edge of the graph moves between functions, for a search that
// matches returns with calls: within one function (or between globals);
// into a callee through call `call` (an argument to a parameter, the memory
// an argument points to into the callee's view of it); back out of it to the
// caller of `call` (a return value, the callee's writes through a pointer
// parameter); or to another function without a call (a global, an indirect
// call's guessed target), after which the caller is unknown.
struct CallStep {
  enum class Kind : std::uint8_t { kSame, kEnter, kExit, kJump };
  Kind kind = Kind::kSame;
  CallId call = 0;
};

// The call of a kEnter step into a virtual method from an object of its
// class: no call site is known, and the data goes back through none.
inline constexpr CallId kDispatchCall = 0xfffffffeu;

struct CallEdge {
  CallId call = 0;
  FunctionId function = 0;  // the callee (callees()) or the caller (callers())
  bool weak = false;        // an indirect call that may reach an address-taken function
};

// The values a rule's ValueRef names at one call site (empty when out of range).
// `float_args`: the entry's floating-point parameters, which a binary passes
// in vector registers (CallSite::float_layout says which).
[[nodiscard]] std::vector<NodeId> value_nodes(const CallSite& call, const rules::ValueRef& ref,
                                              const std::vector<int>& float_args = {});

class ValueGraph {
 public:
  // `extra_calls`: calls no rule models whose argument memory still matters
  // (the calls a source literal such as "/etc/machine-id" is passed to).
  ValueGraph(const ProgramGraph& graph, const std::vector<ResolvedCall>& resolved,
             const std::vector<std::string>& accepted_sanitizers, std::size_t max_group,
             const std::vector<CallId>& extra_calls);

  [[nodiscard]] const ProgramGraph& graph() const { return graph_; }
  [[nodiscard]] std::size_t size() const { return graph_.nodes().size(); }

  template <typename F>
  void for_each_successor(NodeId node, F&& visit) const {
    for (NodeId next : graph_.successors()[node]) visit(next);
    for (auto i = extra_.offsets[node]; i < extra_.offsets[node + 1]; ++i) visit(extra_.targets[i]);
  }
  template <typename F>
  void for_each_predecessor(NodeId node, F&& visit) const {
    for (auto i = reverse_.offsets[node]; i < reverse_.offsets[node + 1]; ++i) {
      visit(reverse_.targets[i]);
    }
  }
  // Indirect-call edges: argument of an indirect call -> parameter of every
  // address-taken function; return of an address-taken function -> result of
  // every indirect call.
  template <typename F>
  void for_each_weak_successor(NodeId node, F&& visit) const {
    const Node& n = graph_.nodes()[node];
    if ((n.kind == NodeKind::kArg || n.kind == NodeKind::kPointee) && indirect_[n.call]) {
      if (n.index >= 0 && static_cast<std::size_t>(n.index) < weak_params_.size()) {
        for (NodeId p : weak_params_[n.index]) visit(p);
      }
    } else if (n.kind == NodeKind::kReturn && is_address_taken(n.function)) {
      for (CallId call : indirect_calls_) visit(graph_.calls()[call].result);
    }
  }

  [[nodiscard]] CallStep call_step(NodeId from, NodeId to) const;
  // An indirect call with no known target (its arguments have weak edges).
  [[nodiscard]] bool is_indirect(CallId call) const {
    return call < indirect_.size() && indirect_[call];
  }

  [[nodiscard]] std::optional<NodeId> param(FunctionId function, int index) const;
  [[nodiscard]] std::optional<NodeId> return_of(FunctionId function) const;
  [[nodiscard]] bool is_address_taken(FunctionId function) const;
  // The function call `call` enters directly, or kNoFunction (an import, an
  // indirect call, a callback a library function runs).
  [[nodiscard]] FunctionId callee_of(CallId call) const {
    return call < callee_of_.size() ? callee_of_[call] : kNoFunction;
  }
  [[nodiscard]] bool has_weak_edges() const {
    return !address_taken_.empty() && !indirect_calls_.empty();
  }
  [[nodiscard]] const std::vector<CallEdge>& callees(FunctionId function) const {
    return callees_[function];
  }
  [[nodiscard]] const std::vector<CallEdge>& callers(FunctionId function) const {
    return callers_[function];
  }
  // Functions a callback propagator at `call` hands its data to.
  [[nodiscard]] std::vector<FunctionId> referenced_functions(NodeId value) const;

 private:
  void add_call_edges(const std::vector<ResolvedCall>& resolved,
                      const std::vector<std::string>& accepted_sanitizers,
                      std::vector<std::pair<NodeId, NodeId>>& edges);
  void link_into(CallId call, const std::vector<int>& arg_indexes, FunctionId callee,
                 std::vector<std::pair<NodeId, NodeId>>& edges);
  void link_written_origins(CallId call, FunctionId callee,
                            std::vector<std::pair<NodeId, NodeId>>& edges,
                            std::vector<NodeId>& written_results);
  // Bit i: `function`'s return value derives (through its locals) from parameter i.
  [[nodiscard]] std::uint32_t returned_params(FunctionId function) const;
  void add_alias_edges(const std::vector<ResolvedCall>& resolved, std::size_t max_group,
                       const std::vector<CallId>& extra_calls,
                       std::vector<std::pair<NodeId, NodeId>>& edges);
  [[nodiscard]] std::vector<NodeId> origins(NodeId arg) const;
  void find_object_methods();
  void add_object_method_edges(std::vector<std::pair<NodeId, NodeId>>& edges);

  const ProgramGraph& graph_;
  Adjacency base_reverse_;  // predecessors in the program graph alone
  Adjacency extra_;         // engine edges
  Adjacency reverse_;       // predecessors over program graph + engine edges
  std::unordered_map<std::uint64_t, NodeId> params_;
  std::unordered_map<FunctionId, NodeId> returns_;
  std::unordered_map<NodeId, std::vector<FunctionId>> function_refs_;
  // Objects whose table of virtual functions is known: their methods.
  std::unordered_map<NodeId, std::vector<FunctionId>> object_methods_;
  // Calls whose argument memory derives from parameter `param` of its function.
  std::unordered_map<NodeId, std::vector<std::pair<CallId, int>>> groups_;
  std::vector<bool> indirect_;         // per call: indirect with no known target
  std::vector<FunctionId> callee_of_;  // per call: the internal callee, or kNoFunction
  std::vector<CallId> indirect_calls_;
  std::vector<FunctionId> address_taken_;
  // Per parameter index: that parameter's node in every address-taken function.
  std::vector<std::vector<NodeId>> weak_params_;
  std::vector<std::vector<CallEdge>> callees_;
  std::vector<std::vector<CallEdge>> callers_;
};

// Program order of two calls of one function: by address, else by line,
// else by the order the front end added them.
[[nodiscard]] bool call_before(const ProgramGraph& graph, CallId a, CallId b);

}  // namespace cordon::flow
