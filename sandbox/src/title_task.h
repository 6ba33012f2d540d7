// Access to one task of the title from the supervisor: its memory (copied
// once, bounded), its file descriptors (pidfd_getfd), its exe and cwd.
// Private to the sandbox library.
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "cordon/support/error.h"
#include "cordon/support/unique_fd.h"

namespace cordon::sandbox {

// Who a task is, as it would name itself in SCM_CREDENTIALS.
struct TaskIdentity {
  pid_t pid = 0;       // its process id in its own pid namespace (what getpid() returns there)
  uid_t uids[3] = {};  // real, effective, saved
  gid_t gids[3] = {};
  // Whether `claimed` names this task: its pid, and one of its own uids and
  // gids (what the kernel lets an unprivileged sender claim).
  [[nodiscard]] bool owns(const ucred& claimed) const;
};

class TitleTask {
 public:
  // Opens a pidfd for thread `tid` (the pid a notification carries). Falls
  // back to its thread group leader on kernels without PIDFD_THREAD; threads
  // share one descriptor table, which is what pidfd_getfd reads.
  static Result<TitleTask> open(pid_t tid);

  [[nodiscard]] pid_t tid() const { return tid_; }
  // The process id (thread group) the thread belongs to: what audit lines name.
  [[nodiscard]] pid_t tgid() const { return tgid_; }

  // A duplicate of the title's descriptor `fd` in this process: the same open
  // socket, so a call made on it is the title's call. -errno on failure.
  [[nodiscard]] Result<UniqueFd> take_fd(int fd) const;

  // Reads exactly `length` bytes at `address` of the title; false on any fault.
  [[nodiscard]] bool read(std::uint64_t address, void* out, std::size_t length) const;
  // Reads several areas in one system call (a sendto's address and payload);
  // false when any byte of any of them is unreadable.
  struct Area {
    std::uint64_t address;
    void* out;
    std::size_t length;
  };
  [[nodiscard]] bool read(std::initializer_list<Area> areas) const;
  // Writes exactly `length` bytes; false on any fault.
  [[nodiscard]] bool write(std::uint64_t address, const void* data, std::size_t length) const;
  // A NUL-terminated string of at most `max` bytes; nullopt when unreadable
  // or unterminated within `max`.
  [[nodiscard]] std::optional<std::string> read_string(std::uint64_t address,
                                                       std::size_t max) const;

  // Signals the whole process (deny_action: kill).
  void kill() const;

  // Whether the thread has a signal pending that it does not block (what
  // would interrupt a blocking call of its own). False when it is gone.
  [[nodiscard]] bool signal_pending() const;

  // The process's identity from /proc/TGID/status; nullopt when it is gone.
  [[nodiscard]] std::optional<TaskIdentity> identity() const;

  // Whether the pidfd names this very thread (not its leader, the fallback
  // before Linux 6.9): only then can a later notification of the same tid
  // reuse it (see TaskCache).
  [[nodiscard]] bool names_thread() const { return names_thread_; }

 private:
  TitleTask(pid_t tid, pid_t tgid, UniqueFd pidfd, bool names_thread)
      : tid_(tid), tgid_(tgid), pidfd_(std::move(pidfd)), names_thread_(names_thread) {}
  pid_t tid_ = 0;
  pid_t tgid_ = 0;
  UniqueFd pidfd_;
  bool names_thread_ = false;
};

// The TitleTasks of recent notifications by tid, so that a busy title's
// calls do not each pay pidfd_open (and, for threads, a read of
// /proc/TID/status). Safe against tid reuse: a pidfd names one task for
// good, so a cached one of a task that is gone fails (ESRCH) instead of
// reaching the tid's new owner; callers then evict() and open afresh. Only
// use a cached task where such a failure is seen before anything is relied
// on (take_fd of the call's socket comes first). Thread safe.
class TaskCache {
 public:
  // The cached task of `tid`, or a newly opened one (cached when it names
  // the thread). nullptr when the task cannot be opened.
  [[nodiscard]] std::shared_ptr<const TitleTask> get(pid_t tid);
  // Drops `task` (if still the cached one for its tid).
  void evict(const std::shared_ptr<const TitleTask>& task);

 private:
  static constexpr std::size_t kCapacity = 128;  // pidfds held at most
  std::mutex mutex_;
  std::unordered_map<pid_t, std::shared_ptr<const TitleTask>> tasks_;
};

// Whether the kernel lets this process (the supervisor) put another
// process's pid in SCM_CREDENTIALS (CAP_SYS_ADMIN): then a title's own
// credentials are sent as its own, otherwise as the supervisor's pid.
[[nodiscard]] bool supervisor_may_claim_others();

// /proc/TID/exe and /proc/TID/cwd as the title sees them; "" when unavailable.
[[nodiscard]] std::string task_exe(pid_t tid);
[[nodiscard]] std::string task_cwd(pid_t tid);
// readlink of /proc/TID/fd/FD: the path of the title's descriptor; "" when unavailable.
[[nodiscard]] std::string task_fd_path(pid_t tid, int fd);

}  // namespace cordon::sandbox
