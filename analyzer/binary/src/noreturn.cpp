// Imports that never return, by name: the lifters end a block after a call
// to one, as the compiler did when it laid out what follows.
#include <string_view>

#include "lift_context.h"

namespace cordon::binary {
namespace {

bool noreturn_name(std::string_view name) {
  static constexpr std::string_view kNames[] = {"exit",
                                                "_exit",
                                                "_Exit",
                                                "abort",
                                                "quick_exit",
                                                "__stack_chk_fail",
                                                "__assert_fail",
                                                "__assert_perror_fail",
                                                "__cxa_throw",
                                                "__cxa_rethrow",
                                                "__cxa_bad_cast",
                                                "__cxa_bad_typeid",
                                                "__cxa_throw_bad_array_new_length",
                                                "__cxa_call_unexpected",
                                                "__cxa_pure_virtual",
                                                "_Unwind_Resume",
                                                "_ZSt9terminatev",
                                                "pthread_exit",
                                                "longjmp",
                                                "siglongjmp",
                                                "__longjmp_chk",
                                                "__fortify_fail",
                                                "__chk_fail",
                                                "err",
                                                "errx",
                                                "verr",
                                                "verrx",
                                                "ExitProcess",
                                                "ExitThread"};
  for (std::string_view known : kNames) {
    if (name == known) return true;
  }
  // libstdc++'s std::__throw_* helpers (_ZSt19__throw_logic_errorPKc, ...).
  return name.rfind("_ZSt", 0) == 0 && name.find("__throw_") != std::string_view::npos;
}

std::string_view bare(std::string_view name) {
  // A versioned import (memcpy@GLIBC_2.14) and a PE import (KERNEL32.dll!ExitProcess).
  if (auto at = name.find('@'); at != std::string_view::npos) name = name.substr(0, at);
  if (auto bang = name.rfind('!'); bang != std::string_view::npos) name = name.substr(bang + 1);
  return name;
}

}  // namespace

bool LiftContext::calls_noreturn(std::uint64_t target, std::uint64_t slot) const {
  if (slot != 0) {
    auto found = image->import_slots.find(slot);
    if (found != image->import_slots.end()) return noreturn_name(bare(found->second));
  }
  if (target != 0) {
    auto stub = plt_stubs.find(target);
    if (stub != plt_stubs.end()) return noreturn_name(bare(stub->second));
  }
  return false;
}

}  // namespace cordon::binary
