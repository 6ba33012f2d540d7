// Linux syscall numbers that matter for exfiltration (network, identity,
// files) by name. Data, per arch: the rule packs match on these names.
#pragma once

#include "image.h"

namespace cordon::binary {

// The name of syscall `number` on `arch`, or nullptr when not in the table.
[[nodiscard]] const char* syscall_name(Arch arch, long number);

}  // namespace cordon::binary
