// Landlock filesystem rules: denied paths unreadable, read-only paths
// unwritable. Landlock only grants, so "everything but these" is built by
// granting every right on each sibling along the way from / down to each
// restricted path, and only directory listing on the ancestors themselves.
// Consequences (documented in docs/sandbox.md): names inside a denied
// directory can still be listed, and new entries created directly in an
// ancestor directory (e.g. $HOME itself) after start are not writable.
#pragma once

#include <string>
#include <vector>

#include "cordon/support/error.h"
#include "cordon/support/unique_fd.h"

namespace cordon::sandbox {

struct LandlockRules {
  std::vector<std::string> deny_paths;       // absolute; "~/" already expanded
  std::vector<std::string> read_only_paths;  // absolute
  [[nodiscard]] bool empty() const { return deny_paths.empty() && read_only_paths.empty(); }
};

// The Landlock ABI version of the running kernel, or 0 when unavailable.
[[nodiscard]] int landlock_abi_version();

// Builds a ruleset in the parent (it opens and reads directories). Paths
// that do not exist are skipped (an ancestor rule already covers them).
// Errors: Landlock unavailable (kUnsupported), a system call failed (kSandbox).
[[nodiscard]] Result<UniqueFd> build_landlock_ruleset(const LandlockRules& rules);

// Child side, after PR_SET_NO_NEW_PRIVS. Returns 0 or errno.
[[nodiscard]] int landlock_restrict_self(int ruleset_fd);

}  // namespace cordon::sandbox
