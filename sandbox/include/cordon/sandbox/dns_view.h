// The sandbox's own view of DNS: a small UDP name server on a loopback
// address of its own, which the title is pointed at (its /etc/resolv.conf in
// a private mount namespace). For each query it asks the decider; an allowed
// name is resolved through the upstream resolver and the addresses it
// resolves to are taught to the decider (so connecting to them is allowed,
// with the name in the audit line); any other name gets NXDOMAIN and a `dns`
// deny event carrying the name. Every answer is sent after its event is
// recorded.
#pragma once

#include <sys/types.h>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

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

  // Binds the server on `listen` (an inet loopback address, port 53 for
  // libc's sake). Errors name the address and the fault (kSandbox).
  [[nodiscard]] Status bind(const SocketAddress& listen);
  // Starts answering, asking `upstream` (port 53 when 0) for allowed names.
  [[nodiscard]] Status start(const SocketAddress& upstream);
  void stop();

  [[nodiscard]] const SocketAddress& address() const { return listen_; }

  // The supervisor reports which title process owns a UDP port that sent to
  // the view, so events carry the right pid.
  void note_client(std::uint16_t port, pid_t pid);

 private:
  void serve();
  void answer(const std::byte* query, std::size_t length, const sockaddr_storage& from,
              socklen_t from_length);
  pid_t client_pid(std::uint16_t port);

  Decider& decider_;
  EventSink& sink_;
  SocketAddress listen_;
  SocketAddress upstream_;
  UniqueFd socket_;
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
