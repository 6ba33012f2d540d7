// x86-64: SysV and Windows x64 calling conventions over Capstone's operand
// details. Registers are folded to their 64-bit parent (eax -> rax), xmm/ymm
// to one vector register each.
#include <array>

#include "branch_states.h"
#include "dataflow.h"
#include "jump_table.h"
#include "lifters.h"
#include "objc_sends.h"
#include "syscalls.h"
#include "walker.h"
#include "x86_builders.h"

namespace cordon::binary {
namespace {

using x86reg::kR10;
using x86reg::kR11;
using x86reg::kR8;
using x86reg::kR9;
using x86reg::kRax;
using x86reg::kRbp;
using x86reg::kRcx;
using x86reg::kRdi;
using x86reg::kRdx;
using x86reg::kRsi;
using x86reg::kRsp;
constexpr int kXmm0 = 16;
// Stack arguments looked for at a call, past the register ones.
constexpr int kMaxStackArguments = 8;
constexpr int kRegCount = 32;

using RegMap = std::array<std::int8_t, X86_REG_ENDING>;

RegMap build_reg_map() {
  RegMap m{};
  m.fill(-1);
  auto set = [&m](int canon, std::initializer_list<x86_reg> regs) {
    for (auto r : regs) m[r] = static_cast<std::int8_t>(canon);
  };
  set(0, {X86_REG_AL, X86_REG_AH, X86_REG_AX, X86_REG_EAX, X86_REG_RAX});
  set(1, {X86_REG_CL, X86_REG_CH, X86_REG_CX, X86_REG_ECX, X86_REG_RCX});
  set(2, {X86_REG_DL, X86_REG_DH, X86_REG_DX, X86_REG_EDX, X86_REG_RDX});
  set(3, {X86_REG_BL, X86_REG_BH, X86_REG_BX, X86_REG_EBX, X86_REG_RBX});
  set(4, {X86_REG_SPL, X86_REG_SP, X86_REG_ESP, X86_REG_RSP});
  set(5, {X86_REG_BPL, X86_REG_BP, X86_REG_EBP, X86_REG_RBP});
  set(6, {X86_REG_SIL, X86_REG_SI, X86_REG_ESI, X86_REG_RSI});
  set(7, {X86_REG_DIL, X86_REG_DI, X86_REG_EDI, X86_REG_RDI});
  set(8, {X86_REG_R8B, X86_REG_R8W, X86_REG_R8D, X86_REG_R8});
  set(9, {X86_REG_R9B, X86_REG_R9W, X86_REG_R9D, X86_REG_R9});
  set(10, {X86_REG_R10B, X86_REG_R10W, X86_REG_R10D, X86_REG_R10});
  set(11, {X86_REG_R11B, X86_REG_R11W, X86_REG_R11D, X86_REG_R11});
  set(12, {X86_REG_R12B, X86_REG_R12W, X86_REG_R12D, X86_REG_R12});
  set(13, {X86_REG_R13B, X86_REG_R13W, X86_REG_R13D, X86_REG_R13});
  set(14, {X86_REG_R14B, X86_REG_R14W, X86_REG_R14D, X86_REG_R14});
  set(15, {X86_REG_R15B, X86_REG_R15W, X86_REG_R15D, X86_REG_R15});
  for (int i = 0; i < 16; ++i) {
    m[X86_REG_XMM0 + i] = static_cast<std::int8_t>(kXmm0 + i);
    m[X86_REG_YMM0 + i] = static_cast<std::int8_t>(kXmm0 + i);
    m[X86_REG_ZMM0 + i] = static_cast<std::int8_t>(kXmm0 + i);
  }
  return m;
}

const RegMap& reg_map() {
  static const RegMap map = build_reg_map();
  return map;
}

int canon(unsigned reg) {
  return reg < X86_REG_ENDING ? reg_map()[reg] : -1;
}

// Where a memory operand points.
bool in_group(const cs_insn& insn, std::uint8_t group) {
  const cs_detail* d = insn.detail;
  for (std::uint8_t i = 0; i < d->groups_count; ++i) {
    if (d->groups[i] == group) return true;
  }
  return false;
}

class X86Lifter final : public FunctionLifter {
 public:
  X86Lifter(const LiftContext& context, const CapstoneHandle& cs)
      : context_(context), cs_(cs), df_(context), builders_(context, cs.get()) {}

  void lift(std::uint64_t start, LiftedFunction& out) override {
    walk_function(context_, cs_.get(), cs_.insn(), start, *this, out, visited_, outside_);
  }

  void enter_block(std::uint64_t address) {
    branch_states_.restore(address, regs_);
    df_.join_slots();
    tables_.enter(address);
  }
  void fall_into(std::uint64_t address) {
    if (!branch_states_.is_target(address)) return;
    branch_states_.fall_into(address, regs_);
    df_.join_slots();
  }

  void begin(const FunctionRange& range, LiftedFunction& out, Worklist& work) {
    branch_states_.reset(range.start, range.end, call_clobbered_, context_);
    range_ = range;
    out_ = &out;
    work_ = &work;
    first_ = true;
    df_.reset(out);
    objc_.reset();
    tables_.clear();
    for (auto& r : regs_) r = Value::none();
    regs_[kRsp] = Value::stack(0);
    const CallingConvention& cc = context_.convention;
    for (std::size_t i = 0; i < cc.argument_registers.size(); ++i) {
      regs_[cc.argument_registers[i]] = Value::param(static_cast<int>(i));
    }
    df_.set_incoming_stack(cc.incoming_stack, cc.first_stack_position());
  }

  // x86 lengths vary: an undecodable byte ends the run (see walker.h).
  static constexpr bool kSkipsUnknownWords = false;
  Step unknown(std::uint64_t, std::uint32_t) { return Step::kEndBlock; }

  Step step(const cs_insn& insn) {
    const cs_x86& x = insn.detail->x86;
    next_ = insn.address + insn.size;
    df_.set_address(insn.address);
    bool first = first_;
    first_ = false;
    track_tables(insn, x);
    switch (insn.id) {
      case X86_INS_NOP:
      case X86_INS_ENDBR64:
      case X86_INS_CMP:
      case X86_INS_TEST:
        first_ = first;  // padding and landing pads do not end a thunk's prologue
        return Step::kNext;
      case X86_INS_MOV:
      case X86_INS_MOVABS:
      case X86_INS_MOVZX:
      case X86_INS_MOVSX:
      case X86_INS_MOVSXD:
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
        if (x.op_count == 2) {
          Value v = read(x.operands[1]);
          if (x.operands[1].type == X86_OP_IMM) note_immediate(x.operands[1].imm);
          write(x.operands[0], v);
        }
        return Step::kNext;
      case X86_INS_LEA:
        if (x.op_count == 2 && x.operands[1].type == X86_OP_MEM) {
          write(x.operands[0], address_of(x.operands[1].mem));
        }
        return Step::kNext;
      case X86_INS_PUSH:
        if (x.op_count == 1) push(read(x.operands[0]));
        return Step::kNext;
      case X86_INS_POP:
        if (x.op_count == 1) write(x.operands[0], pop());
        return Step::kNext;
      case X86_INS_LEAVE:
        regs_[kRsp] = regs_[kRbp];
        regs_[kRbp] = pop();
        return Step::kNext;
      case X86_INS_ADD:
      case X86_INS_SUB:
        return add_sub(insn.id == X86_INS_SUB, x);
      case X86_INS_XOR:
      case X86_INS_PXOR:
      case X86_INS_XORPS:
        if (x.op_count == 2 && x.operands[0].type == X86_OP_REG &&
            x.operands[1].type == X86_OP_REG && x.operands[0].reg == x.operands[1].reg) {
          write(x.operands[0], Value::constant(0));
          return Step::kNext;
        }
        return generic(x);
      case X86_INS_XCHG:
        if (x.op_count == 2) {
          Value a = read(x.operands[0]);
          Value b = read(x.operands[1]);
          write(x.operands[0], b);
          write(x.operands[1], a);
        }
        return Step::kNext;
      case X86_INS_CALL:
        if (x.op_count == 1 && call(x.operands[0], /*tail=*/false)) return Step::kEndBlock;
        return Step::kNext;
      case X86_INS_JMP:
        return x.op_count == 1 ? jump(x.operands[0], first) : Step::kEndBlock;
      case X86_INS_RET:
        df_.ret(regs_[kRax]);
        return Step::kEndBlock;
      case X86_INS_SYSCALL:
        syscall();
        return Step::kNext;
      case X86_INS_HLT:
      case X86_INS_UD2:
      case X86_INS_INT3:
        return Step::kEndBlock;
      default:
        break;
    }
    if (in_group(insn, X86_GRP_JUMP)) {  // conditional branches
      if (x.op_count == 1 && x.operands[0].type == X86_OP_IMM) {
        branch(static_cast<std::uint64_t>(x.operands[0].imm), /*conditional=*/true);
      }
      return Step::kNext;
    }
    return generic(x);
  }

 private:
  static constexpr int kSyscallArgs[6] = {kRdi, kRsi, kRdx, kR10, kR8, kR9};

  MemRef mem_ref(const x86_op_mem& m) {
    MemRef r;
    if (m.segment != X86_REG_INVALID) return r;  // fs:/gs: thread-local data
    if (m.base == X86_REG_RIP) {
      r.kind = MemRef::Kind::kGlobal;
      r.address = next_ + static_cast<std::uint64_t>(m.disp);
      return r;
    }
    if (m.base == X86_REG_INVALID) {
      if (m.index != X86_REG_INVALID) return r;
      r.kind = MemRef::Kind::kGlobal;
      r.address = static_cast<std::uint64_t>(m.disp);
      return r;
    }
    int b = canon(m.base);
    if (b < 0) return r;
    const Value& base = regs_[b];
    switch (base.kind) {
      case Value::Kind::kStack:
        r.kind = MemRef::Kind::kSlot;
        r.offset = base.num + m.disp;
        break;
      case Value::Kind::kConst:
        if (m.index != X86_REG_INVALID) break;
        r.kind = MemRef::Kind::kGlobal;
        r.address = base.address() + static_cast<std::uint64_t>(m.disp);
        break;
      case Value::Kind::kNode:
      case Value::Kind::kParam:
        r.kind = MemRef::Kind::kThrough;
        r.pointer = base;
        if (m.index == X86_REG_INVALID) r.member = m.disp;
        break;
      case Value::Kind::kNone:
        break;
    }
    return r;
  }

  Value address_of(const x86_op_mem& m) {
    if (m.segment != X86_REG_INVALID) return Value::none();
    if (m.base == X86_REG_RIP || (m.base == X86_REG_INVALID && m.index == X86_REG_INVALID)) {
      std::uint64_t a = (m.base == X86_REG_RIP ? next_ : 0) + static_cast<std::uint64_t>(m.disp);
      df_.note_reference(a);
      return Value::constant(a);
    }
    int b = canon(m.base);
    if (b < 0) return Value::none();
    const Value& base = regs_[b];
    if (base.is_stack()) return Value::stack(base.num + m.disp);
    if (base.is_const()) {
      if (m.index != X86_REG_INVALID) return Value::none();
      std::uint64_t a = base.address() + static_cast<std::uint64_t>(m.disp);
      df_.note_reference(a);
      return Value::constant(a);
    }
    if (m.index == X86_REG_INVALID) {
      if (LocalId field = df_.global_member(base, m.disp); field != kNoLocal) {
        return Value::of_node(field);
      }
    }
    Value v = base;
    v.loaded_from = 0;
    return v;  // pointer arithmetic on data keeps the data
  }

  Value read(const cs_x86_op& op) {
    switch (op.type) {
      case X86_OP_REG: {
        int r = canon(op.reg);
        return r < 0 ? Value::none() : regs_[r];
      }
      case X86_OP_IMM:
        return Value::constant(static_cast<std::uint64_t>(op.imm));
      case X86_OP_MEM:
        return df_.load(mem_ref(op.mem));
      default:
        return Value::none();
    }
  }

  void write(const cs_x86_op& op, const Value& v) {
    if (op.type == X86_OP_REG) {
      int r = canon(op.reg);
      if (r >= 0) regs_[r] = v;
    } else if (op.type == X86_OP_MEM) {
      df_.store(mem_ref(op.mem), v);
    }
  }

  // An immediate that is an address in the image (non-PIE code, PE).
  void note_immediate(std::int64_t imm) {
    auto a = static_cast<std::uint64_t>(imm);
    if (a >= 0x10000 && context_.image->section_at(a) != nullptr) df_.note_reference(a);
  }

  void push(const Value& v) {
    if (!regs_[kRsp].is_stack()) return;
    regs_[kRsp].num -= 8;
    df_.store_slot(regs_[kRsp].num, v);
  }

  Value pop() {
    if (!regs_[kRsp].is_stack()) return Value::none();
    Value v = df_.load_slot(regs_[kRsp].num);
    regs_[kRsp].num += 8;
    return v;
  }

  Step add_sub(bool subtract, const cs_x86& x) {
    if (x.op_count != 2) return Step::kNext;
    const cs_x86_op& dst = x.operands[0];
    const cs_x86_op& src = x.operands[1];
    if (src.type == X86_OP_IMM && dst.type == X86_OP_REG) {
      int r = canon(dst.reg);
      if (r < 0) return Step::kNext;
      Value& v = regs_[r];
      std::int64_t delta = subtract ? -src.imm : src.imm;
      if (v.is_stack()) {
        v.num += delta;
      } else if (v.is_const()) {
        v = Value::constant(v.address() + static_cast<std::uint64_t>(delta));
      } else if (LocalId field = df_.global_member(v, delta); field != kNoLocal) {
        v = Value::of_node(field);
      } else if (v.kind == Value::Kind::kNode) {
        v.num += delta;  // the same data; where in it, for a table's slot (Value::num)
      }
      return Step::kNext;
    }
    if (subtract && dst.type == X86_OP_REG && src.type == X86_OP_REG && dst.reg == src.reg) {
      write(dst, Value::constant(0));
      return Step::kNext;
    }
    return generic(x);
  }

  // Any other instruction: a written operand takes the data of every operand read.
  Step generic(const cs_x86& x) {
    if (x.op_count == 0) return Step::kNext;
    const cs_x86_op& dst = x.operands[0];
    if ((dst.access & CS_AC_WRITE) == 0) return Step::kNext;
    Value v = (dst.access & CS_AC_READ) != 0 ? read(dst) : Value::none();
    for (std::uint8_t i = 1; i < x.op_count; ++i) {
      if (x.operands[i].type == X86_OP_IMM) continue;
      v = df_.merge(v, read(x.operands[i]));
    }
    if (v.is_const()) v = Value::none();
    write(dst, v);
    return Step::kNext;
  }

  // The register arguments, then the stack arguments the caller wrote
  // since its previous call, up to the first slot it did not write.
  void collect_args(int* count) {
    const CallingConvention& cc = context_.convention;
    int n = 0;
    for (int reg : cc.argument_registers) args_[n++] = regs_[reg];
    const Value& sp = regs_[kRsp];
    for (int k = 0; k < kMaxStackArguments && sp.is_stack() && n < kMaxArgumentPositions; ++k) {
      Value v = df_.outgoing_argument(sp.num + cc.outgoing_stack + 8 * k);
      if (v.is_none()) break;
      args_[n++] = v;
    }
    *count = n;
  }

  void clobber_after_call(const Value& result) {
    for (int r : context_.convention.volatile_registers) regs_[r] = Value::none();
    regs_[kRax] = result;
  }

  // Fills `c` with where an operand sends control; false when unknown.
  bool resolve_target(const cs_x86_op& op, LocalCall& c) {
    if (op.type == X86_OP_IMM) {
      c.target = static_cast<std::uint64_t>(op.imm);
      return true;
    }
    if (op.type == X86_OP_MEM) {
      MemRef r = mem_ref(op.mem);
      if (r.kind != MemRef::Kind::kGlobal) return false;
      if (context_.is_import_slot(r.address)) {
        c.slot = r.address;
        return true;
      }
      auto p = context_.image->pointer_at(r.address);
      if (p && context_.is_start(*p)) {
        c.target = *p;
        return true;
      }
      return false;
    }
    if (op.type == X86_OP_REG) {
      int r = canon(op.reg);
      if (r < 0) return false;
      const Value& v = regs_[r];
      if (v.loaded_from != 0 && context_.is_import_slot(v.loaded_from)) {
        c.slot = v.loaded_from;
        return true;
      }
      if (v.loaded_from != 0) {
        // A pointer slot with a known value (RELATIVE/IRELATIVE, a static table).
        auto p = context_.image->pointer_at(v.loaded_from);
        if (p && context_.is_start(*p)) {
          c.target = *p;
          return true;
        }
      }
      if (v.is_const() && context_.is_code(v.address())) {
        c.target = v.address();
        return true;
      }
    }
    return false;
  }

  void emit_call(LocalCall c) {
    int count = 0;
    collect_args(&count);
    if (c.target != 0) df_.note_new_start(c.target);
    // xmm0-7 pass floating-point arguments on SysV, xmm0-3 on Windows x64.
    const auto floats = static_cast<std::size_t>(context_.convention.float_argument_registers);
    std::string result_class;
    if (ObjcSends::is_send(context_.import_of(c.slot, c.target))) {
      std::string method =
          objc_.method(*context_.image, regs_[x86reg::kRdi], regs_[x86reg::kRsi], result_class);
      if (!method.empty()) {
        out_->objc_methods.push_back(std::move(method));
        c.objc_method = static_cast<std::uint32_t>(out_->objc_methods.size());
      }
    }
    // A function of this binary that builds what its first argument points
    // to (a constructor, a class returned by value): a stack slot handed
    // there starts a new lifetime.
    int fresh_result = -1;
    if (count > 0 && args_[0].is_stack() && c.target != 0 && c.slot == 0 &&
        context_.plt_stubs.count(c.target) == 0 && builders_.builds_first_argument(c.target)) {
      fresh_result = 0;
    }
    Value result = df_.call(c, std::span<const Value>(args_, static_cast<std::size_t>(count)),
                            std::span<const Value>(regs_ + kXmm0, floats), fresh_result);
    clobber_after_call(result);
    objc_.note_result(result, result_class);
  }

  // Windows Control Flow Guard (image.h): a call or jump through the
  // dispatch slot (`call *__guard_dispatch_icall_fptr(%rip)`, or the slot
  // loaded into a register first) goes where rax points, and one through
  // the check slot only validates rcx and returns. Their slots hold stubs
  // (`jmp *%rax`, `ret`) that would hide the real target. Returns the
  // operand that names the real target, or nullptr for a check.
  const cs_x86_op* guarded_target(const cs_x86_op& op, cs_x86_op& rax) {
    const Image& image = *context_.image;
    if (image.guard_dispatch_slot == 0 && image.guard_check_slot == 0) return &op;
    std::uint64_t slot = 0;
    if (op.type == X86_OP_MEM) {
      MemRef r = mem_ref(op.mem);
      if (r.kind == MemRef::Kind::kGlobal) slot = r.address;
    } else if (op.type == X86_OP_REG) {
      int r = canon(op.reg);
      if (r >= 0) slot = regs_[r].loaded_from;
    }
    if (slot == 0) return &op;
    if (slot == image.guard_check_slot) return nullptr;
    if (slot != image.guard_dispatch_slot) return &op;
    rax = cs_x86_op{};
    rax.type = X86_OP_REG;
    rax.reg = X86_REG_RAX;
    rax.size = 8;
    return &rax;
  }

  // True when the callee never returns (what follows is not this block's).
  bool call(const cs_x86_op& written, bool tail) {
    cs_x86_op rax;
    const cs_x86_op* target = guarded_target(written, rax);
    if (target == nullptr) return false;  // a CFG check: no call of the title's
    const cs_x86_op& op = *target;
    LocalCall c;
    c.address = cs_.insn()->address;
    c.tail = tail;
    c.indirect = !resolve_target(op, c);
    if (c.indirect) note_indirect_target(op);
    emit_call(c);
    return context_.calls_noreturn(c.target, c.slot);
  }

  // Where an indirect target comes from, for virtual calls on objects calls
  // return (Dataflow::note_call_target).
  void note_indirect_target(const cs_x86_op& op) {
    df_.note_call_target(Value::none(), std::nullopt);  // forget the last
    if (op.type == X86_OP_MEM) {
      // An index register is a table walked by position (a jump table), no slot.
      MemRef r = mem_ref(op.mem);
      if (r.kind == MemRef::Kind::kThrough && r.member) {
        df_.note_call_target(r.pointer, r.member);
      }
    } else if (op.type == X86_OP_REG) {
      int r = canon(op.reg);
      if (r >= 0) df_.note_call_target(regs_[r], std::nullopt);
    }
  }

  // Follows the dispatch pattern of a jump table (jump_table.h) with the
  // register values before `insn` runs; the jump itself reads the result.
  void track_tables(const cs_insn& insn, const cs_x86& x) {
    switch (insn.id) {
      case X86_INS_CMP:
        if (x.op_count == 2 && x.operands[1].type == X86_OP_IMM) tables_.compare(x.operands[1].imm);
        return;
      case X86_INS_TEST:
      case X86_INS_JMP:
      case X86_INS_NOP:
      case X86_INS_ENDBR64:
        return;
      case X86_INS_JA:
      case X86_INS_JBE:
        tables_.conditional(/*unsigned_check=*/true, /*above=*/true, branch_target(x));
        return;
      case X86_INS_JAE:
      case X86_INS_JB:
        tables_.conditional(/*unsigned_check=*/true, /*above=*/false, branch_target(x));
        return;
      case X86_INS_CALL:
        tables_.clear();
        return;
      default:
        break;
    }
    if (in_group(insn, X86_GRP_JUMP)) {
      tables_.conditional(false, false, 0);
      return;
    }
    if (x.op_count == 0) {  // cdqe, cqo, ...: implicit writes of rax and rdx
      tables_.forget(kRax);
      tables_.forget(kRdx);
      return;
    }
    const cs_x86_op& dst = x.operands[0];
    if (dst.type != X86_OP_REG || (dst.access & CS_AC_WRITE) == 0) return;
    const int d = canon(dst.reg);
    if (x.op_count == 2 && x.operands[1].type == X86_OP_MEM &&
        (insn.id == X86_INS_MOVSXD || insn.id == X86_INS_MOV)) {
      const x86_op_mem& m = x.operands[1].mem;
      std::optional<std::uint64_t> table = table_address(m);
      if (table && m.scale == 4 && dst.size >= 4) {
        tables_.entry(d, *table, 4, insn.id == X86_INS_MOVSXD);
        return;
      }
      if (table && m.scale == 8 && dst.size == 8 && insn.id == X86_INS_MOV) {
        tables_.absolute(d, *table);
        return;
      }
    }
    if (insn.id == X86_INS_ADD && x.op_count == 2 && x.operands[1].type == X86_OP_REG &&
        dst.size == 8) {
      const int src = canon(x.operands[1].reg);
      if (src >= 0 && regs_[src].is_const() && tables_.add(d, d, regs_[src].address(), 0)) return;
      if (d >= 0 && regs_[d].is_const() && tables_.add(d, src, regs_[d].address(), 0)) return;
    }
    tables_.forget(d);
    if (insn.id == X86_INS_XCHG && x.op_count == 2 && x.operands[1].type == X86_OP_REG) {
      tables_.forget(canon(x.operands[1].reg));
    }
  }

  static std::uint64_t branch_target(const cs_x86& x) {
    return x.op_count == 1 && x.operands[0].type == X86_OP_IMM
               ? static_cast<std::uint64_t>(x.operands[0].imm)
               : 0;
  }

  // Where an indexed memory operand's table starts: T(,%idx,s) or
  // (%base,%idx,s) with a constant base (lea'd before).
  std::optional<std::uint64_t> table_address(const x86_op_mem& m) const {
    if (m.segment != X86_REG_INVALID || m.index == X86_REG_INVALID) return std::nullopt;
    if (m.base == X86_REG_INVALID) return static_cast<std::uint64_t>(m.disp);
    const int b = canon(m.base);
    if (b < 0 || !regs_[b].is_const()) return std::nullopt;
    return regs_[b].address() + static_cast<std::uint64_t>(m.disp);
  }

  // The cases of a table dispatch are branches of this function; false when
  // `table` gives none (then the jump is an unknown tail call or table).
  bool follow_table(const JumpTable& table) {
    std::vector<std::uint64_t> targets =
        jump_table_targets(*context_.image, table, range_.start, range_.end);
    for (std::uint64_t target : targets) branch(target, /*conditional=*/true);
    return !targets.empty();
  }

  Step jump(const cs_x86_op& written, bool first) {
    cs_x86_op rax;
    const cs_x86_op* target = guarded_target(written, rax);
    if (target == nullptr) return Step::kNext;  // a CFG check (never seen as a jump)
    const cs_x86_op& op = *target;
    if (op.type == X86_OP_REG) {
      if (auto table = tables_.target(canon(op.reg)); table && follow_table(*table)) {
        return Step::kEndBlock;
      }
    } else if (op.type == X86_OP_MEM && op.mem.scale == 8) {
      if (auto at = table_address(op.mem)) {
        if (follow_table(JumpTable{*at, 0, 8, false, 0, tables_.bound()})) return Step::kEndBlock;
      }
    }
    if (op.type == X86_OP_IMM) {
      branch(static_cast<std::uint64_t>(op.imm), /*conditional=*/false);
      if (first && !out_->calls.empty()) out_->thunk = true;
      return Step::kEndBlock;
    }
    LocalCall c;
    c.address = cs_.insn()->address;
    c.tail = true;
    if (!resolve_target(op, c)) {
      // A virtual method's slot read from an object a call returned: a tail
      // call of that method (`return SteamFriends()->GetPersonaName();`),
      // and decoding goes on after it as after any unresolved jump.
      note_indirect_target(op);
      if (df_.virtual_call_pending()) {
        c.indirect = true;
        emit_call(c);
      }
      // A jump table or an unknown tail call: keep decoding what follows,
      // which is usually the table's targets.
      return Step::kNext;
    }
    emit_call(c);
    if (first) out_->thunk = true;
    return Step::kEndBlock;
  }

  void branch(std::uint64_t target, bool conditional) {
    // A known start or an import stub is another function: a tail call.
    // Anything else is this function's code, here or split off elsewhere.
    bool other_function = target != range_.start &&
                          (context_.is_start(target) || context_.plt_stubs.count(target) != 0);
    if (!other_function) {
      if (context_.is_code(target)) {
        branch_states_.save(target, regs_);
        work_->push(target);
      }
      return;
    }
    if (!context_.is_code(target)) return;
    LocalCall c;
    c.address = cs_.insn()->address;
    c.target = target;
    c.tail = true;
    emit_call(c);
    (void)conditional;
  }

  void syscall() {
    const Value& number = regs_[kRax];
    if (!number.is_const()) return;
    if (syscall_name(Arch::kX86_64, number.num) == nullptr) return;
    LocalCall c;
    c.address = cs_.insn()->address;
    c.syscall = static_cast<int>(number.num);
    for (int i = 0; i < 6; ++i) args_[i] = regs_[kSyscallArgs[i]];
    Value result = df_.call(c, std::span<const Value>(args_, 6));
    regs_[kRcx] = Value::none();
    regs_[kR11] = Value::none();
    regs_[kRax] = result;
  }

  const LiftContext& context_;
  const CapstoneHandle& cs_;
  Dataflow df_;
  X86ResultBuilders builders_;
  ObjcSends objc_;
  std::vector<bool> visited_;
  std::unordered_set<std::uint64_t> outside_;
  Value regs_[kRegCount];
  BranchStates<kRegCount> branch_states_;
  TableTracker<16> tables_;  // the general registers
  std::array<bool, kRegCount> call_clobbered_ = clobbered_by_calls<kRegCount>(context_.convention);
  Value args_[kMaxArgumentPositions];
  FunctionRange range_;
  LiftedFunction* out_ = nullptr;
  Worklist* work_ = nullptr;
  std::uint64_t next_ = 0;
  bool first_ = true;
};

}  // namespace

std::unique_ptr<FunctionLifter> make_x86_64_lifter(const LiftContext& context,
                                                   const CapstoneHandle& cs) {
  return std::make_unique<X86Lifter>(context, cs);
}

}  // namespace cordon::binary
