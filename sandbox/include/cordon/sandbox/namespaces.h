// Namespace and mount steps of the launch checklist. The child-side ones
// return 0 or an errno value and allocate nothing, so they are safe between
// clone and execve; write_id_maps runs in the parent.
#pragma once

#include <sys/types.h>

#include <string>

namespace cordon::sandbox {

// Parent side, for a child created with CLONE_NEWUSER: writes its uid and gid
// maps. `whole_range` (cordon runs as root): every id maps to itself, so the
// title keeps its file ownership but holds capabilities only inside its own
// user namespace. Otherwise only the caller's uid and gid map to themselves
// (setgroups denied, as the kernel requires of an unprivileged writer).
// Returns 0 or errno; `failed_step` names the file that could not be written.
int write_id_maps(pid_t pid, uid_t uid, gid_t gid, bool whole_range, const char** failed_step);

// In the child's new mount namespace: stops mount events from reaching the
// host. A root that is not a mount point (a chroot: sbuild, schroot) cannot
// be made a slave; with its own user namespace nothing propagates back
// anyway, and as root without one (the kernel refuses user namespaces in a
// chroot) the root's tree is cloned, made a slave and entered instead
// (namespaces.cpp says how). Returns 0 or errno.
int make_mounts_private(bool own_user_namespace);

// Mounts a fresh procfs on /proc for the child's own pid namespace (the child
// must be in it): the title sees only its own processes, not cordon.
int mount_proc();

// One mount of the file policy, carried out in the child in list order.
enum class MountKind {
  kPin,           // `target` bound onto itself: a mount point cannot be renamed or removed
  kEmptyDir,      // an empty, read-only, mode 000 tmpfs over the directory `target`
  kBindReadOnly,  // `source` bound read-only over `target` (source == target: a read-only view)
  kPrivateTmpfs,  // a fresh, writable, mode 0700 tmpfs of the run's own over `target`
};

struct MountStep {
  MountKind kind = MountKind::kPin;
  std::string source;
  std::string target;
};

// Returns 0 or errno (ENOENT: the target does not exist).
int apply_mount_step(const MountStep& step);

// Brings up the loopback interface of the current network namespace (a new
// namespace starts with `lo` down). Returns 0 or errno.
int bring_up_loopback();

}  // namespace cordon::sandbox
