// What differs between the architectures cordon analyses, as one table:
// code that chooses by architecture reads its row here, or switches on
// Arch with every enumerator and no `default:`, so a new Arch is a compile
// error (-Wswitch, warnings are errors) until each choice handles it.
#pragma once

#include <capstone/capstone.h>

#include <cstdlib>

#include "image.h"

namespace cordon::binary {

struct ArchTraits {
  const char* name;       // the report's targets[].arch
  cs_arch capstone_arch;  // Capstone's decoder for it
  cs_mode capstone_mode;
  unsigned instruction_alignment;  // 1: variable length (x86-64); 4: fixed (AArch64)
};

inline constexpr ArchTraits kX86_64Traits{"x86_64", CS_ARCH_X86, CS_MODE_64, 1};
inline constexpr ArchTraits kAArch64Traits{"aarch64", CS_ARCH_ARM64, CS_MODE_ARM, 4};

[[nodiscard]] inline const ArchTraits& arch_traits(Arch arch) {
  switch (arch) {
    case Arch::kX86_64:
      return kX86_64Traits;
    case Arch::kAArch64:
      return kAArch64Traits;
  }
  std::abort();  // not an Arch value: memory corruption, not an input
}

}  // namespace cordon::binary
