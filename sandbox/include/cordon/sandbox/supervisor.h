// The user-notification supervisor: receives every notification of a
// title's seccomp listener and answers each one after the decider decided and
// the event sink recorded it. A small pool of threads does the work so one
// slow call (a blocking connect) does not hold up the others.
#pragma once

#include <linux/seccomp.h>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "cordon/sandbox/decision.h"
#include "cordon/support/error.h"
#include "cordon/support/unique_fd.h"

namespace cordon::sandbox {

class OwnSockets;
class InFlight;
class DnsView;

class Supervisor {
 public:
  // `decider` and `sink` must outlive the supervisor.
  Supervisor(UniqueFd listener, Decider& decider, EventSink& sink);
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;
  ~Supervisor();  // stops and joins

  // Tells the supervisor about the DNS view (optional; must outlive it).
  void set_dns_view(DnsView* view) { dns_ = view; }

  // Starts the receiving thread. Errors: the notification sizes of the
  // running kernel differ from the ones cordon was built with (kSandbox).
  [[nodiscard]] Status start();

  // Answers what is queued, then stops the threads. Called once the title's
  // process tree is gone (the listener then has no more users).
  void stop();

 private:
  void receive_loop();
  void worker_loop();
  void enqueue(const seccomp_notif& notif);

  UniqueFd listener_;
  UniqueFd wake_;  // eventfd: tells the receiving thread to stop
  Decider& decider_;
  EventSink& sink_;
  std::unique_ptr<OwnSockets> own_;
  std::unique_ptr<InFlight> in_flight_;
  DnsView* dns_ = nullptr;

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<seccomp_notif> queue_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::thread receiver_;
};

}  // namespace cordon::sandbox
