#include "capstone_handle.h"

#include <utility>

#include "arch_traits.h"

namespace cordon::binary {

Result<CapstoneHandle> CapstoneHandle::open(Arch arch, bool detail) {
  CapstoneHandle h;
  const ArchTraits& traits = arch_traits(arch);
  cs_err err = cs_open(traits.capstone_arch, traits.capstone_mode, &h.handle_);
  if (err != CS_ERR_OK) {
    return fail(ErrorKind::kInternal, "capstone", "cs_open", cs_strerror(err));
  }
  cs_option(h.handle_, CS_OPT_DETAIL, detail ? CS_OPT_ON : CS_OPT_OFF);
  h.insn_ = cs_malloc(h.handle_);
  if (h.insn_ == nullptr) return fail(ErrorKind::kSystem, "capstone", "cs_malloc", "out of memory");
  return h;
}

CapstoneHandle::CapstoneHandle(CapstoneHandle&& other) noexcept
    : handle_(std::exchange(other.handle_, 0)), insn_(std::exchange(other.insn_, nullptr)) {}

CapstoneHandle::~CapstoneHandle() {
  if (insn_ != nullptr) cs_free(insn_, 1);
  if (handle_ != 0) cs_close(&handle_);
}

}  // namespace cordon::binary
