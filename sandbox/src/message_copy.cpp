#include "message_copy.h"

#include <errno.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "cordon/sandbox/seccomp_filter.h"

namespace cordon::sandbox {

int copy_sockaddr(const TitleTask& task, std::uint64_t address, std::uint64_t length,
                  std::vector<std::byte>& out) {
  out.clear();
  if (length == 0) return 0;
  if (length > sizeof(sockaddr_storage)) return EINVAL;
  out.resize(static_cast<std::size_t>(length));
  if (!task.read(address, out.data(), out.size())) return EFAULT;
  return 0;
}

CopiedMessage copy_message(const TitleTask& task, std::uint64_t address, PayloadBudget* budget) {
  msghdr header{};
  if (!task.read(address, &header, sizeof(header))) {
    CopiedMessage failed;
    failed.error = EFAULT;
    return failed;
  }
  return copy_message(task, header, budget);
}

namespace {

// Each control message header in `control`, walked as the kernel does
// (__CMSG_NXTHDR): a header that does not fit ends the walk, a length below
// a header or past the end is EINVAL. `visit` returns an errno to stop.
template <typename Visit>
int for_each_control(std::vector<std::byte>& control, Visit visit) {
  std::size_t at = 0;
  while (control.size() - at >= sizeof(cmsghdr)) {
    cmsghdr header{};
    std::memcpy(&header, control.data() + at, sizeof(header));
    if (header.cmsg_len < sizeof(cmsghdr) || header.cmsg_len > control.size() - at) return EINVAL;
    const std::size_t data_length = header.cmsg_len - CMSG_LEN(0);
    if (int err = visit(header, control.data() + at + CMSG_LEN(0), data_length); err != 0)
      return err;
    at += CMSG_ALIGN(header.cmsg_len);
    if (at > control.size()) break;
  }
  return 0;
}

// Replaces each SCM_RIGHTS descriptor number (the title's) by the supervisor's copy.
int translate_rights(const TitleTask& task, CopiedMessage& m, const cmsghdr& c, std::byte* data,
                     std::size_t length) {
  if (c.cmsg_level != SOL_SOCKET || c.cmsg_type != SCM_RIGHTS) return 0;
  const std::size_t count = length / sizeof(int);
  for (std::size_t i = 0; i < count; ++i) {
    int title_fd = 0;
    std::memcpy(&title_fd, data + i * sizeof(int), sizeof(int));
    auto copy = task.take_fd(title_fd);
    if (!copy) return EBADF;
    const int ours = copy->get();
    std::memcpy(data + i * sizeof(int), &ours, sizeof(int));
    m.passed_fds.push_back(std::move(*copy));
  }
  return 0;
}

// SCM_CREDENTIALS: the supervisor's send is checked by the kernel against
// the supervisor's identity, which (as root) would let the title claim any
// process. Only the caller's own pid, uid and gid pass; the pid is then
// written as the kernel will take it from the supervisor.
int check_credentials(const TitleTask& task, CopiedMessage& m, const cmsghdr& c, std::byte* data,
                      std::size_t length) {
  if (c.cmsg_level != SOL_SOCKET || c.cmsg_type != SCM_CREDENTIALS) return 0;
  if (length < sizeof(ucred)) return EINVAL;
  ucred claimed{};
  std::memcpy(&claimed, data, sizeof(claimed));
  const auto identity = task.identity();
  if (!identity || !identity->owns(claimed)) {
    m.refused_control = "SCM_CREDENTIALS";
    return 0;
  }
  claimed.pid = supervisor_may_claim_others() ? task.tgid() : ::getpid();
  std::memcpy(data, &claimed, sizeof(claimed));
  return 0;
}

void note_rerouting(CopiedMessage& m, const cmsghdr& c) {
  if (!m.refused_control.empty()) return;
  for (const SocketOption& o : rerouting_control_messages()) {
    if (c.cmsg_level == o.level && c.cmsg_type == o.name) m.refused_control = o.text;
  }
}

}  // namespace

CopiedMessage copy_message(const TitleTask& task, const msghdr& header, PayloadBudget* budget) {
  CopiedMessage m;
  if (header.msg_name != nullptr && header.msg_namelen > 0) {
    m.error = copy_sockaddr(task, reinterpret_cast<std::uint64_t>(header.msg_name),
                            header.msg_namelen, m.name);
    if (m.error != 0) return m;
  }
  if (header.msg_iovlen > kMaxIov) {
    m.error = EMSGSIZE;
    return m;
  }
  std::vector<iovec> iov(header.msg_iovlen);
  if (!iov.empty() && !task.read(reinterpret_cast<std::uint64_t>(header.msg_iov), iov.data(),
                                 iov.size() * sizeof(iovec))) {
    m.error = EFAULT;
    return m;
  }
  std::size_t total = 0;
  for (const auto& v : iov) {
    if (v.iov_len > kMaxPayload - total) {
      m.error = EMSGSIZE;
      return m;
    }
    total += v.iov_len;
  }
  const std::size_t control_length =
      header.msg_control != nullptr ? std::min<std::size_t>(header.msg_controllen, kMaxControl) : 0;
  if (!BudgetLease::take(budget, total + control_length, m.held)) {
    m.error = ENOBUFS;
    return m;
  }
  m.payload.resize(total);
  std::size_t at = 0;
  for (const auto& v : iov) {
    if (!task.read(reinterpret_cast<std::uint64_t>(v.iov_base), m.payload.data() + at, v.iov_len)) {
      m.error = EFAULT;
      return m;
    }
    at += v.iov_len;
  }
  if (header.msg_control != nullptr && header.msg_controllen > 0) {
    if (header.msg_controllen > kMaxControl) {
      m.error = ENOBUFS;
      return m;
    }
    m.control.resize(header.msg_controllen);
    if (!task.read(reinterpret_cast<std::uint64_t>(header.msg_control), m.control.data(),
                   m.control.size())) {
      m.error = EFAULT;
      return m;
    }
    m.error =
        for_each_control(m.control, [&](const cmsghdr& c, std::byte* data, std::size_t length) {
          note_rerouting(m, c);
          if (int err = translate_rights(task, m, c, data, length); err != 0) return err;
          return check_credentials(task, m, c, data, length);
        });
  }
  return m;
}

long send_copied(int socket, CopiedMessage& message, const sockaddr_storage* name,
                 socklen_t name_length, int flags) {
  iovec one{message.payload.data(), message.payload.size()};
  msghdr local{};
  local.msg_name = name_length > 0 ? const_cast<sockaddr_storage*>(name) : nullptr;
  local.msg_namelen = name_length;
  local.msg_iov = &one;
  local.msg_iovlen = 1;
  local.msg_control = message.control.empty() ? nullptr : message.control.data();
  local.msg_controllen = message.control.size();
  const ssize_t n = ::sendmsg(socket, &local, flags | MSG_NOSIGNAL);
  return n < 0 ? -errno : n;
}

}  // namespace cordon::sandbox
