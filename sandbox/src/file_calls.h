// The file-policy side of the supervisor: write-flagged opens and calls that
// change a path (seccomp_filter.h, FilterSpec::file_writes). Each path is
// resolved in the title's own view and given to the decider; a path that
// falls on a deny_paths, read_only_paths or mask_paths entry gets one `open`
// line and, when refused, the errno the mount namespace would give. Every
// other call continues untouched (SECCOMP_USER_NOTIF_FLAG_CONTINUE).
//
// This records; it does not enforce. The title's memory may change between
// the supervisor's read of a path and the kernel's (another thread), so a
// continued call may reach another path than the one decided on: the mount
// namespace still refuses it (read-only binds, empty covers), only its line
// is missing. A refusal is not raced: the call is then never made.
// Private to the sandbox library.
#pragma once

#include <linux/seccomp.h>

#include <optional>

#include "notify_handler.h"

namespace cordon::sandbox {

// Whether system call `nr` (native ABI) is one this handler takes.
[[nodiscard]] bool is_file_call(int nr);

[[nodiscard]] std::optional<seccomp_notif_resp> handle_file_call(const seccomp_notif& notif,
                                                                 NotifyContext& context);

}  // namespace cordon::sandbox
