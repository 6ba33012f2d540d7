#include "message_copy.h"

#include <errno.h>

#include <cstring>

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

CopiedMessage copy_message(const TitleTask& task, std::uint64_t address) {
  msghdr header{};
  if (!task.read(address, &header, sizeof(header))) {
    CopiedMessage failed;
    failed.error = EFAULT;
    return failed;
  }
  return copy_message(task, header);
}

namespace {

// Replaces each SCM_RIGHTS descriptor number (the title's) by the supervisor's copy.
int translate_rights(const TitleTask& task, CopiedMessage& m) {
  msghdr local{};
  local.msg_control = m.control.data();
  local.msg_controllen = m.control.size();
  for (cmsghdr* c = CMSG_FIRSTHDR(&local); c != nullptr; c = CMSG_NXTHDR(&local, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    if (c->cmsg_len < CMSG_LEN(0)) return EINVAL;
    const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    auto* data = reinterpret_cast<unsigned char*>(CMSG_DATA(c));
    for (std::size_t i = 0; i < count; ++i) {
      int title_fd = 0;
      std::memcpy(&title_fd, data + i * sizeof(int), sizeof(int));
      auto copy = task.take_fd(title_fd);
      if (!copy) return EBADF;
      const int ours = copy->get();
      std::memcpy(data + i * sizeof(int), &ours, sizeof(int));
      m.passed_fds.push_back(std::move(*copy));
    }
  }
  return 0;
}

}  // namespace

CopiedMessage copy_message(const TitleTask& task, const msghdr& header) {
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
    m.error = translate_rights(task, m);
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
