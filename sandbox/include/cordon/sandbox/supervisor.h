// The user-notification supervisor: receives every notification of a
// title's seccomp listener and answers each one after the decider decided and
// the event sink recorded it. A small pool of threads takes turns (leader and
// followers): one thread receives and answers each call itself, with no
// hand-off on the way; before a call that may block (a blocking connect) it
// lets another thread take over receiving, so one slow call does not hold up
// the others.
#pragma once

#include <linux/seccomp.h>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cordon/sandbox/decision.h"
#include "cordon/support/error.h"
#include "cordon/support/unique_fd.h"

namespace cordon::sandbox {

class OwnSockets;
class InFlight;
class DnsView;
class TaskCache;
class PayloadBudget;
struct NotifyContext;

class Supervisor {
 public:
  // `decider` and `sink` must outlive the supervisor.
  Supervisor(UniqueFd listener, Decider& decider, EventSink& sink);
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;
  ~Supervisor();  // stops and joins

  // Tells the supervisor about the DNS view (optional; must outlive it).
  void set_dns_view(DnsView* view) { dns_ = view; }
  // Canonical directories (deny_paths) the supervisor never looks into for
  // the title. Set before start().
  void set_closed_paths(std::vector<std::string> paths) { closed_paths_ = std::move(paths); }

  // Starts the receiving thread. Errors: the notification sizes of the
  // running kernel differ from the ones cordon was built with (kSandbox).
  [[nodiscard]] Status start();

  // Ends calls still in progress and stops the threads. Called once the
  // title's process tree is gone (the listener then has no more users).
  void stop();

 private:
  void serve();
  [[nodiscard]] bool become_leader();
  // Receives and answers until this thread handed over or the listener is done.
  void lead(NotifyContext& context, const bool& handed_over);
  void hand_over();
  void finish();

  UniqueFd listener_;
  UniqueFd wake_;  // eventfd: tells the receiving thread to stop
  Decider& decider_;
  EventSink& sink_;
  std::unique_ptr<OwnSockets> own_;
  std::unique_ptr<InFlight> in_flight_;
  std::unique_ptr<TaskCache> tasks_;
  std::unique_ptr<PayloadBudget> budget_;  // title bytes held at once, all threads
  DnsView* dns_ = nullptr;
  std::vector<std::string> closed_paths_;

  std::mutex mutex_;
  std::condition_variable ready_;
  bool leading_ = false;   // a thread is receiving
  std::size_t idle_ = 0;   // threads waiting to lead
  bool stopping_ = false;  // no thread leads any more
  std::vector<std::thread> threads_;
};

}  // namespace cordon::sandbox
