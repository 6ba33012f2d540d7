// Landlock: signal scoping (the title cannot signal any process outside its
// sandbox, Linux 6.12+) and filesystem rules as a second layer under the
// mount namespace. Landlock only grants, so "everything but these" is built
// by granting every right on each sibling along the way from / down to each
// restricted path, and only directory listing on the ancestors themselves:
// new entries in those ancestors cannot be created. The runtime therefore
// hands it only paths whose ancestors the title cannot write to anyway
// (runtime/src/file_policy.cpp), so the second layer breaks nothing.
#pragma once

#include <string>
#include <vector>

#include "cordon/support/error.h"
#include "cordon/support/unique_fd.h"

namespace cordon::sandbox {

struct LandlockRules {
  std::vector<std::string> deny_paths;       // absolute; "~/" already expanded
  std::vector<std::string> read_only_paths;  // absolute
  bool scope_signals = false;                // LANDLOCK_SCOPE_SIGNAL where the kernel has it
  [[nodiscard]] bool empty() const { return deny_paths.empty() && read_only_paths.empty(); }
};

// The Landlock ABI version of the running kernel, or 0 when unavailable.
[[nodiscard]] int landlock_abi_version();

// Builds a ruleset in the parent (it opens and reads directories). Paths
// that do not exist are skipped (an ancestor rule already covers them).
// Errors: Landlock unavailable, or nothing to enforce on this kernel (only
// signal scoping asked, ABI < 6) (kUnsupported); a system call failed (kSandbox).
[[nodiscard]] Result<UniqueFd> build_landlock_ruleset(const LandlockRules& rules);

// Child side, after PR_SET_NO_NEW_PRIVS. Returns 0 or errno.
[[nodiscard]] int landlock_restrict_self(int ruleset_fd);

}  // namespace cordon::sandbox
