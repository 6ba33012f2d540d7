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
#include <cstring>
#include <sstream>

#include "cordon/sandbox/dns_message.h"
#include "cordon/sandbox/dns_sockets.h"
#include "cordon/sandbox/dns_stream.h"
#include "dns_upstream.h"
#include "title_task.h"

namespace cordon::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kUpstreamTimeout{3000};
constexpr std::size_t kMaxUdpQuery = 4096;

std::uint16_t port_of(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&a)->sin_port);
  if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&a)->sin6_port);
  return 0;
}

}  // namespace

// One TCP connection to the view: the query being assembled, then the
// answer being sent; one at a time, so a client holds at most one of each.
struct DnsView::TcpClient {
  UniqueFd fd;
  std::uint16_t port = 0;
  DnsStreamReader reader;
  std::vector<std::byte> out;  // framed answer still to send
  std::size_t sent = 0;
  Clock::time_point deadline;
};

DnsView::~DnsView() {
  stop();
}

Status DnsView::bind(const SocketAddress& listen) {
  listen_ = listen;
  sockaddr_storage at{};
  const socklen_t length = to_sockaddr(listen, at);
  int udp = -1;
  int tcp = -1;
  const char* step = "";
  if (int err = open_dns_sockets(reinterpret_cast<const sockaddr*>(&at), length, &udp, &tcp, &step);
      err != 0)
    return fail(ErrorKind::kSandbox, "dns view",
                listen.address_text() + ":" + std::to_string(listen.port),
                std::string("cannot listen: ") + step + ": " + errno_text(err));
  socket_.reset(udp);
  tcp_.reset(tcp);
  return {};
}

void DnsView::adopt(const SocketAddress& listen, UniqueFd udp, UniqueFd tcp) {
  listen_ = listen;
  socket_ = std::move(udp);
  tcp_ = std::move(tcp);
}

Status DnsView::start(std::optional<SocketAddress> upstream) {
  upstream_ = upstream;
  if (upstream_ && upstream_->port == 0) upstream_->port = 53;
  if (!socket_) return fail(ErrorKind::kInternal, "dns view", "start", "no socket bound");
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

// One thread serves UDP, the TCP listener and every TCP client with
// non-blocking calls, so a client that sends half a query (or nothing) holds
// no one else up; only forwarding an allowed name waits (bounded) on the
// upstream.
void DnsView::serve() {
  std::vector<TcpClient> clients;
  std::vector<pollfd> fds;
  for (;;) {
    fds.clear();
    fds.push_back({wake_.get(), POLLIN, 0});
    fds.push_back({socket_.get(), POLLIN, 0});
    fds.push_back({tcp_.get(), static_cast<short>(tcp_ ? POLLIN : 0), 0});
    auto next_deadline = Clock::time_point::max();
    for (const auto& c : clients) {
      fds.push_back({c.fd.get(), static_cast<short>(c.out.empty() ? POLLIN : POLLOUT), 0});
      next_deadline = std::min(next_deadline, c.deadline);
    }
    int timeout = -1;
    if (!clients.empty()) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(next_deadline - Clock::now());
      timeout = static_cast<int>(std::clamp<long long>(left.count() + 1, 0, 60000));
    }
    if (poll(fds.data(), fds.size(), timeout) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[0].revents != 0) return;
    if (fds[1].revents != 0) serve_udp();
    // Clients first (their pollfds are in step with `clients`), then new ones.
    std::size_t at = 0;
    for (std::size_t i = 0; i < clients.size(); ++i) {
      const short revents = fds[3 + i].revents;
      // A client past its deadline (a query that never completes, an
      // answer never read) is closed.
      const bool keep =
          (revents == 0 || serve_tcp(clients[i], revents)) && Clock::now() < clients[i].deadline;
      if (keep) {
        if (at != i) clients[at] = std::move(clients[i]);
        ++at;
      }
    }
    clients.resize(at);
    if (fds[2].revents != 0) accept_tcp(clients);
  }
}

void DnsView::serve_udp() {
  std::array<std::byte, kMaxUdpQuery> query{};
  sockaddr_storage from{};
  socklen_t from_length = sizeof(from);
  const ssize_t n = ::recvfrom(socket_.get(), query.data(), query.size(), MSG_DONTWAIT,
                               reinterpret_cast<sockaddr*>(&from), &from_length);
  if (n <= 0) return;
  const auto reply = answer(std::span<const std::byte>(query.data(), static_cast<std::size_t>(n)),
                            port_of(from), false);
  if (reply.empty()) return;  // not a query, or the upstream failed: the client retries
  (void)::sendto(socket_.get(), reply.data(), reply.size(), MSG_DONTWAIT,
                 reinterpret_cast<const sockaddr*>(&from), from_length);
}

void DnsView::accept_tcp(std::vector<TcpClient>& clients) {
  sockaddr_storage from{};
  socklen_t from_length = sizeof(from);
  UniqueFd fd(::accept4(tcp_.get(), reinterpret_cast<sockaddr*>(&from), &from_length,
                        SOCK_NONBLOCK | SOCK_CLOEXEC));
  if (!fd || clients.size() >= kMaxTcpClients) return;  // closed: the client sees EOF
  TcpClient client;
  client.fd = std::move(fd);
  client.port = port_of(from);
  client.deadline = Clock::now() + tcp_idle_;
  clients.push_back(std::move(client));
}

bool DnsView::serve_tcp(TcpClient& client, short revents) {
  if (!client.out.empty()) return (revents & POLLOUT) != 0 ? flush_tcp(client) : false;
  if ((revents & POLLIN) == 0) return false;  // POLLERR, POLLHUP without data
  const auto space = client.reader.space();
  const ssize_t n = ::recv(client.fd.get(), space.data(), space.size(), MSG_DONTWAIT);
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  if (n == 0) return false;  // closed; a partial query is dropped unanswered
  client.reader.commit(static_cast<std::size_t>(n));
  if (client.reader.bad()) return false;
  const auto message = client.reader.message();
  if (!message) return true;
  const auto reply = answer(*message, client.port, true);
  if (reply.empty()) return false;  // unparsable or unanswered: close, the client gives up
  client.out = frame_dns_message(reply);
  client.sent = 0;
  return flush_tcp(client);
}

bool DnsView::flush_tcp(TcpClient& client) {
  while (client.sent < client.out.size()) {
    const ssize_t n = ::send(client.fd.get(), client.out.data() + client.sent,
                             client.out.size() - client.sent, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0) return errno == EAGAIN || errno == EINTR;  // wait for POLLOUT
    client.sent += static_cast<std::size_t>(n);
  }
  client.out.clear();
  client.out.shrink_to_fit();
  client.reader.next();
  client.deadline = Clock::now() + tcp_idle_;  // the next query may follow
  return true;
}

std::vector<std::byte> DnsView::answer(std::span<const std::byte> query, std::uint16_t client_port,
                                       bool stream) {
  const auto question = parse_dns_query(query);
  if (!question) return {};  // not a query we can answer
  Event event;
  event.request.op = Operation::kDns;
  event.request.pid = client_pid(client_port);
  event.request.name = question->name;
  event.exe = event.request.pid != 0 && sink_.wants_exe() ? task_exe(event.request.pid) : "";
  event.decision = decider_.decide(event.request);
  std::vector<std::byte> reply;
  if (event.decision.verdict != Verdict::kDeny && upstream_) {
    // Over the transport the title chose: a TCP query usually follows a
    // truncated UDP answer, which asking over UDP again would repeat.
    // Only the decided question leaves: the title's other records (EDNS
    // options, additional data) stay here.
    const auto forwarded = make_upstream_query(query, *question);
    reply = stream ? ask_upstream_tcp(*upstream_, forwarded, question->id, kUpstreamTimeout)
                   : ask_upstream_udp(*upstream_, forwarded, question->id, kUpstreamTimeout);
    if (auto addresses = parse_dns_addresses(reply)) {
      for (const auto& a : *addresses) decider_.learn_address(question->name, a);
    }
  }
  // A name whose event could not be written gets no answer (fail closed).
  if (!sink_.record(event)) reply.clear();
  if (reply.empty()) reply = make_nxdomain(query, *question);
  return reply;
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
