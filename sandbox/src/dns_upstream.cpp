#include "dns_upstream.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>

#include "cordon/sandbox/dns_stream.h"
#include "cordon/support/unique_fd.h"

namespace cordon::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

std::uint16_t id_of(std::span<const std::byte> message) {
  return static_cast<std::uint16_t>(static_cast<std::uint8_t>(message[0]) << 8 |
                                    static_cast<std::uint8_t>(message[1]));
}

// Waits for `events` on `fd` until `deadline`; false on timeout or error.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int ready = poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0 && (p.revents & events) != 0;
  }
}

// A connected socket of `type` to the upstream, non-blocking; invalid on failure.
UniqueFd connect_upstream(const SocketAddress& upstream, int type, Clock::time_point deadline) {
  sockaddr_storage to{};
  const socklen_t to_length = to_sockaddr(upstream, to);
  if (to_length == 0) return {};
  UniqueFd s(::socket(to.ss_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!s) return {};
  if (::connect(s.get(), reinterpret_cast<const sockaddr*>(&to), to_length) == 0) return s;
  if (errno != EINPROGRESS || !wait_for(s.get(), POLLOUT, deadline)) return {};
  int error = 0;
  socklen_t length = sizeof(error);
  if (getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) return {};
  return s;
}

}  // namespace

std::vector<std::byte> ask_upstream_udp(const SocketAddress& upstream,
                                        std::span<const std::byte> query, std::uint16_t id,
                                        std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  UniqueFd s = connect_upstream(upstream, SOCK_DGRAM, deadline);
  if (!s || ::send(s.get(), query.data(), query.size(), 0) != static_cast<ssize_t>(query.size()))
    return {};
  std::vector<std::byte> reply(65536);
  while (wait_for(s.get(), POLLIN, deadline)) {
    const ssize_t n = ::recv(s.get(), reply.data(), reply.size(), 0);
    // A connected socket only receives from the upstream; a stale or forged
    // id is skipped.
    if (n < 12 || id_of(reply) != id) continue;
    reply.resize(static_cast<std::size_t>(n));
    return reply;
  }
  return {};
}

std::vector<std::byte> ask_upstream_tcp(const SocketAddress& upstream,
                                        std::span<const std::byte> query, std::uint16_t id,
                                        std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  UniqueFd s = connect_upstream(upstream, SOCK_STREAM, deadline);
  if (!s) return {};
  const std::vector<std::byte> framed = frame_dns_message(query);
  std::size_t sent = 0;
  while (sent < framed.size()) {
    const ssize_t n =
        ::send(s.get(), framed.data() + sent, framed.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(s.get(), POLLOUT, deadline)) return {};
    } else {
      return {};
    }
  }
  DnsStreamReader reader;
  for (;;) {
    if (auto message = reader.message()) {
      if (id_of(*message) != id) return {};  // one question per connection: no other answer
      return std::vector<std::byte>(message->begin(), message->end());
    }
    if (reader.bad() || !wait_for(s.get(), POLLIN, deadline)) return {};
    const auto space = reader.space();
    const ssize_t n = ::recv(s.get(), space.data(), space.size(), MSG_DONTWAIT);
    if (n == 0) return {};  // closed before the whole answer came
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return {};
    }
    reader.commit(static_cast<std::size_t>(n));
  }
}

}  // namespace cordon::sandbox
