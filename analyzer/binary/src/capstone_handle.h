// RAII owners for a Capstone handle (one per thread: handles are not
// thread safe) and its reusable instruction buffer.
#pragma once

#include <capstone/capstone.h>

#include <memory>

#include "cordon/support/error.h"
#include "image.h"

namespace cordon::binary {

class CapstoneHandle {
 public:
  // A handle for `arch`, with operand details on unless `detail` is false
  // (the gap sweep only needs lengths and ids, and decodes twice as fast).
  [[nodiscard]] static Result<CapstoneHandle> open(Arch arch, bool detail = true);

  CapstoneHandle(const CapstoneHandle&) = delete;
  CapstoneHandle& operator=(const CapstoneHandle&) = delete;
  CapstoneHandle(CapstoneHandle&& other) noexcept;
  CapstoneHandle& operator=(CapstoneHandle&&) = delete;
  ~CapstoneHandle();

  [[nodiscard]] csh get() const { return handle_; }
  [[nodiscard]] cs_insn* insn() const { return insn_; }

 private:
  CapstoneHandle() = default;
  csh handle_ = 0;
  cs_insn* insn_ = nullptr;  // owned: cs_free on destruction
};

}  // namespace cordon::binary
