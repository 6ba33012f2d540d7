// AArch64 (AAPCS64): adrp+add/ldr address building, ldp/stp pairs with
// writeback on sp, bl/blr/br, veneers and svc. Wn folds into Xn; all views
// of a vector register fold into one.
#include <array>

#include "branch_states.h"
#include "dataflow.h"
#include "jump_table.h"
#include "lifters.h"
#include "objc_sends.h"
#include "syscalls.h"
#include "walker.h"

namespace cordon::binary {
namespace {

constexpr int kSp = 31;
constexpr int kZero = -2;  // xzr/wzr: reads as 0, writes vanish
constexpr int kV0 = 32;
constexpr int kRegCount = 64;
// Stack arguments looked for at a call, past the register ones.
constexpr int kMaxStackArguments = 7;

using RegMap = std::array<std::int8_t, ARM64_REG_ENDING>;

RegMap build_reg_map() {
  RegMap m{};
  m.fill(-1);
  for (int i = 0; i <= 28; ++i) m[ARM64_REG_X0 + i] = static_cast<std::int8_t>(i);
  for (int i = 0; i <= 30; ++i) m[ARM64_REG_W0 + i] = static_cast<std::int8_t>(i);
  m[ARM64_REG_X29] = 29;
  m[ARM64_REG_X30] = 30;
  m[ARM64_REG_SP] = kSp;
  m[ARM64_REG_WSP] = kSp;
  m[ARM64_REG_XZR] = kZero;
  m[ARM64_REG_WZR] = kZero;
  for (int i = 0; i < 32; ++i) {
    for (int base :
         {ARM64_REG_B0, ARM64_REG_H0, ARM64_REG_S0, ARM64_REG_D0, ARM64_REG_Q0, ARM64_REG_V0}) {
      m[base + i] = static_cast<std::int8_t>(kV0 + i);
    }
  }
  return m;
}

int canon(unsigned reg) {
  static const RegMap map = build_reg_map();
  return reg < ARM64_REG_ENDING ? map[reg] : -1;
}

// Bytes one register of a load/store pair moves.
std::int64_t reg_bytes(unsigned reg) {
  if (reg >= ARM64_REG_W0 && reg <= ARM64_REG_W30) return 4;
  if (reg >= ARM64_REG_S0 && reg <= ARM64_REG_S31) return 4;
  if (reg >= ARM64_REG_Q0 && reg <= ARM64_REG_Q31) return 16;
  return 8;
}

std::uint64_t shifted_imm(const cs_arm64_op& op) {
  auto v = static_cast<std::uint64_t>(op.imm);
  if (op.shift.type == ARM64_SFT_LSL && op.shift.value < 64) v <<= op.shift.value;
  return v;
}

class AArch64Lifter final : public FunctionLifter {
 public:
  AArch64Lifter(const LiftContext& context, const CapstoneHandle& cs)
      : context_(context), cs_(cs), df_(context) {}

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
    prologue_ = 0;
    df_.reset(out);
    objc_.reset();
    tables_.clear();
    for (auto& r : regs_) r = Value::none();
    regs_[kSp] = Value::stack(0);
    const CallingConvention& cc = context_.convention;
    for (std::size_t i = 0; i < cc.argument_registers.size(); ++i) {
      regs_[cc.argument_registers[i]] = Value::param(static_cast<int>(i));
    }
    // x8 read before it is written is where the caller wants a large result built.
    if (cc.indirect_result_register >= 0) {
      regs_[cc.indirect_result_register] = Value::param(cc.indirect_result_position());
    }
    df_.set_incoming_stack(cc.incoming_stack, cc.first_stack_position());
  }

  // A word Capstone 4 does not decode (ARMv8.1+ atomics such as ldadd/cas,
  // ARMv8.3 pointer authentication such as blraa/retab): AArch64 words are
  // fixed-size, so decoding goes on after it. Its destination (bits 0-4 in
  // the load/store and data-processing encodings) becomes unknown; the
  // branch-register class is a call (blr*), a return (ret*) or a jump (br*).
  static constexpr bool kSkipsUnknownWords = true;
  Step unknown(std::uint64_t address, std::uint32_t word) {
    address_ = address;
    df_.set_address(address);
    ++prologue_;
    if ((word & 0xfe000000u) == 0xd6000000u) {
      unsigned opc = (word >> 21) & 0xfu;
      int rn = static_cast<int>((word >> 5) & 31u);
      if (opc == 1) {
        LocalCall c;
        c.address = address;
        c.indirect = rn == 31 || !resolve_value(regs_[rn], c);
        emit_call(c, rn);
        return Step::kNext;
      }
      if (opc == 2) df_.ret(regs_[0]);
      return Step::kEndBlock;
    }
    unsigned rd = word & 31u;
    if (rd != 31) regs_[rd] = Value::none();
    tables_.forget(static_cast<int>(rd));
    return Step::kNext;
  }

  Step step(const cs_insn& insn) {
    const cs_arm64& a = insn.detail->arm64;
    address_ = insn.address;
    df_.set_address(insn.address);
    ++prologue_;
    track_tables(insn, a);
    switch (insn.id) {
      case ARM64_INS_NOP:
      case ARM64_INS_HINT:
      case ARM64_INS_CMP:
      case ARM64_INS_CMN:
      case ARM64_INS_TST:
        return Step::kNext;
      case ARM64_INS_ADRP:
        if (a.op_count == 2)
          set(a.operands[0], Value::constant(static_cast<std::uint64_t>(a.operands[1].imm)));
        return Step::kNext;
      case ARM64_INS_ADR:
        if (a.op_count == 2) {
          auto target = static_cast<std::uint64_t>(a.operands[1].imm);
          df_.note_reference(target);
          set(a.operands[0], Value::constant(target));
        }
        return Step::kNext;
      case ARM64_INS_ADD:
      case ARM64_INS_SUB:
        return add_sub(insn.id == ARM64_INS_SUB, a);
      case ARM64_INS_MOV:
        if (a.op_count == 2) set(a.operands[0], operand(a.operands[1]));
        return Step::kNext;
      case ARM64_INS_MOVZ:
        if (a.op_count == 2) set(a.operands[0], Value::constant(shifted_imm(a.operands[1])));
        return Step::kNext;
      case ARM64_INS_MOVN:
        if (a.op_count == 2) set(a.operands[0], Value::constant(~shifted_imm(a.operands[1])));
        return Step::kNext;
      case ARM64_INS_MOVK:
        movk(a);
        return Step::kNext;
      case ARM64_INS_LDR:
      case ARM64_INS_LDUR:
      case ARM64_INS_LDRB:
      case ARM64_INS_LDRH:
      case ARM64_INS_LDRSB:
      case ARM64_INS_LDRSH:
      case ARM64_INS_LDRSW:
      case ARM64_INS_LDURB:
      case ARM64_INS_LDURH:
      case ARM64_INS_LDURSW:
      case ARM64_INS_LDAR:
        load_op(a, 1);
        return Step::kNext;
      case ARM64_INS_LDP:
      case ARM64_INS_LDPSW:
      case ARM64_INS_LDNP:
        load_op(a, 2);
        return Step::kNext;
      case ARM64_INS_STR:
      case ARM64_INS_STUR:
      case ARM64_INS_STRB:
      case ARM64_INS_STRH:
      case ARM64_INS_STURB:
      case ARM64_INS_STURH:
      case ARM64_INS_STLR:
        store_op(a, 1);
        return Step::kNext;
      case ARM64_INS_STP:
      case ARM64_INS_STNP:
        store_op(a, 2);
        return Step::kNext;
      case ARM64_INS_BL:
        if (a.op_count == 1 && a.operands[0].type == ARM64_OP_IMM) {
          LocalCall c;
          c.address = address_;
          c.target = static_cast<std::uint64_t>(a.operands[0].imm);
          emit_call(c);
          if (context_.calls_noreturn(c.target, c.slot)) return Step::kEndBlock;
        }
        return Step::kNext;
      case ARM64_INS_BLR:
        if (a.op_count == 1) {
          LocalCall c;
          c.address = address_;
          c.indirect = !resolve_reg(a.operands[0], c);
          emit_call(c, canon(a.operands[0].reg));
        }
        return Step::kNext;
      case ARM64_INS_BR: {
        if (a.op_count != 1) return Step::kEndBlock;
        if (auto table = tables_.target(canon(a.operands[0].reg)); table && follow_table(*table)) {
          return Step::kEndBlock;
        }
        LocalCall c;
        c.address = address_;
        c.tail = true;
        if (!resolve_reg(a.operands[0], c)) {
          // A virtual method's slot read from an object a call returned: a
          // tail call of that method. Anything else: a jump table, keep decoding.
          const int target = canon(a.operands[0].reg);
          if (target < 0) return Step::kNext;
          df_.note_call_target(regs_[target], std::nullopt);
          if (df_.virtual_call_pending()) {
            c.indirect = true;
            emit_call(c, target);
          }
          return Step::kNext;  // as for any unresolved jump: decoding goes on
        }
        emit_call(c, canon(a.operands[0].reg));
        if (prologue_ <= 4 && out_->calls.size() == 1) out_->thunk = true;
        return Step::kEndBlock;
      }
      case ARM64_INS_B:
        if (a.op_count == 1 && a.operands[0].type == ARM64_OP_IMM) {
          bool conditional = a.cc != ARM64_CC_INVALID && a.cc != ARM64_CC_AL;
          std::size_t before = out_->calls.size();
          branch(static_cast<std::uint64_t>(a.operands[0].imm));
          if (!conditional && prologue_ == 1 && out_->calls.size() == before + 1)
            out_->thunk = true;
          return conditional ? Step::kNext : Step::kEndBlock;
        }
        return Step::kEndBlock;
      case ARM64_INS_CBZ:
      case ARM64_INS_CBNZ:
      case ARM64_INS_TBZ:
      case ARM64_INS_TBNZ:
        if (a.op_count >= 2 && a.operands[a.op_count - 1].type == ARM64_OP_IMM) {
          branch(static_cast<std::uint64_t>(a.operands[a.op_count - 1].imm));
        }
        return Step::kNext;
      case ARM64_INS_RET:
        df_.ret(regs_[0]);
        return Step::kEndBlock;
      case ARM64_INS_SVC:
        syscall();
        return Step::kNext;
      case ARM64_INS_BRK:
      case ARM64_INS_HLT:
        return Step::kEndBlock;
      default:
        return generic(a);
    }
  }

 private:
  // Follows the dispatch pattern of a jump table (jump_table.h) with the
  // register values before `insn` runs; br reads the result.
  void track_tables(const cs_insn& insn, const cs_arm64& a) {
    switch (insn.id) {
      case ARM64_INS_CMP:
        if (a.op_count == 2 && a.operands[1].type == ARM64_OP_IMM) {
          tables_.compare(static_cast<std::int64_t>(shifted_imm(a.operands[1])));
        }
        return;
      case ARM64_INS_B:
        if (a.cc != ARM64_CC_INVALID && a.cc != ARM64_CC_AL) {
          const bool above = a.cc == ARM64_CC_HI || a.cc == ARM64_CC_LS;
          const bool below = a.cc == ARM64_CC_HS || a.cc == ARM64_CC_LO;
          const std::uint64_t target = a.op_count == 1 && a.operands[0].type == ARM64_OP_IMM
                                           ? static_cast<std::uint64_t>(a.operands[0].imm)
                                           : 0;
          tables_.conditional(above || below, above, target);
        }
        return;
      case ARM64_INS_BR:
      case ARM64_INS_NOP:
      case ARM64_INS_HINT:
      case ARM64_INS_CMN:
      case ARM64_INS_TST:
        return;
      case ARM64_INS_BL:
      case ARM64_INS_BLR:
        tables_.clear();
        return;
      default:
        break;
    }
    if (a.op_count == 0 || a.operands[0].type != ARM64_OP_REG) return;
    const int d = canon(a.operands[0].reg);
    if (a.op_count == 2 && a.operands[1].type == ARM64_OP_MEM && !a.writeback) {
      const arm64_op_mem& m = a.operands[1].mem;
      const Value base = reg_value(m.base);
      if (m.index != ARM64_REG_INVALID && m.disp == 0 && base.is_const()) {
        const std::uint64_t table = base.address();
        switch (insn.id) {
          case ARM64_INS_LDRB:
            tables_.entry(d, table, 1, false);
            return;
          case ARM64_INS_LDRSB:
            tables_.entry(d, table, 1, true);
            return;
          case ARM64_INS_LDRH:
            tables_.entry(d, table, 2, false);
            return;
          case ARM64_INS_LDRSH:
            tables_.entry(d, table, 2, true);
            return;
          case ARM64_INS_LDRSW:
            tables_.entry(d, table, 4, true);
            return;
          case ARM64_INS_LDR:
            if (reg_bytes(a.operands[0].reg) == 4) {
              tables_.entry(d, table, 4, false);
            } else {
              tables_.absolute(d, table);
            }
            return;
          default:
            break;
        }
      }
    }
    if (insn.id == ARM64_INS_ADD && a.op_count == 3 && a.operands[1].type == ARM64_OP_REG &&
        a.operands[2].type == ARM64_OP_REG) {
      const cs_arm64_op& entry = a.operands[2];
      const Value base = reg_value(a.operands[1].reg);
      std::uint8_t shift = 0;
      if (entry.shift.type == ARM64_SFT_LSL && entry.shift.value <= 3) {
        shift = static_cast<std::uint8_t>(entry.shift.value);
      }
      std::optional<bool> extend_signed;
      std::optional<std::uint8_t> extend_size;
      switch (entry.ext) {
        case ARM64_EXT_SXTB:
        case ARM64_EXT_UXTB:
          extend_size = 1;
          break;
        case ARM64_EXT_SXTH:
        case ARM64_EXT_UXTH:
          extend_size = 2;
          break;
        case ARM64_EXT_SXTW:
        case ARM64_EXT_UXTW:
          extend_size = 4;
          break;
        default:
          break;
      }
      if (extend_size) {
        extend_signed = entry.ext == ARM64_EXT_SXTB || entry.ext == ARM64_EXT_SXTH ||
                        entry.ext == ARM64_EXT_SXTW;
      }
      if (base.is_const() &&
          tables_.add(d, canon(entry.reg), base.address(), shift, extend_signed, extend_size)) {
        return;
      }
      const Value other = reg_value(entry.reg);
      if (shift == 0 && !extend_size && other.is_const() &&
          tables_.add(d, canon(a.operands[1].reg), other.address(), 0)) {
        return;
      }
    }
    tables_.forget(d);
    if (a.op_count >= 2 && a.operands[1].type == ARM64_OP_REG &&
        (insn.id == ARM64_INS_LDP || insn.id == ARM64_INS_LDPSW || insn.id == ARM64_INS_LDNP)) {
      tables_.forget(canon(a.operands[1].reg));
    }
  }

  // The cases of a table dispatch are branches of this function; false when
  // `table` gives none.
  bool follow_table(const JumpTable& table) {
    std::vector<std::uint64_t> targets =
        jump_table_targets(*context_.image, table, range_.start, range_.end);
    for (std::uint64_t target : targets) branch(target);
    return !targets.empty();
  }

  Value reg_value(unsigned reg) const {
    int r = canon(reg);
    if (r == kZero) return Value::constant(0);
    return r < 0 ? Value::none() : regs_[r];
  }

  void set(const cs_arm64_op& op, const Value& v) {
    if (op.type != ARM64_OP_REG) return;
    int r = canon(op.reg);
    if (r >= 0) regs_[r] = v;
  }

  Value operand(const cs_arm64_op& op) const {
    if (op.type == ARM64_OP_REG) return reg_value(op.reg);
    if (op.type == ARM64_OP_IMM) return Value::constant(shifted_imm(op));
    return Value::none();
  }

  MemRef mem_ref(const arm64_op_mem& m, std::int64_t extra) const {
    MemRef r;
    Value base = reg_value(m.base);
    std::int64_t disp = static_cast<std::int64_t>(m.disp) + extra;
    switch (base.kind) {
      case Value::Kind::kStack:
        r.kind = MemRef::Kind::kSlot;
        r.offset = base.num + disp;
        break;
      case Value::Kind::kConst:
        if (m.index != ARM64_REG_INVALID) break;
        r.kind = MemRef::Kind::kGlobal;
        r.address = base.address() + static_cast<std::uint64_t>(disp);
        break;
      case Value::Kind::kNode:
      case Value::Kind::kParam:
        r.kind = MemRef::Kind::kThrough;
        r.pointer = base;
        if (m.index == ARM64_REG_INVALID) r.member = disp;
        break;
      case Value::Kind::kNone:
        break;
    }
    return r;
  }

  // The memory operand at `index` and its writeback: pre-index ([xn,#i]!)
  // accesses xn+i and keeps it; post-index ([xn],#i) accesses xn, then adds i.
  struct Access {
    const arm64_op_mem* mem = nullptr;
    bool post = false;
    std::int64_t post_imm = 0;
  };

  Access access(const cs_arm64& a, int index) const {
    Access acc;
    if (a.op_count <= index || a.operands[index].type != ARM64_OP_MEM) return acc;
    acc.mem = &a.operands[index].mem;
    if (a.writeback && a.op_count > index + 1 && a.operands[index + 1].type == ARM64_OP_IMM) {
      acc.post = true;
      acc.post_imm = a.operands[index + 1].imm;
    }
    return acc;
  }

  void writeback(const cs_arm64& a, const Access& acc) {
    if (!a.writeback || acc.mem == nullptr) return;
    int b = canon(acc.mem->base);
    if (b < 0) return;
    std::int64_t delta = acc.post ? acc.post_imm : acc.mem->disp;
    Value& v = regs_[b];
    if (v.is_stack()) {
      v.num += delta;
    } else if (v.is_const()) {
      v = Value::constant(v.address() + static_cast<std::uint64_t>(delta));
    }
  }

  void load_op(const cs_arm64& a, int registers) {
    if (a.op_count < registers + 1) return;
    const cs_arm64_op& src = a.operands[registers];
    if (src.type == ARM64_OP_IMM && registers == 1) {  // ldr xN, =literal
      set(a.operands[0], df_.load_global(static_cast<std::uint64_t>(src.imm)));
      return;
    }
    Access acc = access(a, registers);
    if (acc.mem == nullptr) return;
    std::int64_t disp_fix = acc.post ? -static_cast<std::int64_t>(acc.mem->disp) : 0;
    std::int64_t size = reg_bytes(a.operands[0].reg);
    Value loaded[2];
    for (int i = 0; i < registers; ++i)
      loaded[i] = df_.load(mem_ref(*acc.mem, disp_fix + i * size));
    writeback(a, acc);
    for (int i = 0; i < registers; ++i) set(a.operands[i], loaded[i]);
  }

  void store_op(const cs_arm64& a, int registers) {
    if (a.op_count < registers + 1) return;
    Access acc = access(a, registers);
    if (acc.mem == nullptr) return;
    std::int64_t disp_fix = acc.post ? -static_cast<std::int64_t>(acc.mem->disp) : 0;
    std::int64_t size = reg_bytes(a.operands[0].reg);
    for (int i = 0; i < registers; ++i) {
      df_.store(mem_ref(*acc.mem, disp_fix + i * size), reg_value(a.operands[i].reg));
    }
    writeback(a, acc);
  }

  Step add_sub(bool subtract, const cs_arm64& a) {
    if (a.op_count != 3) return generic(a);
    Value base = operand(a.operands[1]);
    if (a.operands[2].type == ARM64_OP_IMM) {
      auto imm = static_cast<std::int64_t>(shifted_imm(a.operands[2]));
      if (subtract) imm = -imm;
      if (base.is_stack()) {
        base.num += imm;
      } else if (base.is_const()) {
        base = Value::constant(base.address() + static_cast<std::uint64_t>(imm));
        if (!subtract) df_.note_reference(base.address());
      } else if (LocalId field = df_.global_member(base, imm); field != kNoLocal) {
        base = Value::of_node(field);
      } else if (base.kind == Value::Kind::kNode) {
        base.num += imm;  // the same data; where in it, for a table's slot (Value::num)
      }
      base.loaded_from = 0;
      set(a.operands[0], base);
      return Step::kNext;
    }
    set(a.operands[0], df_.merge(base, operand(a.operands[2])));
    return Step::kNext;
  }

  void movk(const cs_arm64& a) {
    if (a.op_count != 2 || a.operands[0].type != ARM64_OP_REG) return;
    Value v = reg_value(a.operands[0].reg);
    if (!v.is_const()) {
      set(a.operands[0], Value::none());
      return;
    }
    unsigned shift = a.operands[1].shift.type == ARM64_SFT_LSL ? a.operands[1].shift.value : 0;
    if (shift >= 64) return;
    std::uint64_t mask = 0xffffull << shift;
    std::uint64_t part = (static_cast<std::uint64_t>(a.operands[1].imm) & 0xffff) << shift;
    set(a.operands[0], Value::constant((v.address() & ~mask) | part));
  }

  Step generic(const cs_arm64& a) {
    if (a.op_count == 0 || a.operands[0].type != ARM64_OP_REG) return Step::kNext;
    Value v;
    for (std::uint8_t i = 1; i < a.op_count; ++i) {
      const cs_arm64_op& op = a.operands[i];
      if (op.type == ARM64_OP_REG) {
        v = df_.merge(v, reg_value(op.reg));
      } else if (op.type == ARM64_OP_MEM) {
        v = df_.merge(v, df_.load(mem_ref(op.mem, 0)));
      }
    }
    if (v.is_const()) v = Value::none();
    set(a.operands[0], v);
    return Step::kNext;
  }

  bool resolve_reg(const cs_arm64_op& op, LocalCall& c) const {
    if (op.type != ARM64_OP_REG) return false;
    return resolve_value(reg_value(op.reg), c);
  }

  bool resolve_value(const Value& v, LocalCall& c) const {
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
    return false;
  }

  // The named parameters of the variadic C function an import call reaches,
  // or -1 (not an import, or not a variadic function this table knows).
  int variadic_named(const LocalCall& c) const {
    const std::string* name = nullptr;
    if (c.slot != 0) {
      auto slot = context_.image->import_slots.find(c.slot);
      if (slot != context_.image->import_slots.end()) name = &slot->second;
    }
    if (name == nullptr && c.target != 0) {
      auto stub = context_.plt_stubs.find(c.target);
      if (stub != context_.plt_stubs.end()) name = &stub->second;
    }
    return name == nullptr ? -1 : variadic_named_parameters(*name);
  }

  // `target_reg`: the register a blr/br jumps through, which is no argument.
  void emit_call(LocalCall c, int target_reg = -1) {
    if (c.target != 0) df_.note_new_start(c.target);
    // A slot of a table of virtual functions (Dataflow::note_call_target).
    if (c.indirect && target_reg >= 0) df_.note_call_target(regs_[target_reg], std::nullopt);
    const CallingConvention& cc = context_.convention;
    Value args[kMaxArgumentPositions];
    int n = 0;
    int fresh_result = -1;
    for (int reg : cc.argument_registers) args[n++] = regs_[reg];
    // x8 carries a pointer only when it was set since the previous call (the
    // call clobbers it) and is not the branch target.
    if (cc.indirect_result_register >= 0) {
      const Value& indirect = regs_[cc.indirect_result_register];
      bool pointer = indirect.is_stack() || indirect.kind == Value::Kind::kNode ||
                     indirect.kind == Value::Kind::kParam;
      args[n++] = pointer && target_reg != cc.indirect_result_register ? indirect : Value::none();
      // Where a function of this binary builds its result (an import's x8
      // is dropped anyway): the slot's earlier lifetime ends here.
      bool import = c.slot != 0 || context_.plt_stubs.count(c.target) != 0;
      if (!args[n - 1].is_none() && !import) fresh_result = n - 1;
    }
    const Value& sp = regs_[kSp];
    if (cc.variadic_on_stack && sp.is_stack()) {
      if (int named = variadic_named(c); named >= 0) n = named;
    }
    for (int k = 0; k < kMaxStackArguments && sp.is_stack() && n < kMaxArgumentPositions; ++k) {
      Value v = df_.outgoing_argument(sp.num + cc.outgoing_stack + 8 * k);
      if (v.is_none()) break;
      args[n++] = v;
    }
    std::string result_class;
    if (ObjcSends::is_send(context_.import_of(c.slot, c.target))) {
      std::string method = objc_.method(*context_.image, regs_[0], regs_[1], result_class);
      if (!method.empty()) {
        out_->objc_methods.push_back(std::move(method));
        c.objc_method = static_cast<std::uint32_t>(out_->objc_methods.size());
      }
    }
    // v0-v7 pass floating-point arguments.
    Value result = df_.call(
        c, std::span<const Value>(args, static_cast<std::size_t>(n)),
        std::span<const Value>(regs_ + kV0, static_cast<std::size_t>(cc.float_argument_registers)),
        fresh_result);
    for (int r : cc.volatile_registers) regs_[r] = Value::none();
    regs_[cc.result_register] = result;
    objc_.note_result(result, result_class);
  }

  void branch(std::uint64_t target) {
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
    c.address = address_;
    c.target = target;
    c.tail = true;
    emit_call(c);
  }

  void syscall() {
    const Value& number = regs_[8];
    if (!number.is_const() || syscall_name(Arch::kAArch64, number.num) == nullptr) return;
    LocalCall c;
    c.address = address_;
    c.syscall = static_cast<int>(number.num);
    Value result = df_.call(c, std::span<const Value>(regs_, 6));
    regs_[0] = result;
  }

  const LiftContext& context_;
  const CapstoneHandle& cs_;
  Dataflow df_;
  ObjcSends objc_;
  std::vector<bool> visited_;
  std::unordered_set<std::uint64_t> outside_;
  Value regs_[kRegCount];
  BranchStates<kRegCount> branch_states_;
  TableTracker<31> tables_;  // x0-x30
  std::array<bool, kRegCount> call_clobbered_ = clobbered_by_calls<kRegCount>(context_.convention);
  FunctionRange range_;
  LiftedFunction* out_ = nullptr;
  Worklist* work_ = nullptr;
  std::uint64_t address_ = 0;
  int prologue_ = 0;
};

}  // namespace

std::unique_ptr<FunctionLifter> make_aarch64_lifter(const LiftContext& context,
                                                    const CapstoneHandle& cs) {
  return std::make_unique<AArch64Lifter>(context, cs);
}

}  // namespace cordon::binary
