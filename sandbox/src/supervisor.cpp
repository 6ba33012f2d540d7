#include "cordon/sandbox/supervisor.h"

#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "notify_handler.h"
#include "own_sockets.h"
#include "payload_budget.h"
#include "title_task.h"

namespace cordon::sandbox {
namespace {

// Enough for a burst of blocking connects; more wait in the kernel's queue
// until a thread is free.
constexpr std::size_t kMaxThreads = 32;

// Linux 6.6: the title and the supervisor wake each other on the waker's CPU
// (the waker is about to sleep) instead of waking an idle one: a round trip
// through the supervisor then costs no cross-CPU wake-up.
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

}  // namespace

Supervisor::Supervisor(UniqueFd listener, Decider& decider, EventSink& sink)
    : listener_(std::move(listener)),
      decider_(decider),
      sink_(sink),
      own_(std::make_unique<OwnSockets>()),
      in_flight_(std::make_unique<InFlight>()),
      tasks_(std::make_unique<TaskCache>()),
      budget_(std::make_unique<PayloadBudget>()) {}

Supervisor::~Supervisor() {
  stop();
}

Status Supervisor::start() {
  seccomp_notif_sizes sizes{};
  if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0)
    return fail(ErrorKind::kSandbox, "seccomp", "SECCOMP_GET_NOTIF_SIZES",
                "user notification not supported: " + errno_text(errno));
  if (sizes.seccomp_notif < sizeof(seccomp_notif) ||
      sizes.seccomp_notif_resp < sizeof(seccomp_notif_resp))
    return fail(ErrorKind::kSandbox, "seccomp", "SECCOMP_GET_NOTIF_SIZES",
                "kernel notification structures are smaller than expected");
  // Older kernels refuse the flag (EINVAL): the wake-ups are then ordinary ones.
  (void)ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
  wake_.reset(eventfd(0, EFD_CLOEXEC));
  if (!wake_) return fail(ErrorKind::kSystem, "supervisor", "eventfd", errno_text(errno));
  std::lock_guard lock(mutex_);
  threads_.emplace_back([this] { serve(); });
  return {};
}

void Supervisor::stop() {
  {
    std::lock_guard lock(mutex_);
    if (threads_.empty()) return;
    stopping_ = true;
  }
  if (wake_) {
    const std::uint64_t one = 1;
    (void)!::write(wake_.get(), &one, sizeof(one));  // the leader's poll
  }
  in_flight_->shutdown_all();  // calls still waiting on the network
  ready_.notify_all();
  // No thread is added once stopping_ is set (hand_over checks it).
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

void Supervisor::serve() {
  bool handed_over = false;
  NotifyContext context{listener_.get(), &decider_, &sink_, own_.get(), dns_};
  context.in_flight = in_flight_.get();
  context.budget = budget_.get();
  context.tasks = tasks_.get();
  context.closed_paths = &closed_paths_;
  context.before_blocking = [this, &handed_over] {
    hand_over();
    handed_over = true;
  };
  while (become_leader()) {
    handed_over = false;
    lead(context, handed_over);
  }
}

bool Supervisor::become_leader() {
  std::unique_lock lock(mutex_);
  ++idle_;
  ready_.wait(lock, [this] { return stopping_ || !leading_; });
  --idle_;
  if (stopping_) return false;
  leading_ = true;
  return true;
}

void Supervisor::hand_over() {
  std::lock_guard lock(mutex_);
  leading_ = false;
  if (stopping_) return;
  if (idle_ > 0) {
    ready_.notify_one();
  } else if (threads_.size() < kMaxThreads) {
    threads_.emplace_back([this] { serve(); });
  }
  // Otherwise every thread is busy: the first one done leads.
}

void Supervisor::finish() {
  std::lock_guard lock(mutex_);
  leading_ = false;
  stopping_ = true;
  ready_.notify_all();
}

void Supervisor::lead(NotifyContext& context, const bool& handed_over) {
  // Calls are answered right here, by the thread that received them: no
  // hand-off between threads on the way.
  pollfd fds[2] = {{listener_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return finish();
    }
    if (fds[1].revents != 0) return finish();
    if ((fds[0].revents & POLLIN) != 0) {
      seccomp_notif notif{};
      if (ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_RECV, &notif) == 0) {
        if (auto response = handle_notification(notif, context)) {
          // ENOENT: the task was killed or its call interrupted meanwhile.
          (void)ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_SEND, &*response);
        }
        if (handed_over) return;  // another thread receives now
        continue;
      }
      // ENOENT: the task went away between poll and receive.
      if (errno == EINTR || errno == ENOENT) continue;
      return finish();
    }
    // POLLHUP: no task uses the filter any more.
    if ((fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) return finish();
  }
}

}  // namespace cordon::sandbox
