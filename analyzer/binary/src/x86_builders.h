// Whether an x86-64 function of the title builds the object its first
// argument points to before reading it: a constructor, or a function that
// returns a class by value (SysV and Win64 pass where to build the result as
// an ordinary first argument, indistinguishable from `this`). A stack slot
// handed to such a call starts a new lifetime there: what the slot held
// before is dead (a temporary string reused for an unrelated value).
#pragma once

#include <capstone/capstone.h>

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "lift_context.h"

namespace cordon::binary {

class X86ResultBuilders {
 public:
  // `handle`: the lifter thread's Capstone handle (with operand details).
  X86ResultBuilders(const LiftContext& context, csh handle);

  // True when every path from `target`'s entry writes the memory its first
  // integer argument points to before any read of it, any return, and any
  // call handed it (unless that call is to a function of this binary that
  // builds it, as a formatter's forward to its va_list twin), within a
  // small budget of instructions (a block reached again was checked when
  // first reached; a tail call or jump table answers false). Cached per
  // target (one instance per lifter thread).
  bool builds_first_argument(std::uint64_t target);

 private:
  bool builds(std::uint64_t target, int depth);
  bool scan(std::uint64_t target, int depth);

  struct InsnFree {
    void operator()(cs_insn* insn) const { cs_free(insn, 1); }
  };
  const LiftContext& context_;
  csh handle_;
  std::unique_ptr<cs_insn, InsnFree> insn_;
  std::unordered_map<std::uint64_t, bool> known_;
};

}  // namespace cordon::binary
