// The run's own cgroup (v2), where the machine lets cordon make one: a child
// of cordon's cgroup, writable by root or in a delegated subtree (systemd's
// user@.service). Every process of the title starts in it, so at the end it
// is killed as one (cgroup.kill, Linux 5.14+; otherwise each member) and
// removed. Where none can be made, the pid namespace alone contains the tree.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "cordon/support/unique_fd.h"

namespace cordon::runtime {

class CgroupScope {
 public:
  // nullopt where there is no cgroup v2 hierarchy or cordon may not make a
  // cgroup in it (nothing is left behind then).
  [[nodiscard]] static std::optional<CgroupScope> create();
  CgroupScope(CgroupScope&& other) noexcept
      : dir_(std::exchange(other.dir_, "")), procs_(std::move(other.procs_)) {}
  CgroupScope& operator=(CgroupScope&&) = delete;
  CgroupScope(const CgroupScope&) = delete;
  ~CgroupScope();

  // Its cgroup.procs, open for writing: a pid written there moves in.
  [[nodiscard]] int procs_fd() const { return procs_.get(); }
  [[nodiscard]] const std::string& path() const { return dir_; }

  // Kills every member and waits (bounded) until the cgroup is empty.
  void kill_all();

 private:
  CgroupScope(std::string dir, UniqueFd procs) : dir_(std::move(dir)), procs_(std::move(procs)) {}
  std::string dir_;
  UniqueFd procs_;
};

}  // namespace cordon::runtime
