#include "cordon/sandbox/dns_view.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <sstream>

#include "cordon/sandbox/dns_message.h"
#include "title_task.h"

namespace cordon::sandbox {
namespace {

constexpr int kUpstreamTimeoutMs = 3000;

// Resolves one query through `upstream`; the reply bytes, or empty on failure.
std::vector<std::byte> ask_upstream(const SocketAddress& upstream, const std::byte* query,
                                    std::size_t length, std::uint16_t id) {
  sockaddr_storage to{};
  const socklen_t to_length = to_sockaddr(upstream, to);
  UniqueFd s(::socket(to.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!s || ::connect(s.get(), reinterpret_cast<const sockaddr*>(&to), to_length) != 0) return {};
  if (::send(s.get(), query, length, 0) != static_cast<ssize_t>(length)) return {};
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kUpstreamTimeoutMs);
  std::vector<std::byte> reply(65536);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return {};
    pollfd p{s.get(), POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return {};
    const ssize_t n = ::recv(s.get(), reply.data(), reply.size(), 0);
    if (n < 12) continue;
    const auto got_id = static_cast<std::uint16_t>(static_cast<std::uint8_t>(reply[0]) << 8 |
                                                   static_cast<std::uint8_t>(reply[1]));
    if (got_id != id) continue;  // a stale or forged answer
    reply.resize(static_cast<std::size_t>(n));
    return reply;
  }
}

std::uint16_t port_of(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&a)->sin_port);
  if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&a)->sin6_port);
  return 0;
}

}  // namespace

DnsView::~DnsView() {
  stop();
}

Status DnsView::bind(const SocketAddress& listen) {
  listen_ = listen;
  sockaddr_storage at{};
  const socklen_t length = to_sockaddr(listen, at);
  socket_.reset(::socket(at.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!socket_ || ::bind(socket_.get(), reinterpret_cast<const sockaddr*>(&at), length) != 0)
    return fail(ErrorKind::kSandbox, "dns view",
                listen.address_text() + ":" + std::to_string(listen.port),
                "cannot listen: " + errno_text(errno));
  return {};
}

Status DnsView::start(const SocketAddress& upstream) {
  upstream_ = upstream;
  if (upstream_.port == 0) upstream_.port = 53;
  wake_.reset(eventfd(0, EFD_CLOEXEC));
  if (!wake_) return fail(ErrorKind::kSystem, "dns view", "eventfd", errno_text(errno));
  thread_ = std::thread([this] { serve(); });
  return {};
}

void DnsView::stop() {
  if (!thread_.joinable()) return;
  const std::uint64_t one = 1;
  (void)!::write(wake_.get(), &one, sizeof(one));
  thread_.join();
}

void DnsView::note_client(std::uint16_t port, pid_t pid) {
  std::lock_guard lock(clients_mutex_);
  clients_[port] = pid;
}

pid_t DnsView::client_pid(std::uint16_t port) {
  std::lock_guard lock(clients_mutex_);
  const auto it = clients_.find(port);
  return it == clients_.end() ? 0 : it->second;
}

void DnsView::serve() {
  std::array<std::byte, 4096> query{};
  for (;;) {
    pollfd fds[2] = {{socket_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    sockaddr_storage from{};
    socklen_t from_length = sizeof(from);
    const ssize_t n = ::recvfrom(socket_.get(), query.data(), query.size(), 0,
                                 reinterpret_cast<sockaddr*>(&from), &from_length);
    if (n <= 0) continue;
    answer(query.data(), static_cast<std::size_t>(n), from, from_length);
  }
}

void DnsView::answer(const std::byte* query, std::size_t length, const sockaddr_storage& from,
                     socklen_t from_length) {
  const std::span<const std::byte> packet(query, length);
  const auto question = parse_dns_query(packet);
  if (!question) return;  // not a query we can answer: the client times out
  Event event;
  event.request.op = Operation::kDns;
  event.request.pid = client_pid(port_of(from));
  event.request.name = question->name;
  event.exe = event.request.pid != 0 ? task_exe(event.request.pid) : "";
  event.decision = decider_.decide(event.request);
  std::vector<std::byte> reply;
  if (event.decision.verdict != Verdict::kDeny) {
    reply = ask_upstream(upstream_, query, length, question->id);
    if (auto addresses = parse_dns_addresses(reply)) {
      for (const auto& a : *addresses) decider_.learn_address(question->name, a);
    }
  }
  sink_.record(event);
  if (reply.empty() && event.decision.verdict == Verdict::kDeny)
    reply = make_nxdomain(packet, *question);
  if (reply.empty()) return;  // upstream failed: let the client retry
  (void)::sendto(socket_.get(), reply.data(), reply.size(), 0,
                 reinterpret_cast<const sockaddr*>(&from), from_length);
}

std::optional<SocketAddress> parse_resolver(const std::string& text) {
  std::string host = text;
  std::uint16_t port = 53;
  const auto parse_port = [&](const std::string& digits) {
    if (digits.empty() || digits.size() > 5 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      return false;
    const long value = std::stol(digits);
    if (value <= 0 || value > 65535) return false;
    port = static_cast<std::uint16_t>(value);
    return true;
  };
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string::npos) return std::nullopt;
    const std::string rest = host.substr(close + 1);
    if (!rest.empty() && (rest[0] != ':' || !parse_port(rest.substr(1)))) return std::nullopt;
    host = host.substr(1, close - 1);
  } else if (std::count(host.begin(), host.end(), ':') == 1) {
    const auto colon = host.find(':');
    if (!parse_port(host.substr(colon + 1))) return std::nullopt;
    host = host.substr(0, colon);
  }
  SocketAddress a;
  a.port = port;
  in6_addr v6{};
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    a.family = Family::kInet;
    std::memcpy(a.ip.data(), &v4, 4);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    a.family = Family::kInet6;
    std::memcpy(a.ip.data(), &v6, 16);
  } else {
    return std::nullopt;
  }
  return a;
}

std::optional<SocketAddress> first_nameserver(const std::string& resolv_conf) {
  std::istringstream lines(resolv_conf);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string key, value;
    if (words >> key >> value && key == "nameserver") {
      if (auto a = parse_resolver(value.find(':') != std::string::npos ? "[" + value + "]" : value))
        return a;
    }
  }
  return std::nullopt;
}

}  // namespace cordon::sandbox
