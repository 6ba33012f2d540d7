#include "cgroup_scope.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

namespace cordon::runtime {
namespace {

// The mount point of the cgroup v2 hierarchy whose root is "/", from
// /proc/self/mountinfo ("36 25 0:31 / /sys/fs/cgroup rw,... - cgroup2 ...").
std::optional<std::string> cgroup2_mount() {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    const auto dash = line.find(" - ");
    if (dash == std::string::npos || line.compare(dash + 3, 8, "cgroup2 ") != 0) continue;
    std::istringstream fields(line.substr(0, dash));
    std::string id, parent, device, root, point;
    if (!(fields >> id >> parent >> device >> root >> point) || root != "/") continue;
    return point;
  }
  return std::nullopt;
}

// cordon's own cgroup in the v2 hierarchy ("0::/user.slice/...").
std::optional<std::string> own_cgroup() {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("0::", 0) == 0) return line.substr(3);
  }
  return std::nullopt;
}

bool populated(const std::string& dir) {
  std::ifstream in(dir + "/cgroup.events");
  std::string key;
  int value = 0;
  while (in >> key >> value) {
    if (key == "populated") return value != 0;
  }
  return false;
}

}  // namespace

std::optional<CgroupScope> CgroupScope::create() {
  const auto mount = cgroup2_mount();
  const auto own = own_cgroup();
  if (!mount || !own || own->find("..") != std::string::npos) return std::nullopt;
  unsigned char random[4] = {};
  if (getrandom(random, sizeof(random), 0) != sizeof(random)) return std::nullopt;
  char name[64];
  std::snprintf(name, sizeof(name), "cordon-run-%d-%02x%02x%02x%02x", static_cast<int>(getpid()),
                random[0], random[1], random[2], random[3]);
  std::string base = *mount + (*own == "/" ? "" : *own);
  const std::string dir = base + "/" + name;
  if (::mkdir(dir.c_str(), 0755) != 0) return std::nullopt;
  UniqueFd procs(::open((dir + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC));
  if (!procs) {
    ::rmdir(dir.c_str());
    return std::nullopt;
  }
  return CgroupScope(dir, std::move(procs));
}

void CgroupScope::kill_all() {
  if (dir_.empty()) return;
  {
    UniqueFd kill_file(::open((dir_ + "/cgroup.kill").c_str(), O_WRONLY | O_CLOEXEC));
    if (kill_file) (void)!::write(kill_file.get(), "1", 1);
  }
  // Without cgroup.kill (before 5.14), or for members that raced in: one by
  // one. Bounded: a member that cannot die (stuck in the kernel) does not
  // hold cordon forever.
  for (int round = 0; round < 200 && populated(dir_); ++round) {
    std::ifstream members(dir_ + "/cgroup.procs");
    long pid = 0;
    while (members >> pid) {
      if (pid > 0) kill(static_cast<pid_t>(pid), SIGKILL);
    }
    const timespec pause{0, 5'000'000};
    nanosleep(&pause, nullptr);
  }
}

CgroupScope::~CgroupScope() {
  if (dir_.empty()) return;
  kill_all();
  procs_.reset();
  ::rmdir(dir_.c_str());
}

}  // namespace cordon::runtime
