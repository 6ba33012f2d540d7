// Reads of denied and masked paths, seen without any cost to the title's
// other file access: the mount namespace puts a stand-in over each such path
// (run_files.h), and only the stand-ins' directories are watched, so only an
// open of a stand-in makes an event. As root, fanotify (FAN_OPEN marks on
// those directories, their children included) names the process that
// opened; otherwise inotify (IN_OPEN) does the same without a pid (0 in the
// line). Each open becomes one `open` line, decided by the decider like the
// supervisor's write events (deny_paths: deny, mask_paths: allow).
//
// Limits: both interfaces coalesce an open identical to the previous one
// while that one is still unread (one line for a burst of the same open);
// a lookup of a name the stand-in does not have (created after the start,
// or beyond RunFiles::kMaxMirrored) fails with ENOENT and makes no event.
#pragma once

#include <memory>
#include <thread>
#include <vector>

#include "cordon/runtime/audit_log.h"
#include "cordon/runtime/run_files.h"
#include "cordon/sandbox/decision.h"
#include "cordon/support/error.h"
#include "cordon/support/unique_fd.h"

namespace cordon::runtime {

class FileWatch {
 public:
  // Watches `watched` (nothing to do when empty: no thread). Errors: no
  // inotify instance or watch could be made (kSystem).
  [[nodiscard]] static Result<std::unique_ptr<FileWatch>> start(
      const std::vector<RunFiles::Watched>& watched, const sandbox::Decider& decider,
      AuditLog& log);
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;
  ~FileWatch();

  // After the title's tree is gone: every open it made is queued; records
  // them all, then stops.
  void stop();

  [[nodiscard]] bool attributed() const { return fanotify_; }

  struct Table;

 private:
  FileWatch(UniqueFd events, bool fanotify, std::unique_ptr<Table> table,
            const sandbox::Decider& decider, AuditLog& log);
  void serve();
  void drain();
  void record(pid_t pid, const std::string& real);
  void record_lost();

  UniqueFd events_;
  UniqueFd wake_;
  bool fanotify_ = false;
  std::unique_ptr<Table> table_;
  const sandbox::Decider& decider_;
  AuditLog& log_;
  std::thread thread_;
};

}  // namespace cordon::runtime
