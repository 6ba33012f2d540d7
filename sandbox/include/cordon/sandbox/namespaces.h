// Child-side namespace steps of the launch checklist. Each returns 0 or an
// errno value; none allocates, so they are safe between fork and execve.
#pragma once

#include <sys/types.h>

namespace cordon::sandbox {

// Enters a new network namespace. As root (CAP_SYS_ADMIN) directly; as an
// ordinary user inside a new user namespace that maps the caller's own uid
// and gid to themselves (so files keep their owners). `uid`/`gid` are the
// caller's ids read before fork. Returns 0 or errno of the step that failed;
// `failed_step` names it ("unshare(CLONE_NEWNET)", "uid_map", ...).
int enter_network_namespace(uid_t uid, gid_t gid, const char** failed_step);

// Brings up the loopback interface of the current network namespace (a new
// namespace starts with `lo` down). Returns 0 or errno.
int bring_up_loopback();

}  // namespace cordon::sandbox
