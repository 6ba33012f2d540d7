// The DNS view's TCP server against hostile clients on a loopback port:
// pipelined queries, one byte at a time, a length that lies, the largest
// length and then silence, a short length, garbage, too many connections.
// Whatever one client does, the others (UDP and TCP) are still answered.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "cordon/sandbox/dns_stream.h"
#include "cordon/sandbox/dns_view.h"
#include "cordon/support/unique_fd.h"

namespace {

using Bytes = std::vector<std::byte>;
using cordon::UniqueFd;
using namespace std::chrono_literals;

class DenyAll final : public cordon::sandbox::Decider {
 public:
  cordon::sandbox::Decision decide(const cordon::sandbox::Request&) const override {
    cordon::sandbox::Decision d;
    d.verdict = cordon::sandbox::Verdict::kDeny;
    d.rule = "dns:not-allowed";
    return d;
  }
  void learn_address(const std::string&, const cordon::sandbox::SocketAddress&) override {}
};

class Names final : public cordon::sandbox::EventSink {
 public:
  bool record(const cordon::sandbox::Event& event) override {
    std::lock_guard lock(mutex_);
    names_.push_back(event.request.name);
    return true;
  }
  bool wants_exe() const override { return false; }
  std::vector<std::string> names() {
    std::lock_guard lock(mutex_);
    return names_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> names_;
};

Bytes query(const std::string& name, std::uint16_t id) {
  Bytes q = {std::byte(id >> 8), std::byte(id & 0xff), std::byte{1}, std::byte{0},
             std::byte{0},       std::byte{1},         std::byte{0}, std::byte{0},
             std::byte{0},       std::byte{0},         std::byte{0}, std::byte{0}};
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    q.push_back(static_cast<std::byte>(dot - start));
    for (std::size_t i = start; i < dot; ++i) q.push_back(static_cast<std::byte>(name[i]));
    start = dot + 1;
  }
  for (int b : {0, 0, 1, 0, 1}) q.push_back(static_cast<std::byte>(b));
  return q;
}

// A view on 127.0.0.1 and a free port (retried: another test may hold one).
struct View {
  DenyAll decider;
  Names sink;
  cordon::sandbox::DnsView view{decider, sink};
  sockaddr_in at{};

  explicit View(std::chrono::milliseconds idle = 10s) {
    std::mt19937 random(static_cast<unsigned>(::getpid()));
    cordon::sandbox::SocketAddress listen;
    listen.family = cordon::sandbox::Family::kInet;
    listen.ip = {127, 0, 0, 1};
    bool bound = false;
    for (int attempt = 0; attempt < 50 && !bound; ++attempt) {
      listen.port = static_cast<std::uint16_t>(20000 + random() % 30000);
      bound = static_cast<bool>(view.bind(listen));
    }
    REQUIRE(bound);
    view.set_tcp_idle_timeout(idle);
    REQUIRE(view.start(std::nullopt));
    at.sin_family = AF_INET;
    at.sin_port = htons(listen.port);
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  }

  UniqueFd connect_tcp() const {
    UniqueFd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    REQUIRE(::connect(s.get(), reinterpret_cast<const sockaddr*>(&at), sizeof(at)) == 0);
    return s;
  }
  Bytes ask_udp(const Bytes& q) const {
    UniqueFd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    REQUIRE(::sendto(s.get(), q.data(), q.size(), 0, reinterpret_cast<const sockaddr*>(&at),
                     sizeof(at)) == static_cast<ssize_t>(q.size()));
    pollfd p{s.get(), POLLIN, 0};
    if (poll(&p, 1, 20000) != 1) return {};
    Bytes reply(4096);
    const ssize_t n = ::recv(s.get(), reply.data(), reply.size(), 0);
    reply.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return reply;
  }
};

void send_all(int fd, const Bytes& bytes) {
  REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(bytes.size()));
}

// One framed answer from `fd` (bounded wait); empty when the view closed.
Bytes read_answer(int fd) {
  cordon::sandbox::DnsStreamReader reader;
  while (!reader.message()) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 20000) != 1) return {};
    const auto space = reader.space();
    const ssize_t n = ::recv(fd, space.data(), space.size(), 0);
    if (n <= 0) return {};
    reader.commit(static_cast<std::size_t>(n));
  }
  return Bytes(reader.message()->begin(), reader.message()->end());
}

// Whether the view closes `fd` within a generous bound.
bool closed_by_view(int fd) {
  const auto end = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 1000) == 1) {
      std::byte b{};
      const ssize_t n = ::recv(fd, &b, 1, 0);
      if (n <= 0) return true;
    }
  }
  return false;
}

bool is_nxdomain_for(const Bytes& reply, std::uint16_t id) {
  return reply.size() >= 12 && reply[0] == std::byte(id >> 8) && reply[1] == std::byte(id & 0xff) &&
         (static_cast<int>(reply[3]) & 0x0f) == 3 && (static_cast<int>(reply[2]) & 0x80) != 0;
}

}  // namespace

TEST_CASE("dns view over TCP: answers, pipelined, and one byte at a time") {
  View v;
  UniqueFd s = v.connect_tcp();
  Bytes two = cordon::sandbox::frame_dns_message(query("first.example", 1));
  const auto second = cordon::sandbox::frame_dns_message(query("second.example", 2));
  two.insert(two.end(), second.begin(), second.end());
  send_all(s.get(), two);
  CHECK(is_nxdomain_for(read_answer(s.get()), 1));
  CHECK(is_nxdomain_for(read_answer(s.get()), 2));
  for (std::byte b : cordon::sandbox::frame_dns_message(query("slow.example", 3)))
    send_all(s.get(), Bytes{b});
  CHECK(is_nxdomain_for(read_answer(s.get()), 3));
  CHECK(v.sink.names() ==
        std::vector<std::string>{"first.example", "second.example", "slow.example"});
}

TEST_CASE("dns view over TCP: a lying or huge length holds up no one else") {
  View v;
  UniqueFd liar = v.connect_tcp();
  Bytes lie = {std::byte{1}, std::byte{44}};  // 300 announced, 20 sent
  const auto q = query("liar.example", 4);
  lie.insert(lie.end(), q.begin(), q.end());
  send_all(liar.get(), lie);
  UniqueFd huge = v.connect_tcp();
  send_all(huge.get(), Bytes{std::byte{0xff}, std::byte{0xff}, std::byte{0}});
  // Both wait for bytes that never come; UDP and another TCP client are answered.
  CHECK(is_nxdomain_for(v.ask_udp(query("udp.example", 5)), 5));
  UniqueFd honest = v.connect_tcp();
  send_all(honest.get(), cordon::sandbox::frame_dns_message(query("honest.example", 6)));
  CHECK(is_nxdomain_for(read_answer(honest.get()), 6));
  liar.reset();  // closed mid-message: nothing is answered or recorded for it
  CHECK(is_nxdomain_for(v.ask_udp(query("after.example", 7)), 7));
  CHECK(v.sink.names() ==
        std::vector<std::string>{"udp.example", "honest.example", "after.example"});
}

TEST_CASE("dns view over TCP: short lengths and garbage close the connection") {
  View v;
  UniqueFd short_length = v.connect_tcp();
  send_all(short_length.get(), Bytes{std::byte{0}, std::byte{5}, std::byte{1}, std::byte{2}});
  CHECK(closed_by_view(short_length.get()));
  UniqueFd garbage = v.connect_tcp();
  Bytes response = query("x.example", 8);
  response[2] = std::byte{0x81};  // a response, not a query
  send_all(garbage.get(), cordon::sandbox::frame_dns_message(response));
  CHECK(closed_by_view(garbage.get()));
  CHECK(v.sink.names().empty());
}

TEST_CASE("dns view over TCP: an idle client is disconnected") {
  View v(300ms);
  UniqueFd idle = v.connect_tcp();
  send_all(idle.get(), Bytes{std::byte{0}});  // half a prefix, then nothing
  CHECK(closed_by_view(idle.get()));
  UniqueFd silent = v.connect_tcp();  // nothing at all
  CHECK(closed_by_view(silent.get()));
}

TEST_CASE("dns view over TCP: too many clients are refused, the view keeps working") {
  View v(60s);  // the held clients must outlive a slow run
  std::vector<UniqueFd> held;
  for (std::size_t i = 0; i < cordon::sandbox::DnsView::kMaxTcpClients; ++i)
    held.push_back(v.connect_tcp());
  // Each held connection is accepted once the view sees it; one more is closed.
  UniqueFd extra = v.connect_tcp();
  CHECK(closed_by_view(extra.get()));
  CHECK(is_nxdomain_for(v.ask_udp(query("udp.example", 9)), 9));
  send_all(held.front().get(), cordon::sandbox::frame_dns_message(query("held.example", 10)));
  CHECK(is_nxdomain_for(read_answer(held.front().get()), 10));
  held.clear();
  UniqueFd later = v.connect_tcp();
  send_all(later.get(), cordon::sandbox::frame_dns_message(query("later.example", 11)));
  CHECK(is_nxdomain_for(read_answer(later.get()), 11));
}
