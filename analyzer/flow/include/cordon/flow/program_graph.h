// The one program graph both front ends (binary lifter, libclang) produce and
// the one path engine consumes: functions, call sites, string references and
// def-use flow edges between abstract values.
//
// Values are nodes: a function's parameters and return value, a call site's
// arguments, return value and out-buffers (the memory an argument points to),
// globals, and whatever intermediate values a front end wants to expose
// (registers, stack slots, local variables, fields). An edge a -> b says "data
// in a may reach b". Front ends add edges only inside a function plus global
// reads/writes; the engine adds the interprocedural edges (arguments to
// parameters, returns to call results) and the edges the rules imply
// (propagators, callbacks).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cordon::flow {

using NodeId = std::uint32_t;
using FunctionId = std::uint32_t;
using CallId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xffffffffu;

// A place in the program: an address for binaries, file:line for sources.
struct Location {
  std::uint64_t address = 0;  // 0 when unknown
  std::string file;           // empty when unknown
  int line = 0;               // 0 when unknown
};

struct Function {
  std::string name;     // demangled, qualified name when known; "sub_401a2c" otherwise
  std::string linkage;  // symbol / USR linking definitions across units (may be empty)
  Location where;
  bool address_taken = false;  // stored as data, passed as a callback: may be called indirectly
};

enum class NodeKind { kParam, kReturn, kArg, kCallResult, kPointee, kGlobal, kLocal, kString };

struct Node {
  NodeKind kind = NodeKind::kLocal;
  FunctionId function = 0;  // owner; globals belong to no function (kNoFunction)
  int index = 0;            // param/arg index where it applies
  CallId call = 0;          // for kArg / kCallResult / kPointee: the call site
};
inline constexpr FunctionId kNoFunction = 0xffffffffu;

// A call from `caller`. `callee_name` is the symbol as the front end saw it
// (import name, demangled qualified name, or internal function name);
// `callee` is set when the target is a function of this graph. Indirect
// calls with unknown targets have neither.
struct CallSite {
  FunctionId caller = 0;
  Location where;
  std::string callee_name;
  std::optional<FunctionId> callee;
  std::optional<std::string> syscall;  // direct syscall by name ("sendto") in static binaries
  bool indirect = false;
  bool tail = false;                 // a jump that leaves the function (tail call)
  std::vector<NodeId> args;          // one node per argument position
  std::vector<NodeId> arg_pointees;  // memory each argument points to, same positions
  NodeId result = kNoNode;           // the return value
  // The object of a C++ member call as the source front end sees it (rules'
  // `this`: the object's contents); `args` then hold the declared arguments
  // only, as the packs count them. kNoNode for other calls (and in binaries,
  // where `this` is args[0]). In the callee it is param(callee, kThisParam).
  NodeId object = kNoNode;
};
inline constexpr int kThisParam = -1;  // param index of `this` (source front end)

// A string literal used by a function (passed, stored, loaded). A literal
// found in the data that no code references (a dead URL) may be added with
// function = kNoFunction and node = kNoNode: it is still reported as an
// endpoint, but takes part in no path.
struct StringRef {
  FunctionId function = 0;
  NodeId node = kNoNode;  // the value that holds the string's address
  std::string text;
  Location where;
};

class ProgramGraph {
 public:
  explicit ProgramGraph(std::string target) : target_(std::move(target)) {}

  FunctionId add_function(Function function);
  // A call site; the graph creates its argument, pointee and result nodes.
  CallId add_call(CallSite call, int argument_count);
  NodeId add_node(Node node);
  // The node of global `key` (an address, a qualified variable name): one per key.
  NodeId global(const std::string& key);
  NodeId param(FunctionId function, int index);  // created on first use
  NodeId return_value(FunctionId function);      // created on first use
  void add_flow(NodeId from, NodeId to);
  void add_string(StringRef ref);
  // Value `node` holds the address of `function` (lea of a function, a
  // function pointer stored in a table, a lambda object); marks it address-taken.
  void add_function_ref(NodeId node, FunctionId function);

  [[nodiscard]] const std::string& target() const { return target_; }
  [[nodiscard]] const std::vector<Function>& functions() const { return functions_; }
  [[nodiscard]] const std::vector<CallSite>& calls() const { return calls_; }
  [[nodiscard]] const std::vector<Node>& nodes() const { return nodes_; }
  [[nodiscard]] const std::vector<StringRef>& strings() const { return strings_; }
  [[nodiscard]] const std::vector<std::vector<NodeId>>& successors() const { return edges_; }
  [[nodiscard]] const std::vector<std::pair<NodeId, FunctionId>>& function_refs() const {
    return function_refs_;
  }
  [[nodiscard]] std::optional<FunctionId> find_function(const std::string& linkage_or_name) const;

  // Capacity for `nodes` nodes, `calls` calls and `functions` functions, so a
  // front end that knows its sizes spares the graph's reallocation peaks.
  void reserve(std::size_t nodes, std::size_t calls, std::size_t functions);

  // Statistics a front end fills in for the report.
  std::uint64_t instruction_count = 0;

 private:
  std::string target_;
  std::vector<Function> functions_;
  std::vector<CallSite> calls_;
  std::vector<Node> nodes_;
  std::vector<std::vector<NodeId>> edges_;
  std::vector<StringRef> strings_;
  std::vector<std::pair<NodeId, FunctionId>> function_refs_;
  std::unordered_map<std::string, NodeId> globals_;
  std::unordered_map<std::uint64_t, NodeId> params_;  // (function << 8 | index)
  std::unordered_map<FunctionId, NodeId> returns_;
  std::unordered_map<std::string, FunctionId> by_name_;
};

}  // namespace cordon::flow
