// Resolving a path the way the kernel would, one component at a time, under
// a root of the caller's choosing (the title's /proc/PID/root), without ever
// letting the kernel follow a link: each symbolic link is read and its text
// spliced into the rest of the path, so the result is the object reached
// *and* its canonical name (no links, no "." or ".."), which is what Unix
// socket decisions are made on and audit lines name. A link that is a
// procfs one (/proc/self, /proc/PID/fd/N, magic links) is refused (ELOOP):
// its text does not say where it goes. Directories the policy keeps closed
// are not entered (EACCES, before anything inside is looked up: no name
// inside can be probed this way).
#pragma once

#include <sys/stat.h>

#include <functional>
#include <string>
#include <string_view>

#include "cordon/support/unique_fd.h"

namespace cordon::sandbox {

enum class WalkTarget {
  kObject,  // the object the path names, a final link followed (connect, sendto)
  kParent,  // the directory that would hold the final name, which is not looked up (bind)
};

struct WalkRules {
  // Whether to follow a link: `link` is its lstat, `directory` the stat of
  // the directory holding it, `last` whether it is the final component
  // (not a directory on the way). Default: every link (decisions are then
  // made on the object reached).
  std::function<bool(const struct stat& link, const struct stat& directory, bool last)> follow;
  // Whether the directory named by the canonical path may be entered.
  std::function<bool(const std::string& canonical)> may_enter;
  int max_links = 40;  // as the kernel (ELOOP)
};

struct Walked {
  UniqueFd fd;            // O_PATH of the object (kObject) or of the directory (kParent)
  std::string canonical;  // its absolute canonical path under the root
  std::string last;       // kParent: the final name, as written
  int error = 0;          // errno when the walk failed (fd invalid)
};

// `path` must be absolute (relative to the root). `root` is an O_PATH
// directory descriptor; ".." never leaves it.
[[nodiscard]] Walked walk_path(int root, std::string_view path, WalkTarget target,
                               const WalkRules& rules = {});

// Whether `path` is `prefix` or lies under it (both canonical).
[[nodiscard]] bool path_within(std::string_view path, std::string_view prefix);

}  // namespace cordon::sandbox
