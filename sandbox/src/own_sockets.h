// The Unix sockets the title bound itself (through the supervisor): a title
// may always reach its own sockets, by identity for paths (so a later
// symlink, hard link or rename cannot redirect it, and a reused inode number
// is another socket) and by name for abstract ones. Bounded: a title binding
// more than kMaxOwn sockets gets ENOBUFS from the supervisor.
#pragma once

#include <sys/types.h>

#include <mutex>
#include <set>
#include <string>

#include "cordon/sandbox/unix_sockets.h"

namespace cordon::sandbox {

class OwnSockets {
 public:
  static constexpr std::size_t kMaxOwn = 65536;

  [[nodiscard]] bool full() const {
    std::lock_guard lock(mutex_);
    return paths_.size() + abstract_.size() >= kMaxOwn;
  }
  void add_path(const SocketIdentity& id) {
    std::lock_guard lock(mutex_);
    paths_.insert(id);
  }
  void add_abstract(const std::string& name) {
    std::lock_guard lock(mutex_);
    abstract_.insert(name);
  }
  [[nodiscard]] bool has_path(const SocketIdentity& id) const {
    std::lock_guard lock(mutex_);
    return paths_.count(id) != 0;
  }
  [[nodiscard]] bool has_abstract(const std::string& name) const {
    std::lock_guard lock(mutex_);
    return abstract_.count(name) != 0;
  }

 private:
  mutable std::mutex mutex_;
  std::set<SocketIdentity> paths_;
  std::set<std::string> abstract_;
};

}  // namespace cordon::sandbox
