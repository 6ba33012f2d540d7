// Symbol names as people and rule packs write them: Itanium and MSVC names
// demangled with LLVM's demangler, and the qualified name without the
// parameter list ("ISteamUser::GetSteamID") that rules match on.
#pragma once

#include <string>
#include <string_view>

namespace cordon::binary {

struct DemangledName {
  std::string full;       // "ISteamUser::GetSteamID()"; the input when not mangled
  std::string qualified;  // "ISteamUser::GetSteamID"; the input when not mangled
};

// Never fails: a name that is not mangled (or does not demangle) is returned as is.
[[nodiscard]] DemangledName demangle_symbol(std::string_view mangled);

}  // namespace cordon::binary
