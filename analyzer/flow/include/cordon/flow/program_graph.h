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

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
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
  // Bit i: the function stores through parameter i (or a pointer loaded
  // from it), so its callers' memory behind argument i holds what it wrote.
  std::uint16_t written_params = 0;
};

enum class NodeKind { kParam, kReturn, kArg, kCallResult, kPointee, kGlobal, kLocal, kString };

struct Node {
  NodeKind kind = NodeKind::kLocal;
  FunctionId function = 0;  // owner; globals belong to no function (kNoFunction)
  int index = 0;            // param/arg index where it applies
  CallId call = 0;          // for kArg / kCallResult / kPointee: the call site
};
inline constexpr FunctionId kNoFunction = 0xffffffffu;

// Where a call's floating-point arguments are, when a rule says which of its
// declared parameters are floating-point (`float_args`).
enum class FloatArguments : std::uint8_t {
  kDeclared,    // args[N] is declared argument N (source front end)
  kSeparate,    // SysV x86-64, AAPCS64: floating-point and integer arguments are
                // numbered apart (f(int a, double b, char* c): rdi, xmm0, rsi)
  kPositional,  // Windows x64: argument N is in slot N, xmm N when floating-point
};
// Node index of floating-point argument k of a call (kArg nodes).
inline constexpr int kFloatArgIndex = 64;

// A call from `caller`. `callee_name` is the symbol as the front end saw it
// (import name, demangled qualified name, or internal function name);
// `callee` is set when the target is a function of this graph. Indirect
// calls with unknown targets have neither.
struct CallSite {
  FunctionId caller = 0;
  bool indirect = false;
  bool tail = false;  // a jump that leaves the function (tail call)
  // A binary's call of a C++ method through its object's table of virtual
  // functions: args[0] is `this`, so a rule's argN is args[N + 1] (the packs
  // count a method's declared parameters).
  bool method = false;
  Location where;
  std::string callee_name;
  std::optional<FunctionId> callee;
  std::optional<std::string> syscall;  // direct syscall by name ("sendto") in static binaries
  std::vector<NodeId> args;            // one node per argument position
  std::vector<NodeId> arg_pointees;    // memory each argument points to, same positions
  NodeId result = kNoNode;             // the return value
  // The object of a C++ member call as the source front end sees it (rules'
  // `this`: the object's contents); `args` then hold the declared arguments
  // only, as the packs count them. kNoNode for other calls (and in binaries,
  // where `this` is args[0]). In the callee it is param(callee, kThisParam).
  NodeId object = kNoNode;
  // A binary's floating-point arguments: the vector registers that pass them
  // (xmm0-7 SysV, xmm0-3 Windows x64, v0-7 AArch64), in register order, and
  // how declared parameters map onto them. The source front end leaves them
  // empty: its `args` are the declared arguments, whatever their type.
  std::vector<NodeId> float_args;
  FloatArguments float_layout = FloatArguments::kDeclared;
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

// Every node's successors, in the order they were added, kept in one pool of
// cells linked per node: no allocation per node (a vector per node cost a
// large binary's millions of nodes ~30 bytes each even when empty).
// successors()[n] is a forward range of NodeId.
class SuccessorLists {
 public:
  struct Cell {
    NodeId to = kNoNode;
    std::uint32_t next = kEnd;
  };
  static constexpr std::uint32_t kEnd = 0xffffffffu;

  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = NodeId;
    using difference_type = std::ptrdiff_t;
    using pointer = const NodeId*;
    using reference = const NodeId&;

    Iterator() = default;
    Iterator(const Cell* cells, std::uint32_t at) : cells_(cells), at_(at) {}
    reference operator*() const { return cells_[at_].to; }
    Iterator& operator++() {
      at_ = cells_[at_].next;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const Iterator& o) const { return at_ == o.at_; }

   private:
    const Cell* cells_ = nullptr;
    std::uint32_t at_ = kEnd;
  };

  class Range {
   public:
    Range(const Cell* cells, std::uint32_t first) : cells_(cells), first_(first) {}
    [[nodiscard]] Iterator begin() const { return {cells_, first_}; }
    [[nodiscard]] Iterator end() const { return {cells_, kEnd}; }
    [[nodiscard]] bool empty() const { return first_ == kEnd; }
    [[nodiscard]] std::size_t size() const {
      std::size_t n = 0;
      for (auto it = begin(); it != end(); ++it) ++n;
      return n;
    }
    [[nodiscard]] std::vector<NodeId> to_vector() const { return {begin(), end()}; }
    friend bool operator==(const Range& a, const Range& b) {
      auto i = a.begin();
      auto j = b.begin();
      for (; i != a.end() && j != b.end(); ++i, ++j) {
        if (*i != *j) return false;
      }
      return i == a.end() && j == b.end();
    }

   private:
    const Cell* cells_;
    std::uint32_t first_;
  };

  [[nodiscard]] std::size_t size() const { return first_.size(); }
  [[nodiscard]] Range operator[](NodeId node) const { return {cells_.data(), first_[node]}; }
  // A copy as one vector per node (tests that add edges of their own).
  [[nodiscard]] std::vector<std::vector<NodeId>> to_lists() const;

  void add_node();
  void add(NodeId from, NodeId to);
  void reserve(std::size_t nodes);
  // Lays each node's cells out contiguously in node order: the same lists,
  // read sequentially by the engine's whole-graph passes; the tails are
  // dropped until something is added again.
  void compact();

 private:
  void restore_last();

  std::vector<std::uint32_t> first_;  // per node: its first cell, kEnd when none
  std::vector<std::uint32_t>
      last_;  // per node: its last cell, kEnd when none; empty after compact()
  std::vector<Cell> cells_;
};

class ProgramGraph {
 public:
  explicit ProgramGraph(std::string target) : target_(std::move(target)) {}

  FunctionId add_function(Function function);
  // A call site; the graph creates its argument, pointee and result nodes.
  CallId add_call(CallSite call, int argument_count, int float_argument_count = 0);
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
  // The object `node` points to has `method` in its table of virtual
  // functions (its constructor stored the table's address in it): the method
  // reads the object as its `this`, whoever calls it and from where.
  void add_object_method(NodeId node, FunctionId method);
  // An integer the front end saw passed as argument `index` of `call` (a
  // curl option, an ioctl request, a descriptor number): rules may apply
  // only for some values. Addresses (strings, globals) are nodes, not these.
  void set_arg_constant(CallId call, int index, std::int64_t value);
  [[nodiscard]] std::optional<std::int64_t> arg_constant(CallId call, int index) const;
  // `value` is what a load of the member at byte `offset` of the structure
  // `object` points to gave (`pw->pw_dir`): a node of its own that `object`
  // flows to, so a rule naming some members (`fields`) can tell them apart.
  struct FieldRead {
    NodeId object = kNoNode;
    NodeId value = kNoNode;
    std::int64_t offset = 0;
  };
  void add_field_read(NodeId object, std::int64_t offset, NodeId value);
  // The member reads of `object`, in the order they were added.
  [[nodiscard]] std::vector<FieldRead> field_reads(NodeId object) const;

  // A binary's indirect call whose target was read from the table of
  // virtual functions of `object` (a call's result), `offset` bytes from
  // where the object's table pointer points: a method of the object, its
  // `this` in args[0] (the call is marked `method`). The flow engine names
  // it when the rule packs know the object's interface (interface_calls.h).
  struct VirtualCall {
    CallId call = 0;
    NodeId object = kNoNode;
    std::int64_t offset = 0;
  };
  void add_virtual_call(CallId call, NodeId object, std::int64_t offset);
  [[nodiscard]] const std::vector<VirtualCall>& virtual_calls() const { return virtual_calls_; }

  [[nodiscard]] const std::string& target() const { return target_; }
  [[nodiscard]] const std::vector<Function>& functions() const { return functions_; }
  [[nodiscard]] const std::vector<CallSite>& calls() const { return calls_; }
  [[nodiscard]] const std::vector<Node>& nodes() const { return nodes_; }
  [[nodiscard]] const std::vector<StringRef>& strings() const { return strings_; }
  [[nodiscard]] const SuccessorLists& successors() const { return edges_; }
  [[nodiscard]] const std::vector<std::pair<NodeId, FunctionId>>& function_refs() const {
    return function_refs_;
  }
  [[nodiscard]] const std::vector<std::pair<NodeId, FunctionId>>& object_methods() const {
    return object_methods_;
  }
  [[nodiscard]] std::optional<FunctionId> find_function(const std::string& linkage_or_name) const;
  // Every global by its key (an address "0x4010", an import "stdout", a USR).
  [[nodiscard]] const std::unordered_map<std::string, NodeId>& globals() const { return globals_; }

  // Capacity for `nodes` nodes, `calls` calls and `functions` functions, so a
  // front end that knows its sizes spares the graph's reallocation peaks.
  void reserve(std::size_t nodes, std::size_t calls, std::size_t functions);
  // Once a front end has added everything: successor lists laid out for
  // reading (see SuccessorLists::compact). The graph stays valid either way.
  void compact_edges() { edges_.compact(); }

  // Statistics a front end fills in for the report.
  std::uint64_t instruction_count = 0;

 private:
  std::string target_;
  std::vector<Function> functions_;
  std::vector<CallSite> calls_;
  std::vector<Node> nodes_;
  SuccessorLists edges_;
  std::vector<StringRef> strings_;
  std::vector<std::pair<NodeId, FunctionId>> function_refs_;
  std::vector<std::pair<NodeId, FunctionId>> object_methods_;
  // Sorted by (call, index): front ends add calls in order, so appends.
  struct ArgConstant {
    CallId call = 0;
    std::uint32_t index = 0;
    std::int64_t value = 0;
  };
  std::vector<ArgConstant> arg_constants_;
  std::vector<FieldRead> field_reads_;      // few: member reads of call results
  std::vector<VirtualCall> virtual_calls_;  // few: virtual calls on call results
  std::unordered_map<std::string, NodeId> globals_;
  // Parameters and returns by function id, densely (a hash node each cost
  // a large binary megabytes): per function a short chain of parameter
  // cells keyed by the index's low byte. Ids past kDenseFunctions (no real
  // graph has them) go to the maps instead.
  struct ParamCell {
    std::uint8_t key = 0;  // index & 0xff (kThisParam is 0xff)
    NodeId node = kNoNode;
    std::uint32_t next = 0;
  };
  static constexpr FunctionId kDenseFunctions = 1u << 22;
  static constexpr std::uint32_t kNoCell = 0xffffffffu;
  std::vector<std::uint32_t> first_param_;  // per function: its last-added cell, kNoCell if none
  std::vector<ParamCell> param_cells_;
  std::vector<NodeId> returns_;                           // per function: kNoNode if none
  std::unordered_map<std::uint64_t, NodeId> far_params_;  // (function << 8 | index)
  std::unordered_map<FunctionId, NodeId> far_returns_;
  // Functions by the hash of their linkage and name (the names themselves
  // are in functions_): no copy of tens of thousands of long C++ names.
  std::unordered_multimap<std::size_t, FunctionId> by_name_;
};

}  // namespace cordon::flow
