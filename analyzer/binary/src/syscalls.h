// Linux syscall numbers by name, as libseccomp knows them per architecture:
// the rule packs match direct syscalls of static binaries on these names, so
// any syscall a pack's `syscalls:` names is recognised.
#pragma once

#include "image.h"

namespace cordon::binary {

// The name of syscall `number` on `arch`, or nullptr when libseccomp knows none.
[[nodiscard]] const char* syscall_name(Arch arch, long number);

}  // namespace cordon::binary
