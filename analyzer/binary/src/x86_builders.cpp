#include "x86_builders.h"

#include <bitset>
#include <vector>

namespace cordon::binary {

namespace {

// Instructions looked at over all paths from the entry: far enough for a
// prologue (pushes, frame, stack protector, spills of the other arguments,
// a variadic function's register save area) and the first stores of a
// constructor, or a formatter's vsnprintf before it builds its string.
constexpr int kMaxInstructions = 128;
// Forwarders followed (format -> vformat): a callee handed the object as
// its own first argument decides for its caller.
constexpr int kMaxDepth = 3;

// The convention's registers are canonical indexes (rax = 0 ...).
constexpr x86_reg kByIndex[16] = {X86_REG_RAX, X86_REG_RCX, X86_REG_RDX, X86_REG_RBX,
                                  X86_REG_RSP, X86_REG_RBP, X86_REG_RSI, X86_REG_RDI,
                                  X86_REG_R8,  X86_REG_R9,  X86_REG_R10, X86_REG_R11,
                                  X86_REG_R12, X86_REG_R13, X86_REG_R14, X86_REG_R15};

// Plain moves: the destination is written, nothing of it read.
bool is_move(unsigned id) {
  switch (id) {
    case X86_INS_MOV:
    case X86_INS_MOVABS:
    case X86_INS_MOVAPS:
    case X86_INS_MOVAPD:
    case X86_INS_MOVUPS:
    case X86_INS_MOVUPD:
    case X86_INS_MOVDQA:
    case X86_INS_MOVDQU:
    case X86_INS_MOVQ:
    case X86_INS_MOVD:
    case X86_INS_VMOVDQU:
    case X86_INS_VMOVDQA:
    case X86_INS_VMOVUPS:
    case X86_INS_VMOVAPS:
      return true;
    default:
      return false;
  }
}

bool has_group(const cs_detail& d, std::uint8_t group) {
  for (std::uint8_t g = 0; g < d.groups_count; ++g) {
    if (d.groups[g] == group) return true;
  }
  return false;
}

using Regs = std::bitset<X86_REG_ENDING>;

bool holds(const Regs& object, unsigned reg) {
  return reg != X86_REG_INVALID && reg < X86_REG_ENDING && object.test(reg);
}

}  // namespace

X86ResultBuilders::X86ResultBuilders(const LiftContext& context, csh handle)
    : context_(context), handle_(handle), insn_(cs_malloc(handle)) {}

bool X86ResultBuilders::builds_first_argument(std::uint64_t target) {
  return builds(target, 0);
}

bool X86ResultBuilders::builds(std::uint64_t target, int depth) {
  auto found = known_.find(target);
  if (found != known_.end()) return found->second;
  known_[target] = false;  // a recursive forwarder builds nothing
  bool result = scan(target, depth);
  known_[target] = result;
  return result;
}

bool X86ResultBuilders::scan(std::uint64_t target, int depth) {
  const CallingConvention& cc = context_.convention;
  if (!insn_ || cc.argument_registers.empty()) return false;
  const int first = cc.argument_registers[0];
  if (first < 0 || first >= 16) return false;
  // Every path from the entry, each with the registers that hold the first
  // argument or a pointer derived from it (`mov %rdi,%rbx`, `lea
  // 0x10(%rdi),%rax`): each must write through one before any read of the
  // object, any return, and any call that is handed it (other than a
  // forwarder that builds it).
  struct Path {
    std::uint64_t address;
    Regs object;
  };
  std::vector<Path> work;
  Regs start;
  start.set(kByIndex[first]);
  work.push_back({target, start});
  std::vector<std::uint64_t> seen;
  int budget = kMaxInstructions;
  cs_insn* insn = insn_.get();
  while (!work.empty()) {
    Path path = work.back();
    work.pop_back();
    for (;;) {
      // A block another path reached already: it was checked from there.
      bool again = false;
      for (std::uint64_t s : seen) again = again || s == path.address;
      if (again) break;
      seen.push_back(path.address);
      if (--budget < 0) return false;
      const Section* section = context_.image->section_at(path.address);
      if (section == nullptr || !section->executable) return false;
      const std::uint8_t* code = section->bytes.data() + (path.address - section->address);
      std::size_t size =
          static_cast<std::size_t>(section->address + section->bytes.size() - path.address);
      std::uint64_t address = path.address;
      if (!cs_disasm_iter(handle_, &code, &size, &address, insn)) return false;
      const cs_detail& d = *insn->detail;
      const cs_x86& x = d.x86;
      path.address = address;  // the next instruction
      // A memory operand based on the object: the first one decides.
      bool decided = false;
      for (std::uint8_t i = 0; i < x.op_count && insn->id != X86_INS_LEA; ++i) {
        const cs_x86_op& op = x.operands[i];
        if (op.type != X86_OP_MEM || insn->id == X86_INS_NOP) continue;
        if (!holds(path.object, op.mem.base) && !holds(path.object, op.mem.index)) continue;
        // Capstone 4 marks the memory of some SSE moves (movups) as read: a
        // move's first operand is its destination, whatever the flags say.
        bool store = is_move(insn->id) && x.op_count == 2
                         ? i == 0
                         : (op.access & CS_AC_READ) == 0 && (op.access & CS_AC_WRITE) != 0;
        if (!store) return false;
        decided = true;
        break;
      }
      if (decided) break;  // this path builds first
      if (has_group(d, X86_GRP_RET) || has_group(d, X86_GRP_INT) || has_group(d, X86_GRP_IRET)) {
        return false;
      }
      const bool jump = has_group(d, X86_GRP_JUMP);
      const bool call = has_group(d, X86_GRP_CALL);
      if (jump || call) {
        if (x.op_count != 1 || x.operands[0].type != X86_OP_IMM) return false;
        const auto to = static_cast<std::uint64_t>(x.operands[0].imm);
        if (jump) {
          if (insn->id == X86_INS_JMP) {
            if (context_.is_start(to) && to != target) return false;  // a tail call
            path.address = to;
          } else {
            work.push_back({to, path.object});
          }
          continue;
        }
        // A call handed the object: only a forwarder to a function of
        // this binary that builds it.
        bool handed = false;
        bool as_first = false;
        for (std::size_t k = 0; k < cc.argument_registers.size(); ++k) {
          int r = cc.argument_registers[k];
          if (r >= 0 && r < 16 && path.object.test(kByIndex[r])) {
            handed = true;
            as_first = as_first || k == 0;
          }
        }
        if (handed) {
          bool own = context_.is_start(to) && context_.plt_stubs.count(to) == 0;
          if (!as_first || !own || depth + 1 >= kMaxDepth || !builds(to, depth + 1)) return false;
          break;  // the callee builds it first
        }
        if (context_.calls_noreturn(to, 0)) break;  // this path ends
        for (int r : cc.volatile_registers) {
          if (r >= 0 && r < 16) path.object.reset(kByIndex[r]);
        }
        if (path.object.none()) return false;
        continue;
      }
      // Registers: a copy or an address inside the object keeps it, any
      // other write of a register ends what it held.
      if (x.op_count == 2 && x.operands[0].type == X86_OP_REG &&
          (insn->id == X86_INS_MOV || insn->id == X86_INS_LEA)) {
        const cs_x86_op& src = x.operands[1];
        bool from_object = (src.type == X86_OP_REG && holds(path.object, src.reg)) ||
                           (insn->id == X86_INS_LEA && src.type == X86_OP_MEM &&
                            src.mem.index == X86_REG_INVALID && holds(path.object, src.mem.base));
        if (x.operands[0].reg < X86_REG_ENDING) path.object.set(x.operands[0].reg, from_object);
        continue;
      }
      cs_regs read{};
      cs_regs written{};
      std::uint8_t read_count = 0;
      std::uint8_t write_count = 0;
      if (cs_regs_access(handle_, insn, read, &read_count, written, &write_count) != CS_ERR_OK) {
        return false;
      }
      for (std::uint8_t i = 0; i < write_count; ++i) {
        if (written[i] < X86_REG_ENDING) path.object.reset(written[i]);
      }
      if (path.object.none()) return false;
    }
  }
  return true;
}

}  // namespace cordon::binary
