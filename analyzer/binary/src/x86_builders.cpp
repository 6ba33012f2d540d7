#include "x86_builders.h"

#include <bitset>

namespace cordon::binary {

namespace {

// Far enough for a prologue (pushes, frame, stack protector, spills of the
// other arguments) and the first stores of a constructor.
constexpr int kMaxEntryInstructions = 32;

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

}  // namespace

X86ResultBuilders::X86ResultBuilders(const LiftContext& context, csh handle)
    : context_(context), handle_(handle), insn_(cs_malloc(handle)) {}

bool X86ResultBuilders::builds_first_argument(std::uint64_t target) {
  auto [it, inserted] = known_.try_emplace(target, false);
  if (inserted) it->second = scan(target);
  return it->second;
}

bool X86ResultBuilders::scan(std::uint64_t target) {
  if (!insn_ || context_.convention.argument_registers.empty()) return false;
  const Section* section = context_.image->section_at(target);
  if (section == nullptr || !section->executable) return false;
  const std::uint8_t* code = section->bytes.data() + (target - section->address);
  std::size_t size = static_cast<std::size_t>(section->address + section->bytes.size() - target);
  std::uint64_t address = target;
  // The registers that hold the first argument or a pointer derived from it
  // (`mov %rdi,%rbx`, `lea 0x10(%rdi),%rax`), by Capstone register id.
  std::bitset<X86_REG_ENDING> object;
  const int first = context_.convention.argument_registers[0];
  // The convention's registers are canonical indexes (rax = 0 ...): map back.
  static constexpr x86_reg kByIndex[16] = {X86_REG_RAX, X86_REG_RCX, X86_REG_RDX, X86_REG_RBX,
                                           X86_REG_RSP, X86_REG_RBP, X86_REG_RSI, X86_REG_RDI,
                                           X86_REG_R8,  X86_REG_R9,  X86_REG_R10, X86_REG_R11,
                                           X86_REG_R12, X86_REG_R13, X86_REG_R14, X86_REG_R15};
  if (first < 0 || first >= 16) return false;
  object.set(kByIndex[first]);
  cs_insn* insn = insn_.get();
  for (int n = 0; n < kMaxEntryInstructions; ++n) {
    if (!cs_disasm_iter(handle_, &code, &size, &address, insn)) return false;
    const cs_detail* d = insn->detail;
    for (std::uint8_t g = 0; g < d->groups_count; ++g) {
      switch (d->groups[g]) {
        case X86_GRP_JUMP:
        case X86_GRP_CALL:
        case X86_GRP_RET:
        case X86_GRP_INT:
        case X86_GRP_IRET:
          return false;  // only the entry's straight line is certain to run
        default:
          break;
      }
    }
    const cs_x86& x = d->x86;
    // A memory operand based on the object: the first one decides.
    for (std::uint8_t i = 0; i < x.op_count; ++i) {
      const cs_x86_op& op = x.operands[i];
      if (op.type != X86_OP_MEM || insn->id == X86_INS_LEA || insn->id == X86_INS_NOP) continue;
      bool based = (op.mem.base != X86_REG_INVALID && op.mem.base < X86_REG_ENDING &&
                    object.test(op.mem.base)) ||
                   (op.mem.index != X86_REG_INVALID && op.mem.index < X86_REG_ENDING &&
                    object.test(op.mem.index));
      if (!based) continue;
      // Capstone 4 marks the memory of some SSE moves (movups) as read: a
      // move's first operand is its destination, whatever the flags say.
      if (is_move(insn->id) && x.op_count == 2) return i == 0;
      return (op.access & CS_AC_READ) == 0 && (op.access & CS_AC_WRITE) != 0;
    }
    // Registers: a copy or an address inside the object keeps it, any
    // other write of a register ends what it held.
    if (x.op_count == 2 && x.operands[0].type == X86_OP_REG &&
        (insn->id == X86_INS_MOV || insn->id == X86_INS_LEA)) {
      const cs_x86_op& src = x.operands[1];
      bool from_object =
          (src.type == X86_OP_REG && src.reg < X86_REG_ENDING && object.test(src.reg)) ||
          (insn->id == X86_INS_LEA && src.type == X86_OP_MEM && src.mem.base != X86_REG_INVALID &&
           src.mem.base < X86_REG_ENDING && object.test(src.mem.base));
      if (x.operands[0].reg < X86_REG_ENDING) object.set(x.operands[0].reg, from_object);
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
      if (written[i] < X86_REG_ENDING) object.reset(written[i]);
    }
    if (object.none()) return false;
  }
  return false;
}

}  // namespace cordon::binary
