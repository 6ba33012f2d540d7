#include "file_watch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace cordon::runtime {

struct FileWatch::Table {
  std::map<std::pair<dev_t, ino_t>, std::string> by_inode;  // fanotify: the object opened
  std::map<int, std::string> directories;                   // inotify: watch -> stand-in dir
  std::map<std::string, std::string> by_path;               // stand-in path -> real path
};

namespace {

std::string exe_of(pid_t pid) {
  if (pid <= 0) return "";
  std::array<char, 4096> target{};
  const std::string link = "/proc/" + std::to_string(pid) + "/exe";
  const ssize_t n = ::readlink(link.c_str(), target.data(), target.size());
  if (n <= 0 || static_cast<std::size_t>(n) >= target.size()) return "";
  return std::string(target.data(), static_cast<std::size_t>(n));
}

// The directories to watch: each stand-in directory (its own opens and its
// children's) and the directory holding each top-level stand-in.
std::set<std::string> watch_points(const std::vector<RunFiles::Watched>& watched) {
  std::set<std::string> out;
  for (const auto& w : watched) {
    if (w.directory) out.insert(w.stand_in);
    out.insert(std::filesystem::path(w.stand_in).parent_path().string());
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<FileWatch>> FileWatch::start(const std::vector<RunFiles::Watched>& watched,
                                                    const sandbox::Decider& decider,
                                                    AuditLog& log) {
  if (watched.empty()) return std::unique_ptr<FileWatch>();
  auto table = std::make_unique<Table>();
  for (const auto& w : watched) {
    table->by_path[w.stand_in] = w.real;
    struct stat st {};
    if (::stat(w.stand_in.c_str(), &st) == 0) table->by_inode[{st.st_dev, st.st_ino}] = w.real;
  }
  const std::set<std::string> points = watch_points(watched);
  // fanotify names the process (it needs CAP_SYS_ADMIN); inotify otherwise.
  UniqueFd fan(fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK,
                             O_RDONLY | O_CLOEXEC | O_LARGEFILE));
  if (fan) {
    bool marked = true;
    for (const auto& dir : points) {
      if (fanotify_mark(fan.get(), FAN_MARK_ADD, FAN_OPEN | FAN_EVENT_ON_CHILD | FAN_ONDIR,
                        AT_FDCWD, dir.c_str()) != 0) {
        marked = false;
        break;
      }
    }
    if (marked)
      return std::unique_ptr<FileWatch>(
          new FileWatch(std::move(fan), true, std::move(table), decider, log));
  }
  UniqueFd in(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  if (!in) return fail(ErrorKind::kSystem, "file events", "inotify_init1", errno_text(errno));
  for (const auto& dir : points) {
    const int wd = inotify_add_watch(in.get(), dir.c_str(), IN_OPEN | IN_ONLYDIR);
    if (wd < 0) {
      // Fail closed: a run whose file events cannot all be seen does not start.
      const int error = errno;
      return fail(ErrorKind::kSystem, "file events", "inotify_add_watch " + dir,
                  error == ENOSPC
                      ? "no inotify watch left for this user (raise fs.inotify.max_user_watches)"
                      : errno_text(error));
    }
    table->directories[wd] = dir;
  }
  return std::unique_ptr<FileWatch>(
      new FileWatch(std::move(in), false, std::move(table), decider, log));
}

FileWatch::FileWatch(UniqueFd events, bool fanotify, std::unique_ptr<Table> table,
                     const sandbox::Decider& decider, AuditLog& log)
    : events_(std::move(events)),
      wake_(eventfd(0, EFD_CLOEXEC)),
      fanotify_(fanotify),
      table_(std::move(table)),
      decider_(decider),
      log_(log) {
  thread_ = std::thread([this] { serve(); });
}

FileWatch::~FileWatch() {
  stop();
}

void FileWatch::stop() {
  if (!thread_.joinable()) return;
  const std::uint64_t one = 1;
  if (!wake_ || ::write(wake_.get(), &one, sizeof(one)) != sizeof(one)) {
    // Without a wake-up the thread still ends at its next poll timeout.
  }
  thread_.join();
}

void FileWatch::serve() {
  for (;;) {
    std::array<pollfd, 2> fds{{{events_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}}};
    const int ready = ::poll(fds.data(), wake_ ? 2 : 1, wake_ ? -1 : 200);
    if (ready < 0 && errno != EINTR) break;
    drain();
    if (wake_ && (fds[1].revents & POLLIN) != 0) break;
  }
  drain();  // the tree is gone: whatever it opened is queued by now
}

void FileWatch::record_lost() {
  sandbox::Event event;
  event.request.op = sandbox::Operation::kOpen;
  event.decision.verdict = sandbox::Verdict::kAudit;
  event.decision.rule = "file-events:queue-overflow";  // some opens have no line of their own
  (void)log_.record(event);
}

void FileWatch::record(pid_t pid, const std::string& real) {
  sandbox::Event event;
  event.request.op = sandbox::Operation::kOpen;
  event.request.pid = pid;
  event.request.name = real;
  event.request.file_access = sandbox::FileAccess::kRead;
  event.decision = decider_.decide(event.request);
  if (event.decision.rule.empty()) return;  // readable as it is (read_only_paths)
  if (log_.wants_exe()) event.exe = exe_of(pid);
  (void)log_.record(event);  // a lost line is counted: cordon then exits non-zero
}

void FileWatch::drain() {
  alignas(8) std::array<char, 16384> buffer{};
  for (;;) {
    const ssize_t n = ::read(events_.get(), buffer.data(), buffer.size());
    if (n <= 0) return;  // EAGAIN: nothing more queued
    if (fanotify_) {
      auto* meta = reinterpret_cast<fanotify_event_metadata*>(buffer.data());
      ssize_t left = n;
      for (; FAN_EVENT_OK(meta, left); meta = FAN_EVENT_NEXT(meta, left)) {
        if ((meta->mask & FAN_Q_OVERFLOW) != 0) {
          record_lost();
          continue;
        }
        if (meta->fd < 0) continue;
        UniqueFd object(meta->fd);
        struct stat st {};
        if (fstat(object.get(), &st) != 0) continue;
        const auto it = table_->by_inode.find({st.st_dev, st.st_ino});
        if (it != table_->by_inode.end()) record(meta->pid, it->second);
      }
      continue;
    }
    for (ssize_t at = 0; at + static_cast<ssize_t>(sizeof(inotify_event)) <= n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(buffer.data() + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      if ((e->mask & IN_Q_OVERFLOW) != 0) {
        record_lost();
        continue;
      }
      const auto dir = table_->directories.find(e->wd);
      if (dir == table_->directories.end()) continue;
      const std::string name = e->len > 0 ? std::string(e->name) : "";
      // A directory opened is reported by its own watch and, as a child, by
      // its parent's: the child form is left out (one line per open).
      if (!name.empty() && (e->mask & IN_ISDIR) != 0 &&
          table_->by_path.count(dir->second + "/" + name) != 0)
        continue;
      const auto it = table_->by_path.find(name.empty() ? dir->second : dir->second + "/" + name);
      if (it != table_->by_path.end()) record(0, it->second);
    }
  }
}

}  // namespace cordon::runtime
