#include "cordon/sandbox/supervisor.h"

#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "notify_handler.h"
#include "own_sockets.h"

namespace cordon::sandbox {
namespace {

// Enough for a burst of blocking connects; more queue up behind them.
constexpr std::size_t kMaxWorkers = 32;

}  // namespace

Supervisor::Supervisor(UniqueFd listener, Decider& decider, EventSink& sink)
    : listener_(std::move(listener)),
      decider_(decider),
      sink_(sink),
      own_(std::make_unique<OwnSockets>()),
      in_flight_(std::make_unique<InFlight>()) {}

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
  wake_.reset(eventfd(0, EFD_CLOEXEC));
  if (!wake_) return fail(ErrorKind::kSystem, "supervisor", "eventfd", errno_text(errno));
  receiver_ = std::thread([this] { receive_loop(); });
  return {};
}

void Supervisor::stop() {
  if (receiver_.joinable()) {
    const std::uint64_t one = 1;
    (void)!::write(wake_.get(), &one, sizeof(one));
    receiver_.join();
  }
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  in_flight_->shutdown_all();
  ready_.notify_all();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
}

void Supervisor::receive_loop() {
  // Most calls are answered right here (no hand-off between threads on the
  // hot path); a call that may block goes to a worker.
  NotifyContext context{listener_.get(), &decider_, &sink_, own_.get(), dns_};
  context.may_block = false;
  pollfd fds[2] = {{listener_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) != 0) {
      seccomp_notif notif{};
      if (ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_RECV, &notif) == 0) {
        context.deferred = false;
        if (auto response = handle_notification(notif, context)) {
          (void)ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_SEND, &*response);
        } else if (context.deferred) {
          enqueue(notif);
        }
        continue;
      }
      // ENOENT: the task went away between poll and receive.
      if (errno == EINTR || errno == ENOENT) continue;
      return;
    }
    // POLLHUP: no task uses the filter any more.
    if ((fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) return;
  }
}

void Supervisor::enqueue(const seccomp_notif& notif) {
  std::lock_guard lock(mutex_);
  queue_.push_back(notif);
  if (idle_ == 0 && workers_.size() < kMaxWorkers) {
    workers_.emplace_back([this] { worker_loop(); });
  } else {
    ready_.notify_one();
  }
}

void Supervisor::worker_loop() {
  NotifyContext context{listener_.get(), &decider_, &sink_, own_.get(), dns_};
  context.in_flight = in_flight_.get();
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    --idle_;
    if (queue_.empty()) return;  // stopping and nothing left
    const seccomp_notif notif = queue_.front();
    queue_.pop_front();
    lock.unlock();
    if (auto response = handle_notification(notif, context)) {
      // ENOENT: the task was killed or its call interrupted meanwhile.
      (void)ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_SEND, &*response);
    }
    lock.lock();
  }
}

}  // namespace cordon::sandbox
