#include "syscalls.h"

#include <seccomp.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace cordon::binary {
namespace {

// Syscall numbers are small: every one libseccomp knows for an architecture
// is below this (x86-64 and AArch64 stay under 500).
constexpr long kMaxNumber = 1024;

// Every name libseccomp gives for `token`'s numbers, read once: the lifters
// ask for each `syscall`/`svc` instruction, on several threads.
std::vector<std::string> load_names(std::uint32_t token) {
  std::vector<std::string> names(kMaxNumber);
  for (long n = 0; n < kMaxNumber; ++n) {
    std::unique_ptr<char, decltype(&std::free)> name(
        seccomp_syscall_resolve_num_arch(token, static_cast<int>(n)), &std::free);
    if (name) names[static_cast<std::size_t>(n)] = name.get();
  }
  return names;
}

const char* lookup(const std::vector<std::string>& names, long number) {
  if (number < 0 || number >= kMaxNumber) return nullptr;
  const std::string& name = names[static_cast<std::size_t>(number)];
  return name.empty() ? nullptr : name.c_str();
}

}  // namespace

const char* syscall_name(Arch arch, long number) {
  switch (arch) {
    case Arch::kX86_64: {
      static const std::vector<std::string> names = load_names(SCMP_ARCH_X86_64);
      return lookup(names, number);
    }
    case Arch::kAArch64: {
      static const std::vector<std::string> names = load_names(SCMP_ARCH_AARCH64);
      return lookup(names, number);
    }
  }
  return nullptr;
}

}  // namespace cordon::binary
