// The sandbox's own view of DNS: a small name server on a loopback address
// of its own, which the title is pointed at (its /etc/resolv.conf in a
// private mount namespace), over UDP and over TCP (what resolvers fall back
// to after a truncated answer). For each query it asks the decider; an
// allowed name is resolved through the upstream resolver (over the same
// transport the title used) and the addresses it resolves to are taught to
// the decider (so connecting to them is allowed, with the name in the audit
// line); any other name gets NXDOMAIN and a `dns` deny event carrying the
// name. Without an upstream (air-gapped: the view lives in the title's own
// network namespace) nothing is ever forwarded. Every answer is sent after
// its event is recorded.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "cordon/sandbox/decision.h"
#include "cordon/support/error.h"
#include "cordon/support/unique_fd.h"

namespace cordon::sandbox {

class DnsView {
 public:
  DnsView(Decider& decider, EventSink& sink) : decider_(decider), sink_(sink) {}
  DnsView(const DnsView&) = delete;
  DnsView& operator=(const DnsView&) = delete;
  ~DnsView();

  // Binds the UDP server and the TCP listener on `listen` (an inet loopback
  // address; port 53 for libc's sake). Errors name the address and the fault
  // (kSandbox).
  [[nodiscard]] Status bind(const SocketAddress& listen);
  // Takes sockets already bound on `listen` elsewhere (in the title's own
  // network namespace): a UDP socket and a listening TCP socket.
  void adopt(const SocketAddress& listen, UniqueFd udp, UniqueFd tcp);
  // Starts answering, asking `upstream` (port 53 when 0) for allowed names;
  // nullopt: nothing is forwarded, every name gets NXDOMAIN.
  [[nodiscard]] Status start(std::optional<SocketAddress> upstream);
  void stop();

  [[nodiscard]] const SocketAddress& address() const { return listen_; }

  // The supervisor reports which title process owns a port that sent to
  // the view, so events carry the right pid.
  void note_client(std::uint16_t port, pid_t pid);

  // How long a TCP client may take to send one whole query (and read its
  // answer) before it is disconnected. Set before start().
  void set_tcp_idle_timeout(std::chrono::milliseconds timeout) { tcp_idle_ = timeout; }

  // At most this many TCP clients at once; more are closed on accept.
  static constexpr std::size_t kMaxTcpClients = 16;

 private:
  struct TcpClient;
  void serve();
  void serve_udp();
  void accept_tcp(std::vector<TcpClient>& clients);
  // false: the client is done (closed, bad framing, error).
  bool serve_tcp(TcpClient& client, short revents);
  bool flush_tcp(TcpClient& client);
  // The reply to one query (no framing), or empty when it is not answered.
  std::vector<std::byte> answer(std::span<const std::byte> query, std::uint16_t client_port,
                                bool stream);
  pid_t client_pid(std::uint16_t port);

  Decider& decider_;
  EventSink& sink_;
  SocketAddress listen_;
  std::optional<SocketAddress> upstream_;
  std::chrono::milliseconds tcp_idle_{10000};
  UniqueFd socket_;
  UniqueFd tcp_;
  UniqueFd wake_;
  std::thread thread_;
  std::mutex clients_mutex_;
  std::map<std::uint16_t, pid_t> clients_;
};

// The first `nameserver` of a resolv.conf text, as an address with port 53;
// nullopt when there is none.
[[nodiscard]] std::optional<SocketAddress> first_nameserver(const std::string& resolv_conf);

// "ADDR", "ADDR:PORT", "[V6]:PORT" -> address; nullopt when not an IP literal.
[[nodiscard]] std::optional<SocketAddress> parse_resolver(const std::string& text);

}  // namespace cordon::sandbox
