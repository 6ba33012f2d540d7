#include "title_task.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <string_view>
#include <vector>

namespace cordon::sandbox {
namespace {

constexpr unsigned kPidfdThread = O_EXCL;  // PIDFD_THREAD, Linux 6.9

// The text of /proc/PID/status (the first 4 KiB hold every field read here).
std::optional<std::string> status_text(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/status", pid);
  UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
  if (!fd) return std::nullopt;
  std::array<char, 4096> buffer{};
  const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size() - 1);
  if (n <= 0) return std::nullopt;
  return std::string(buffer.data(), static_cast<std::size_t>(n));
}

// The numbers after "\nKey:" (at most `max`).
std::vector<unsigned long long> status_numbers(const std::string& text, const char* key,
                                               std::size_t max, int base = 10) {
  std::vector<unsigned long long> out;
  const auto at = text.find(std::string("\n") + key + ":");
  if (at == std::string::npos) return out;
  const char* p = text.c_str() + at + 2 + std::strlen(key);
  while (out.size() < max) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(p, &end, base);
    if (end == p) break;
    out.push_back(v);
    p = end;
    if (*p == '\n' || *p == '\0') break;
  }
  return out;
}

std::optional<pid_t> thread_group_of(pid_t tid) {
  const auto text = status_text(tid);
  if (!text) return std::nullopt;
  const auto tgid = status_numbers(*text, "Tgid", 1);
  if (tgid.empty() || tgid[0] == 0) return std::nullopt;
  return static_cast<pid_t>(tgid[0]);
}

std::string read_link(pid_t tid, const char* what) {
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/%s", tid, what);
  std::array<char, 4096> target{};
  const ssize_t n = ::readlink(path, target.data(), target.size());
  if (n <= 0 || static_cast<std::size_t>(n) >= target.size()) return "";
  return std::string(target.data(), static_cast<std::size_t>(n));
}

}  // namespace

Result<TitleTask> TitleTask::open(pid_t tid) {
  // Without PIDFD_THREAD, pidfd_open accepts only a thread group leader: the
  // common single-threaded case learns its process id for free.
  long fd = syscall(SYS_pidfd_open, tid, 0);
  if (fd >= 0) return TitleTask(tid, tid, UniqueFd(static_cast<int>(fd)), true);
  // Otherwise a thread that is not the leader (EINVAL, or ENOENT on newer
  // kernels), or a task that is gone, which the status file tells apart.
  const auto tgid = thread_group_of(tid);
  if (!tgid)
    return fail(ErrorKind::kSystem, "pid " + std::to_string(tid), "status", "no thread group");
  fd = syscall(SYS_pidfd_open, tid, kPidfdThread);
  bool names_thread = fd >= 0;
  // Before Linux 6.9: the leader's pidfd; threads share one descriptor table.
  if (fd < 0 && errno == EINVAL) fd = syscall(SYS_pidfd_open, *tgid, 0);
  if (fd < 0)
    return fail(ErrorKind::kSystem, "pid " + std::to_string(tid), "pidfd_open", errno_text(errno));
  return TitleTask(tid, *tgid, UniqueFd(static_cast<int>(fd)), names_thread);
}

Result<UniqueFd> TitleTask::take_fd(int fd) const {
  const long copy = syscall(SYS_pidfd_getfd, pidfd_.get(), fd, 0);
  if (copy < 0)
    return fail(ErrorKind::kSystem, "pid " + std::to_string(tid_), "pidfd_getfd",
                errno_text(errno));
  return UniqueFd(static_cast<int>(copy));
}

bool TitleTask::read(std::uint64_t address, void* out, std::size_t length) const {
  if (length == 0) return true;
  iovec local{out, length};
  iovec remote{reinterpret_cast<void*>(address), length};
  return process_vm_readv(tid_, &local, 1, &remote, 1, 0) == static_cast<ssize_t>(length);
}

bool TitleTask::read(std::initializer_list<Area> areas) const {
  constexpr std::size_t kMaxAreas = 4;
  std::array<iovec, kMaxAreas> local{};
  std::array<iovec, kMaxAreas> remote{};
  std::size_t count = 0;
  ssize_t total = 0;
  for (const Area& a : areas) {
    if (a.length == 0) continue;
    if (count == kMaxAreas) return false;
    local[count] = {a.out, a.length};
    remote[count] = {reinterpret_cast<void*>(a.address), a.length};
    total += static_cast<ssize_t>(a.length);
    ++count;
  }
  if (count == 0) return true;
  return process_vm_readv(tid_, local.data(), count, remote.data(), count, 0) == total;
}

bool TitleTask::write(std::uint64_t address, const void* data, std::size_t length) const {
  if (length == 0) return true;
  iovec local{const_cast<void*>(data), length};
  iovec remote{reinterpret_cast<void*>(address), length};
  return process_vm_writev(tid_, &local, 1, &remote, 1, 0) == static_cast<ssize_t>(length);
}

std::optional<std::string> TitleTask::read_string(std::uint64_t address, std::size_t max) const {
  std::string out;
  // Page by page: a string may end just before an unmapped page.
  constexpr std::uint64_t kPage = 4096;
  while (out.size() < max) {
    const std::uint64_t here = address + out.size();
    const std::size_t chunk =
        std::min<std::size_t>(max - out.size(), static_cast<std::size_t>(kPage - here % kPage));
    std::array<char, kPage> buffer{};
    if (!read(here, buffer.data(), chunk)) return std::nullopt;
    const auto* end = static_cast<const char*>(std::memchr(buffer.data(), '\0', chunk));
    if (end != nullptr) {
      out.append(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
      return out;
    }
    out.append(buffer.data(), chunk);
  }
  return std::nullopt;
}

bool TaskIdentity::owns(const ucred& claimed) const {
  const auto has = [](const auto& ids, auto id) {
    return std::find(std::begin(ids), std::end(ids), id) != std::end(ids);
  };
  return claimed.pid == pid && has(uids, claimed.uid) && has(gids, claimed.gid);
}

std::optional<TaskIdentity> TitleTask::identity() const {
  const auto text = status_text(tgid_);
  if (!text) return std::nullopt;
  const auto pids = status_numbers(*text, "NSpid", 32);
  const auto uids = status_numbers(*text, "Uid", 3);
  const auto gids = status_numbers(*text, "Gid", 3);
  if (uids.size() != 3 || gids.size() != 3) return std::nullopt;
  TaskIdentity identity;
  // The innermost namespace's pid is the last one listed.
  identity.pid = pids.empty() ? tgid_ : static_cast<pid_t>(pids.back());
  for (std::size_t i = 0; i < 3; ++i) {
    identity.uids[i] = static_cast<uid_t>(uids[i]);
    identity.gids[i] = static_cast<gid_t>(gids[i]);
  }
  return identity;
}

bool TitleTask::signal_pending() const {
  const auto text = status_text(tid_);
  if (!text) return false;
  const auto thread = status_numbers(*text, "SigPnd", 1, 16);
  const auto shared = status_numbers(*text, "ShdPnd", 1, 16);
  const auto blocked = status_numbers(*text, "SigBlk", 1, 16);
  if (thread.empty() || shared.empty() || blocked.empty()) return false;
  return ((thread[0] | shared[0]) & ~blocked[0]) != 0;
}

bool supervisor_may_claim_others() {
  static const bool capable = [] {
    const auto text = status_text(::getpid());
    if (!text) return false;
    const auto effective = status_numbers(*text, "CapEff", 1, 16);
    constexpr unsigned kCapSysAdmin = 21;
    return !effective.empty() && ((effective[0] >> kCapSysAdmin) & 1) != 0;
  }();
  return capable;
}

void TitleTask::kill() const {
  syscall(SYS_pidfd_send_signal, pidfd_.get(), SIGKILL, nullptr, 0);
}

std::shared_ptr<const TitleTask> TaskCache::get(pid_t tid) {
  {
    std::lock_guard lock(mutex_);
    if (const auto it = tasks_.find(tid); it != tasks_.end()) return it->second;
  }
  auto opened = TitleTask::open(tid);
  if (!opened) return nullptr;
  auto task = std::make_shared<const TitleTask>(std::move(*opened));
  if (!task->names_thread()) return task;
  std::lock_guard lock(mutex_);
  if (tasks_.size() >= kCapacity) tasks_.clear();  // a title with that many live tasks is rare
  tasks_[tid] = task;
  return task;
}

void TaskCache::evict(const std::shared_ptr<const TitleTask>& task) {
  std::lock_guard lock(mutex_);
  if (const auto it = tasks_.find(task->tid()); it != tasks_.end() && it->second == task)
    tasks_.erase(it);
}

namespace {

// A /proc link of the title's, as the title sees it. When the title's root
// is not reachable from the supervisor's (cordon run inside a chroot: the
// title's root is a bind of the chroot's own directory), the kernel writes
// links from the mount namespace's real root ("/srv/chroot/tmp/x" for the
// title's "/tmp/x"); the title's root link carries that prefix.
std::string title_view_link(pid_t tid, const char* what) {
  std::string link = read_link(tid, what);
  if (link.empty() || link.front() != '/') return link;
  const std::string root = read_link(tid, "root");
  if (root.empty() || root == "/") return link;
  if (link == root) return "/";
  if (link.size() > root.size() && link.compare(0, root.size(), root) == 0 &&
      link[root.size()] == '/')
    return link.substr(root.size());
  return link;
}

}  // namespace

std::string task_exe(pid_t tid) {
  return title_view_link(tid, "exe");
}
std::string task_cwd(pid_t tid) {
  return title_view_link(tid, "cwd");
}
std::string task_fd_path(pid_t tid, int fd) {
  if (fd < 0) return "";
  return title_view_link(tid, ("fd/" + std::to_string(fd)).c_str());
}

}  // namespace cordon::sandbox
