// Switch dispatch through a table of case addresses, as compilers emit it:
//   x86-64 PIC (GCC, Clang):  lea T(%rip),%rdx; movslq (%rdx,%rax,4),%rax;
//                             add %rdx,%rax; [notrack] jmp *%rax
//   x86-64 absolute:          jmp *T(,%rax,8)
//   PE (MSVC):                mov ecx,[rbase+rax*4+T_rva]; add rcx,rbase; jmp rcx
//   AArch64 (GCC):            ldrb w0,[x1,w0,uxtw]; adr x1,L; add x0,x1,w0,sxtb #2; br x0
//   AArch64 (Clang):          ldrsw x10,[x9,x8,lsl #2]; add x9,x9,x10; br x9
// The lifters tag the registers along that pattern (TableTracker); at the
// indirect jump the table is read with bounds a hostile file cannot stretch
// (jump_table_targets): the table lies in a section that is not writable,
// every entry and every target must be inside the file and the target inside
// the jumping function's range and section; reading stops at the first entry
// that is not, at the bound of the range check before the dispatch
// (`cmp $N; ja default`), and at kMaxJumpTableEntries.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "image.h"

namespace cordon::binary {

inline constexpr std::uint32_t kMaxJumpTableEntries = 4096;

struct JumpTable {
  std::uint64_t table = 0;  // entry 0
  std::uint64_t base = 0;   // added to every (shifted) entry; 0 for absolute entries
  std::uint8_t entry_size = 4;
  bool is_signed = true;
  std::uint8_t shift = 0;   // entry << shift before base is added
  std::uint32_t bound = 0;  // entries the range check allows (0: not seen)
};

// The distinct case addresses of `t` in [low, high) (the jumping function's
// range; `high` is clipped to the section holding `low`), sorted.
[[nodiscard]] std::vector<std::uint64_t> jump_table_targets(const Image& image, const JumpTable& t,
                                                            std::uint64_t low, std::uint64_t high);

// Per-register state of the dispatch pattern inside one block run. A
// register holds either a table entry just loaded (kEntry) or an entry with
// its base added (kTarget); any other write forgets it.
template <std::size_t N>
class TableTracker {
 public:
  void clear() {
    for (auto& t : tags_) t.state = State::kNone;
    compare_ = -1;
    bound_ = 0;
  }
  // A block entered by a branch: the registers' tags are the previous
  // block's, not this one's; the range check's bound holds where its
  // conditional branch leads (`cmp w0, #17; b.ls dispatch`).
  void enter(std::uint64_t address) {
    const std::uint32_t bound = bound_;
    const bool keep = address == bound_target_;
    clear();
    if (keep) bound_ = bound;
  }
  void forget(int reg) {
    if (reg >= 0 && static_cast<std::size_t>(reg) < N) tags_[reg].state = State::kNone;
  }
  // `reg` = the entry at `table` + index * size.
  void entry(int reg, std::uint64_t table, std::uint8_t size, bool is_signed) {
    if (reg < 0 || static_cast<std::size_t>(reg) >= N) return;
    Tag& t = tags_[reg];
    t.state = State::kEntry;
    t.table = JumpTable{table, 0, size, is_signed, 0, bound_};
  }
  // `reg` = entry held in `entry_reg` (shifted, extended as the add says
  // when it names an extend of `extend_size` bytes) + `base`; false when
  // `entry_reg` holds none.
  bool add(int reg, int entry_reg, std::uint64_t base, std::uint8_t shift,
           std::optional<bool> extend_signed = std::nullopt,
           std::optional<std::uint8_t> extend_size = std::nullopt) {
    if (reg < 0 || entry_reg < 0 || static_cast<std::size_t>(reg) >= N ||
        static_cast<std::size_t>(entry_reg) >= N || tags_[entry_reg].state != State::kEntry) {
      return false;
    }
    JumpTable t = tags_[entry_reg].table;
    t.base = base;
    t.shift = shift;
    if (extend_size) {
      // `sxtb` of a byte entry makes it signed; a wider extend keeps what
      // the load gave (ldrb zero-extends, ldrsb sign-extends); a narrower
      // one is no table dispatch.
      if (*extend_size < t.entry_size) return false;
      if (*extend_size == t.entry_size && extend_signed) t.is_signed = *extend_signed;
    }
    tags_[reg] = Tag{State::kTarget, t};
    return true;
  }
  // `reg` = a whole absolute address loaded from the table.
  void absolute(int reg, std::uint64_t table) {
    if (reg < 0 || static_cast<std::size_t>(reg) >= N) return;
    tags_[reg] = Tag{State::kTarget, JumpTable{table, 0, 8, false, 0, bound_}};
  }
  [[nodiscard]] std::optional<JumpTable> target(int reg) const {
    if (reg < 0 || static_cast<std::size_t>(reg) >= N || tags_[reg].state != State::kTarget) {
      return std::nullopt;
    }
    return tags_[reg].table;
  }
  [[nodiscard]] std::uint32_t bound() const { return bound_; }

  // The range check: `cmp x, #imm` then an unsigned conditional branch to
  // the default. `above` (ja/b.hi, jbe/b.ls) allows imm + 1 entries,
  // otherwise (jae/b.hs, jb/b.lo) imm.
  void compare(std::int64_t imm) { compare_ = imm; }
  void conditional(bool unsigned_check, bool above, std::uint64_t target) {
    if (unsigned_check && compare_ >= 0 && compare_ < kMaxJumpTableEntries) {
      bound_ = static_cast<std::uint32_t>(compare_ + (above ? 1 : 0));
      bound_target_ = target;
    }
    compare_ = -1;
  }

 private:
  enum class State : std::uint8_t { kNone, kEntry, kTarget };
  struct Tag {
    State state = State::kNone;
    JumpTable table;
  };
  std::array<Tag, N> tags_{};
  std::int64_t compare_ = -1;
  std::uint32_t bound_ = 0;
  std::uint64_t bound_target_ = 0;  // where the conditional branch that set bound_ leads
};

}  // namespace cordon::binary
