// Child-side namespace steps of the launch checklist. Each returns 0 or an
// errno value; none allocates, so they are safe between fork and execve.
#pragma once

#include <sys/types.h>

namespace cordon::sandbox {

// Enters new namespaces: `flags` is CLONE_NEWNET and/or CLONE_NEWNS. As
// root (CAP_SYS_ADMIN) directly; as an ordinary user inside a new user
// namespace that maps the caller's own uid and gid to themselves (so files
// keep their owners). `uid`/`gid` are the caller's ids read before fork.
// Returns 0 or errno of the step that failed; `failed_step` names it.
int enter_namespaces(int flags, uid_t uid, gid_t gid, const char** failed_step);

// In a new mount namespace: stops mount events from reaching the host, then
// bind-mounts `source` over `target` read-only. Returns 0 or errno (ENOENT:
// the target does not exist).
int make_mounts_private();
int bind_read_only(const char* source, const char* target);

// Brings up the loopback interface of the current network namespace (a new
// namespace starts with `lo` down). Returns 0 or errno.
int bring_up_loopback();

}  // namespace cordon::sandbox
