// Syscall names as libseccomp knows them, for the packs' `syscalls:` and the
// profiles' `deny_syscalls`: a name is valid when libseccomp maps it on an
// architecture cordon analyses (x86-64 or AArch64), so a pack can name any
// syscall either kernel has, and a misspelt one is an error, never dropped.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cordon::rules::detail {

// True when libseccomp knows `name` as a syscall on x86-64 or AArch64.
[[nodiscard]] bool is_known_syscall(std::string_view name);

// The known syscall name nearest to `name` (at most two edits away, the
// first in name order on a tie), for a "did you mean" hint; nullopt when
// none is that near.
[[nodiscard]] std::optional<std::string> closest_syscall(std::string_view name);

// "unknown syscall 'NAME' (did you mean 'X'?)", or "(libseccomp knows no
// such name on x86-64 or aarch64)" when no known name is near.
[[nodiscard]] std::string unknown_syscall_message(std::string_view name);

}  // namespace cordon::rules::detail
