#include "title_wait.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>

namespace cordon::sandbox {

std::optional<std::chrono::steady_clock::time_point> socket_deadline(int socket, bool receiving) {
  timeval timeout{};
  socklen_t length = sizeof(timeout);
  if (getsockopt(socket, SOL_SOCKET, receiving ? SO_RCVTIMEO : SO_SNDTIMEO, &timeout, &length) !=
          0 ||
      (timeout.tv_sec == 0 && timeout.tv_usec == 0))
    return std::nullopt;
  return std::chrono::steady_clock::now() + std::chrono::seconds(timeout.tv_sec) +
         std::chrono::microseconds(timeout.tv_usec);
}

WaitResult wait_for_title(int socket, short events, int listener, std::uint64_t id,
                          const TitleTask& task,
                          std::optional<std::chrono::steady_clock::time_point> deadline,
                          std::chrono::milliseconds step) {
  for (;;) {
    auto wait = step;
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return WaitResult::kTimeout;
      wait = std::min(wait, left + std::chrono::milliseconds(1));
    }
    pollfd p{socket, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(wait.count()));
    if (n > 0) return WaitResult::kReady;  // also POLLERR/POLLHUP: the call itself says
    if (n < 0 && errno != EINTR) return WaitResult::kReady;
    std::uint64_t valid_id = id;
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &valid_id) != 0) return WaitResult::kGone;
    if (task.signal_pending()) return WaitResult::kSignal;
  }
}

}  // namespace cordon::sandbox
