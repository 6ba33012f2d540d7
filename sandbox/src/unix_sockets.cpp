#include "cordon/sandbox/unix_sockets.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cordon/sandbox/path_walk.h"
#include "cordon/support/unique_fd.h"

namespace cordon::sandbox {
namespace {

constexpr std::size_t kMaxSockets = 4096;

}  // namespace

bool identity_of(int fd, const char* name, SocketIdentity& out, bool* is_socket) {
  struct statx sx {};
  const int flags = name == nullptr ? AT_EMPTY_PATH : AT_SYMLINK_NOFOLLOW;
  if (::statx(fd, name == nullptr ? "" : name, flags | AT_STATX_SYNC_AS_STAT,
              STATX_TYPE | STATX_INO | STATX_NLINK | STATX_BTIME, &sx) != 0)
    return false;
  out.dev = makedev(sx.stx_dev_major, sx.stx_dev_minor);
  out.ino = sx.stx_ino;
  if ((sx.stx_mask & STATX_BTIME) != 0) {
    out.birth_sec = sx.stx_btime.tv_sec;
    out.birth_nsec = sx.stx_btime.tv_nsec;
  }
  if (is_socket != nullptr) *is_socket = S_ISSOCK(sx.stx_mode) && sx.stx_nlink == 1;
  return true;
}

std::vector<AllowedUnixSocket> snapshot_unix_sockets(const std::vector<std::string>& globs) {
  std::vector<AllowedUnixSocket> out;
  UniqueFd root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root) return out;
  WalkRules rules;
  // A socket's own name is never a link (the shape of the attack: a name a
  // glob matches, leading elsewhere); a directory on the way may be one
  // only root could have made (/var/run -> /run).
  rules.follow = [](const struct stat& link, const struct stat& directory, bool last) {
    return !last && link.st_uid == 0 && directory.st_uid == 0 && (directory.st_mode & 022) == 0;
  };
  for (const auto& pattern : globs) {
    if (pattern.empty() || pattern[0] != '/') continue;  // "@abstract": matched by name
    glob_t found{};
    if (::glob(pattern.c_str(), GLOB_NOSORT | GLOB_NOESCAPE, nullptr, &found) == 0) {
      for (std::size_t i = 0; i < found.gl_pathc && out.size() < kMaxSockets; ++i) {
        const Walked w = walk_path(root.get(), found.gl_pathv[i], WalkTarget::kObject, rules);
        SocketIdentity id;
        bool socket = false;
        if (w.error != 0 || !identity_of(w.fd.get(), nullptr, id, &socket) || !socket) continue;
        out.push_back({id, w.canonical, pattern});
      }
    }
    ::globfree(&found);
  }
  return out;
}

}  // namespace cordon::sandbox
