// The light, arch-neutral def-use of one function: what a register or stack
// slot holds (a value node, a parameter, a stack address, a constant), the
// "last definition" of each, and the edges between a function's values,
// calls, globals and strings. The x86-64 and AArch64 lifters translate
// instructions into these operations, in the order they decode them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>

#include "lift_context.h"
#include "lifted_function.h"

namespace cordon::binary {

struct Value {
  enum class Kind : std::uint8_t { kNone, kNode, kParam, kStack, kConst };
  Kind kind = Kind::kNone;
  LocalId node = kNoLocal;
  // kParam index, kStack offset from the entry sp, kConst value; kNode: the
  // constant offsets added to or loaded at from the pointer the node holds
  // (-O0 `add $0x10,%rax` on a table pointer, a slot loaded through a
  // spilled object), used only to find a virtual slot.
  std::int64_t num = 0;
  std::uint64_t loaded_from = 0;  // the constant address it was loaded from (GOT/IAT slots)

  static Value none() { return {}; }
  static Value of_node(LocalId id) {
    return id == kNoLocal ? Value{} : Value{Kind::kNode, id, 0, 0};
  }
  static Value param(int index) { return {Kind::kParam, kNoLocal, index, 0}; }
  static Value stack(std::int64_t offset) { return {Kind::kStack, kNoLocal, offset, 0}; }
  static Value constant(std::uint64_t value) {
    return {Kind::kConst, kNoLocal, static_cast<std::int64_t>(value), 0};
  }
  [[nodiscard]] bool is_none() const { return kind == Kind::kNone; }
  [[nodiscard]] bool is_stack() const { return kind == Kind::kStack; }
  [[nodiscard]] bool is_const() const { return kind == Kind::kConst; }
  [[nodiscard]] std::uint64_t address() const { return static_cast<std::uint64_t>(num); }
};

// Where a memory operand points, as a lifter resolved it.
struct MemRef {
  enum class Kind { kNone, kSlot, kGlobal, kThrough } kind = Kind::kNone;
  std::int64_t offset = 0;    // kSlot: stack offset
  std::uint64_t address = 0;  // kGlobal
  Value pointer;              // kThrough: the pointer's value
  // kThrough: the byte offset from the pointer when it is a constant (no
  // index register), so a load reads one member of what it points to.
  std::optional<std::int64_t> member;
};

class Dataflow {
 public:
  explicit Dataflow(const LiftContext& context) : context_(context) {}

  // Starts a new function; `out` receives its nodes, edges and calls.
  void reset(LiftedFunction& out);
  // Where this function finds its stack parameters: offset `base` from the
  // entry stack pointer holds parameter `first_position`, every 8 bytes the next.
  void set_incoming_stack(std::int64_t base, int first_position) {
    incoming_base_ = base;
    incoming_first_ = first_position;
  }

  // A node for what `v` holds, created on first use; kNoLocal when it holds
  // nothing the graph tracks (unknown or a plain number).
  LocalId node_of(const Value& v);
  // The value of an operation on two inputs (arithmetic, cmov): a new node
  // when both carry data, otherwise whichever does.
  Value merge(const Value& a, const Value& b);
  // Records a reference to a constant address (lea/adrp): strings and
  // function addresses become nodes right away, used or not.
  void note_reference(std::uint64_t address);

  // A stack slot's value. A slot of the caller's frame where the calling
  // convention puts stack arguments, not written here, is that parameter.
  Value load_slot(std::int64_t offset);
  // The value a stack argument slot holds for the next call: only what was
  // stored there since the previous call (a slot written for an earlier
  // call, or a local that shares the area, is no argument of this one).
  Value outgoing_argument(std::int64_t offset) const;
  void store_slot(std::int64_t offset, const Value& v);
  Value load_global(std::uint64_t address);
  void store_global(std::uint64_t address, const Value& v);
  // A store through a pointer held in `pointer`: the data reaches what it points to.
  void store_through(const Value& pointer, const Value& v);
  // The member at `offset` of the object a writable global points to
  // (`g->m`, `&g->m`), when `base` is that global's value as loaded: a value
  // of its own, keyed by global and offset, so every function reaching the
  // member that way shares it and other members stay apart (a title's
  // options object holds the host name in one member and a server address in
  // another). kNoLocal for any other base or offset.
  LocalId global_member(const Value& base, std::int64_t offset);

  // A load or store through a memory operand, whichever kind of place it names.
  Value load(const MemRef& r);
  void store(const MemRef& r, const Value& v);

  // Adds a call; `args` are the argument values by position, `float_args`
  // the floating-point argument registers' values in order. Returns the
  // call's result value.
  // `fresh_result`: the argument position that holds where the callee builds
  // its result (AAPCS64 x8): memory the callee initialises, so a stack slot
  // passed there starts a new lifetime (what it held before is not read).
  Value call(const LocalCall& call, std::span<const Value> args,
             std::span<const Value> float_args = {}, int fresh_result = -1);
  // The target of the indirect call about to be added: a load through `base`
  // at byte `member` (x86 `call *0x10(%rax)`), or, without `member`, the
  // value in the target register (`blr x8`). Where that reads the table of
  // virtual functions of an object a call returned (the table pointer is at
  // the object's offset 0, which a load keeps as the object itself), the
  // call is recorded as a virtual call of that object at that table offset
  // (LiftedFunction::virtual_calls). See virtual_calls.cpp.
  void note_call_target(const Value& base, std::optional<std::int64_t> member);
  // A virtual call is pending on an object a call returned right here (not
  // one read back from a stack slot): a jump through its slot is a tail call.
  [[nodiscard]] bool virtual_call_pending() const {
    return pending_virtual_.object != kNoLocal &&
           out_->nodes[pending_virtual_.object].kind == LocalKind::kResult;
  }
  // A block with several predecessors: each slot that started new lifetimes
  // holds any of them here.
  void join_slots();
  void ret(const Value& v);
  void note_new_start(std::uint64_t address);
  // Records that the function reads parameter `v` (a call of it needs that
  // argument position); values that are no parameter are ignored.
  void note_use(const Value& v);
  // The instruction being lifted, for the locations of strings and references.
  void set_address(std::uint64_t address) { address_ = address; }

 private:
  LocalId add(LocalNode node);
  void edge(LocalId from, LocalId to);
  LocalId slot_node(std::int64_t offset);
  LocalId global_node(std::uint64_t address);
  LocalId keyed(std::unordered_map<std::uint64_t, LocalId>& cache, LocalKind kind,
                std::uint64_t key);
  // The node of a load of one member of what a call's result points to,
  // created on first use; kNoLocal for any other load through a pointer
  // (then the pointer's own value, as object and pointer are one value).
  LocalId member_of(const MemRef& r);
  // The node of the memory a pointer value points to (stack slot or global).
  LocalId pointee_of(const Value& v);
  // The address of the caller's frame at `offset` (from the entry stack
  // pointer) handed to a call: a va_list over the stack arguments (mingw's
  // snprintf wrapper, a SysV overflow area). The stack parameters from there
  // on, and the argument registers spilled there, are the memory `area`.
  void link_argument_area(std::int64_t offset, LocalId area);
  // Whether `v` is the address of a table of virtual functions (or of any
  // table of code addresses in read-only data, such as an ops table).
  bool is_vtable(const Value& v) const;

  // The virtual slot note_call_target() found for the next call, consumed
  // by call(); object kNoLocal when none.
  struct PendingVirtual {
    LocalId object = kNoLocal;
    std::int64_t offset = 0;
  };
  void record_virtual_call(std::uint32_t call_index);

  const LiftContext& context_;
  LiftedFunction* out_ = nullptr;
  PendingVirtual pending_virtual_;
  // What was last stored in a slot, and how many calls had been lifted then.
  struct SlotStore {
    Value value;
    std::size_t calls = 0;
  };
  std::unordered_map<std::int64_t, LocalId> slot_nodes_;
  // Earlier lifetimes of slots that started new ones since the last join
  // (see call() and join_slots()).
  std::unordered_map<std::int64_t, std::vector<LocalId>> slot_versions_;
  std::unordered_map<std::int64_t, SlotStore> slot_values_;
  std::unordered_map<std::uint64_t, LocalId> globals_;
  std::unordered_map<std::uint64_t, LocalId> strings_;
  std::unordered_map<std::uint64_t, LocalId> functions_;
  // Member loads of call results: by (object << 16 | offset), and each
  // member value's object.
  std::unordered_map<std::uint64_t, LocalId> members_;
  std::unordered_map<LocalId, LocalId> member_objects_;
  LocalId params_[kMaxArgumentPositions] = {};
  std::int64_t incoming_base_ = 8;
  int incoming_first_ = 6;
  LocalId return_ = kNoLocal;
  std::uint64_t address_ = 0;
};

}  // namespace cordon::binary
