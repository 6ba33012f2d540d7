// One function as a lifter thread leaves it: a small local graph (nodes,
// edges, calls, strings) that the graph builder merges into the shared
// flow::ProgramGraph afterwards, in address order, so the result does not
// depend on thread scheduling.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cordon::binary {

using LocalId = std::uint32_t;
inline constexpr LocalId kNoLocal = 0xffffffffu;

// kArg / kPointee index of floating-point argument register k: kFloatArgBase + k.
inline constexpr std::uint8_t kFloatArgBase = 64;

enum class LocalKind : std::uint8_t {
  kParam,     // index = parameter position
  kReturn,    // the function's return value
  kArg,       // index = position, aux = local call index
  kPointee,   // index = position, aux = local call index
  kResult,    // aux = local call index
  kGlobal,    // aux = refs index: the global's address
  kTemp,      // a register/stack value inside the function
  kString,    // aux = refs index: the string's address
  kFunction,  // aux = refs index: a function whose address is taken
};

// Eight bytes: millions of these wait in memory until they are merged.
struct LocalNode {
  LocalKind kind = LocalKind::kTemp;
  std::uint8_t index = 0;  // parameter / argument position
  std::uint32_t aux = 0;   // the local call index, or for keyed kinds the index into refs
};
static_assert(sizeof(LocalNode) == 8);

// A global node's key can name a member of the object a global points to:
// kGlobalMemberTag | offset << kGlobalMemberShift | the global's address.
inline constexpr std::uint64_t kGlobalMemberTag = 1ull << 63;
inline constexpr int kGlobalMemberShift = 48;
inline constexpr std::int64_t kMaxGlobalMemberOffset = 0x7fff;

// What a global, string or function node stands for.
struct LocalRef {
  std::uint64_t key = 0;    // the address
  std::uint64_t where = 0;  // the instruction that referenced it
};

struct LocalCall {
  std::uint64_t address = 0;
  std::uint64_t target = 0;      // direct target, 0 when unknown
  std::uint64_t slot = 0;        // import slot (GOT/IAT) it goes through, 0 when none
  int syscall = -1;              // constant syscall number for syscall/svc
  int argument_count = 0;        // positions up to the last one that carries data
  int float_argument_count = 0;  // floating-point argument registers, likewise
  bool indirect = false;
  bool tail = false;
  // An Objective-C send: 1 + the index of its method's name in
  // LiftedFunction::objc_methods (0: not one, or its selector is unknown).
  std::uint32_t objc_method = 0;
};

// A plain number passed as an argument (not an address): a curl option, an
// ioctl request, a descriptor. Rules may apply only for some values.
struct LocalConstant {
  std::uint32_t call = 0;   // local call index
  std::uint32_t index = 0;  // argument position
  std::int64_t value = 0;
};

// A load of the member at `offset` of what a call's result points to
// (`getpwuid(uid)->pw_dir`): `value` is what it gave.
struct LocalFieldRead {
  LocalId object = kNoLocal;
  LocalId value = kNoLocal;
  std::int64_t offset = 0;
};

// An indirect call whose target was read from the table of virtual
// functions of `object` (a call's result), `offset` bytes from where the
// object's table pointer points (see Dataflow::note_call_target).
struct LocalVirtualCall {
  std::uint32_t call = 0;  // local call index
  LocalId object = kNoLocal;
  std::int64_t offset = 0;
};

struct LiftedFunction {
  std::uint64_t start = 0;
  std::uint64_t instructions = 0;
  bool budget_exceeded = false;
  // Set when the function only forwards to another target (PLT stub, import
  // thunk, veneer): calls to it are calls to that target.
  bool thunk = false;
  std::uint16_t written_params = 0;  // bit i: stores through parameter i
  std::uint16_t read_params = 0;     // bit i: uses parameter i at all
  std::vector<LocalNode> nodes;
  std::vector<LocalRef> refs;
  std::vector<std::pair<LocalId, LocalId>> edges;
  std::vector<LocalCall> calls;
  std::vector<LocalConstant> constants;
  std::vector<LocalFieldRead> field_reads;
  std::vector<std::uint64_t> new_starts;  // call targets that were not known starts
  // [begin, end) runs of decoded instructions, for the coverage of the image;
  // consumed (and freed) by the graph builder after each round.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> extents;
  // Tables of virtual functions stored into an object: (the object's node, the table's address).
  std::vector<std::pair<LocalId, std::uint64_t>> vtables;
  std::vector<LocalVirtualCall> virtual_calls;
  // Names of the Objective-C methods its sends call (see objc_sends.h).
  std::vector<std::string> objc_methods;

  void add_extent(std::uint64_t begin, std::uint64_t end) {
    if (end <= begin) return;
    if (!extents.empty() && extents.back().second == begin) {
      extents.back().second = end;  // fell through into the next block
    } else {
      extents.emplace_back(begin, end);
    }
  }
};

}  // namespace cordon::binary
