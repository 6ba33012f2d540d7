// Directories each run gets of its own: a private TMPDIR, and the places
// where programs keep per-user server sockets that a server started outside
// would otherwise answer from (Wine's server directory). Inside the sandbox
// each is a fresh writable tmpfs (namespaces.h, MountKind::kPrivateTmpfs), so
// a title's helpers start their own servers there and the host's are never
// contacted; nothing written there outlives the run.
#pragma once

#include <string>
#include <vector>

#include "cordon/support/error.h"

namespace cordon::runtime {

class PrivateDirs {
 public:
  // Creates the empty mount point of the private TMPDIR, a 0700 directory
  // `cordon-tmp-XXXXXX` under $TMPDIR (or /tmp), and lists the server
  // directories of user `uid` that exist now. Fails only when the mount
  // point cannot be made.
  [[nodiscard]] static Result<PrivateDirs> create(unsigned uid);
  PrivateDirs(PrivateDirs&& other) noexcept;
  PrivateDirs& operator=(PrivateDirs&&) = delete;
  PrivateDirs(const PrivateDirs&) = delete;
  ~PrivateDirs();  // removes the (empty, on the host) mount point

  // The title's TMPDIR.
  [[nodiscard]] const std::string& tmp() const { return tmp_; }
  // Every directory to cover with a private tmpfs: tmp() first.
  [[nodiscard]] const std::vector<std::string>& targets() const { return targets_; }

 private:
  PrivateDirs() = default;
  std::string tmp_;
  std::vector<std::string> targets_;
};

// The per-user server directories a host server may hold for user `uid`, as
// candidates whether or not they exist: upstream Wine's /tmp/.wine-UID, and
// Debian's Wine's /run/user/UID/wine (used when /run/user/UID exists; without
// it Debian's Wine keeps its server under $TMPDIR, which is private anyway).
std::vector<std::string> server_dir_candidates(unsigned uid);

}  // namespace cordon::runtime
