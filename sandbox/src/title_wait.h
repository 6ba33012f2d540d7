// Waiting for a socket on the title's behalf the way its own blocking call
// would wait: until the socket is ready, its timeout (SO_RCVTIMEO or
// SO_SNDTIMEO) passes, a signal arrives for the calling thread, or the
// call is gone (the title was killed). The title waits killably for the
// supervisor's answer (SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV), so a signal
// for its handler is only noticed here, by looking: the answer is then
// -ERESTARTSYS, which the kernel turns into a restart of the call (SA_RESTART,
// or no handler ran) or EINTR, exactly as for its own blocking call.
// Private to the sandbox library.
#pragma once

#include <poll.h>

#include <chrono>
#include <cstdint>
#include <optional>

#include "title_task.h"

namespace cordon::sandbox {

// The kernel's "restart this call" (ERESTARTSYS): never seen by the title.
inline constexpr long kRestartCall = 512;

enum class WaitResult { kReady, kSignal, kTimeout, kGone };

// The socket's SO_RCVTIMEO (`receiving`) or SO_SNDTIMEO as a deadline from
// now; nullopt when none is set (wait for ever).
[[nodiscard]] std::optional<std::chrono::steady_clock::time_point> socket_deadline(int socket,
                                                                                   bool receiving);

// Polls `socket` for `events`; every `step` checks for a pending signal of
// `task` and whether notification `id` of `listener` is still valid.
[[nodiscard]] WaitResult wait_for_title(
    int socket, short events, int listener, std::uint64_t id, const TitleTask& task,
    std::optional<std::chrono::steady_clock::time_point> deadline,
    std::chrono::milliseconds step = std::chrono::milliseconds(50));

}  // namespace cordon::sandbox
