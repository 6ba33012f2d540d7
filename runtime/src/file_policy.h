// The file policy of a run as mount steps for the title's own mount
// namespace (the bubblewrap/firejail way), plus the Landlock layer beneath
// them where it costs the title nothing:
// - a denied path is covered by a read-only stand-in of the same shape
//   (run_files.h: the same names, empty files, directories that cannot be
//   listed), so an open of it is seen (file_watch.h) and reads nothing;
// - a read-only path is bound onto itself read-only (a mount point also
//   cannot be renamed, replaced or removed);
// - the audit log is covered by such an empty file and every directory on
//   its way is pinned (bound onto itself), so the title can neither read,
//   write, replace nor move it; cordon writes through its own descriptor;
// - cgroup hierarchies are read-only (no cgroup.kill of cordon's cgroup);
// - the per-run directory (resolv.conf, masked ids) is hidden.
// Landlock gets only restricted paths none of whose ancestors the title can
// write to: its carve-out takes the right to create entries in each
// ancestor, which must never cost a title its save directory in $HOME.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cordon/runtime/run_files.h"
#include "cordon/sandbox/landlock.h"
#include "cordon/sandbox/namespaces.h"
#include "cordon/support/error.h"

namespace cordon::runtime {

struct FilePolicyInput {
  std::vector<std::string> deny_paths;       // "~" already expanded
  std::vector<std::string> read_only_paths;  // "~" already expanded
  std::optional<std::string> audit_path;
  bool enforce = true;  // --mode audit: only the log and the per-run files are covered
};

struct FileMounts {
  std::vector<sandbox::MountStep> steps;
  sandbox::LandlockRules landlock;
};

// Steps that come before the per-run files' binds, and the Landlock layer.
[[nodiscard]] Result<FileMounts> plan_file_mounts(const FilePolicyInput& input, RunFiles& files);

// Every mount point of a cgroup (v1 or v2) hierarchy, from /proc/self/mountinfo.
[[nodiscard]] std::vector<std::string> cgroup_mount_points();

// Whether a title with cordon's credentials may create entries in any
// directory from `path`'s parent up to "/".
[[nodiscard]] bool has_writable_ancestor(const std::string& path);

}  // namespace cordon::runtime
