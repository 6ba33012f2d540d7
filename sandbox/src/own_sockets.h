// The Unix sockets the title bound itself (through the supervisor): a title
// may always reach its own sockets, by inode for paths (so a later symlink or
// rename cannot redirect it) and by name for abstract ones.
#pragma once

#include <sys/types.h>

#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace cordon::sandbox {

class OwnSockets {
 public:
  void add_path(dev_t dev, ino_t ino) {
    std::lock_guard lock(mutex_);
    paths_.emplace(dev, ino);
  }
  void add_abstract(const std::string& name) {
    std::lock_guard lock(mutex_);
    abstract_.insert(name);
  }
  [[nodiscard]] bool has_path(dev_t dev, ino_t ino) const {
    std::lock_guard lock(mutex_);
    return paths_.count({dev, ino}) != 0;
  }
  [[nodiscard]] bool has_abstract(const std::string& name) const {
    std::lock_guard lock(mutex_);
    return abstract_.count(name) != 0;
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::pair<dev_t, ino_t>> paths_;
  std::set<std::string> abstract_;
};

}  // namespace cordon::sandbox
