// Handles one seccomp user notification: copies what the call points to
// once, asks the decider, records the event, performs an allowed call on the
// title's own socket, and says what to answer. Private to the sandbox library.
#pragma once

#include <linux/seccomp.h>

#include <sys/socket.h>

#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cordon/sandbox/decision.h"
#include "cordon/sandbox/dns_view.h"
#include "cordon/sandbox/path_walk.h"
#include "cordon/support/unique_fd.h"
#include "own_sockets.h"
#include "payload_budget.h"
#include "title_task.h"

namespace cordon::sandbox {

// The sockets workers are blocked on right now: when the supervisor stops
// (the title is gone), shutting them down ends calls the title no longer waits for.
class InFlight {
 public:
  void add(int fd) {
    std::lock_guard lock(mutex_);
    fds_.insert(fd);
    if (closed_) ::shutdown(fd, SHUT_RDWR);  // came after shutdown_all: must not wait either
  }
  void remove(int fd) {
    std::lock_guard lock(mutex_);
    fds_.erase(fd);
  }
  void shutdown_all() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
  }

 private:
  std::mutex mutex_;
  std::set<int> fds_;
  bool closed_ = false;
};

struct NotifyContext {
  int listener = -1;
  Decider* decider = nullptr;
  EventSink* sink = nullptr;
  OwnSockets* own = nullptr;
  DnsView* dns = nullptr;  // the DNS view, told which process owns a client port
  InFlight* in_flight = nullptr;
  TaskCache* tasks = nullptr;       // optional: pidfds of recent callers
  PayloadBudget* budget = nullptr;  // optional: bounds the title bytes held at once
  // Canonical directories the supervisor's path walks do not enter
  // (deny_paths): nothing inside them is looked up for the title.
  const std::vector<std::string>* closed_paths = nullptr;
  // Called before a call that may block (a blocking stream socket): the
  // thread that received the notification lets another one receive.
  std::function<void()> before_blocking;
};

// Where the supervisor's path walks for a title start (its /proc/TID/root,
// invalid when the task is gone), and the rules that keep them out of the
// closed directories: one for the Unix-socket and the file-policy handlers.
[[nodiscard]] UniqueFd open_title_root(pid_t tid);
[[nodiscard]] WalkRules closed_path_rules(const NotifyContext& context);

// Records a decision (before anything is answered), and kills when told
// to. An event that could not be written turns the decision into a denial.
[[nodiscard]] Decision record_decision(NotifyContext& context, const Request& request,
                                       const Decision& decision, const TitleTask* task);

// The response to send, or nullopt when the notification is no longer valid
// (the task died or was interrupted): nothing to answer then.
[[nodiscard]] std::optional<seccomp_notif_resp> handle_notification(const seccomp_notif& notif,
                                                                    NotifyContext& context);

}  // namespace cordon::sandbox
