// Copies of a title's struct msghdr: name, payload and control data read once
// from its memory into buffers the supervisor owns, ready to send on the
// title's socket. SCM_RIGHTS descriptors are translated to the supervisor's
// own copies of them (pidfd_getfd), so the receiver gets the same files.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <vector>

#include "cordon/sandbox/socket_address.h"
#include "cordon/support/unique_fd.h"
#include "payload_budget.h"
#include "title_task.h"

namespace cordon::sandbox {

// Bounds: anything larger is refused with EMSGSIZE rather than read.
inline constexpr std::size_t kMaxPayload = 4u << 20;
inline constexpr std::size_t kMaxControl = 64u << 10;
inline constexpr std::size_t kMaxIov = 1024;  // UIO_MAXIOV

struct CopiedMessage {
  std::vector<std::byte> name;  // raw sockaddr bytes as the title wrote them
  std::vector<std::byte> payload;
  std::vector<std::byte> control;
  std::vector<UniqueFd> passed_fds;  // keep alive until the send is done
  BudgetLease held;                  // the payload and control bytes, from the budget
  int error = 0;                     // errno when the copy failed
  // A control message the supervisor must not send for the title: one that
  // reroutes ("IP_OPTIONS", "IPV6_RTHDR", ...) or credentials that are not
  // the caller's own ("SCM_CREDENTIALS"). Empty when there is none.
  std::string refused_control;

  [[nodiscard]] bool has_name() const { return !name.empty(); }
};

// Reads the msghdr at `address`; on failure `error` is EFAULT/EMSGSIZE/EBADF/EINVAL,
// or ENOBUFS when `budget` (optional) has no room for its bytes.
// Control messages are walked as the kernel walks them; a malformed one
// (a length below a header, or past the buffer) fails the copy with EINVAL,
// so no message the kernel would read differently is ever sent.
[[nodiscard]] CopiedMessage copy_message(const TitleTask& task, std::uint64_t address,
                                         PayloadBudget* budget = nullptr);
// The same from an already copied header (sendmmsg entries).
[[nodiscard]] CopiedMessage copy_message(const TitleTask& task, const msghdr& header,
                                         PayloadBudget* budget = nullptr);

// Reads a sockaddr argument: EINVAL when longer than sockaddr_storage, EFAULT
// when unreadable. Returns the error (0 on success).
[[nodiscard]] int copy_sockaddr(const TitleTask& task, std::uint64_t address, std::uint64_t length,
                                std::vector<std::byte>& out);

// sendmsg(2) on `socket` with the copied message and `name` (may be empty)
// in place of the title's. Returns the result or -errno.
[[nodiscard]] long send_copied(int socket, CopiedMessage& message, const sockaddr_storage* name,
                               socklen_t name_length, int flags);

}  // namespace cordon::sandbox
