// The decider, table-driven: request + profile settings -> verdict, errno, rule.
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <doctest/doctest.h>
#include <string>

#include "cordon/runtime/policy_decider.h"

namespace {

using cordon::runtime::DeciderConfig;
using cordon::runtime::PolicyDecider;
using cordon::sandbox::Family;
using cordon::sandbox::Operation;
using cordon::sandbox::Request;
using cordon::sandbox::UnixKind;
using cordon::sandbox::Verdict;

DeciderConfig zero_trust() {
  DeciderConfig c;
  c.profile = "zero-trust";
  c.allowlist = true;
  c.connect_errno = ECONNREFUSED;
  c.datagram_errno = ENETUNREACH;
  c.unix_socket_paths = {"/run/user/*/pulse/native", "@allowed-abstract"};
  for (int type : {SOCK_STREAM, SOCK_DGRAM})
    for (int family : {AF_INET, AF_INET6})
      for (std::uint32_t protocol : {0u, type == SOCK_STREAM ? 6u : 17u})
        c.sockets.push_back({family, type, protocol});
  c.sockets.push_back({AF_NETLINK, SOCK_RAW, 0});
  return c;
}

DeciderConfig air_gapped() {
  DeciderConfig c;
  c.profile = "air-gapped";
  c.own_network_namespace = true;
  c.connect_errno = ENETUNREACH;
  c.datagram_errno = ENETUNREACH;
  return c;
}

PolicyDecider make(DeciderConfig config, std::initializer_list<const char*> allow = {}) {
  cordon::rules::EndpointMatcher matcher;
  for (const char* pattern : allow)
    REQUIRE(matcher.add(pattern, std::string("allow:") + pattern, cordon::rules::Party::kUnknown));
  return PolicyDecider(std::move(config), std::move(matcher));
}

Request inet(Operation op, std::array<std::uint8_t, 4> ip, std::uint16_t port,
             bool datagram = false) {
  Request r;
  r.op = op;
  r.address.family = Family::kInet;
  std::copy(ip.begin(), ip.end(), r.address.ip.begin());
  r.address.port = port;
  r.datagram = datagram;
  return r;
}

Request unix_request(UnixKind kind, std::string name, bool own = false) {
  Request r;
  r.op = Operation::kConnect;
  r.address.family = Family::kUnix;
  r.address.unix_kind = kind;
  r.address.unix_name = std::move(name);
  r.own_unix_socket = own;
  return r;
}

struct Row {
  const char* what;
  Request request;
  Verdict verdict;
  int error;
  const char* rule;
};

void check_rows(const PolicyDecider& d, const std::vector<Row>& rows) {
  for (const auto& row : rows) {
    const std::string what = row.what;
    CAPTURE(what);
    const auto decision = d.decide(row.request);
    CHECK(decision.verdict == row.verdict);
    CHECK(decision.error == row.error);
    CHECK(decision.rule == row.rule);
  }
}

}  // namespace

TEST_CASE("zero-trust: only allowed endpoints, errno by socket kind") {
  const auto d = make(zero_trust(), {"127.0.0.1:8080", "192.0.2.0/24:443"});
  Request tfo = inet(Operation::kSendto, {127, 0, 0, 1}, 9, /*datagram=*/false);
  tfo.fastopen = true;
  check_rows(d, {
                    {"allowed exact", inet(Operation::kConnect, {127, 0, 0, 1}, 8080),
                     Verdict::kAllow, 0, "allow:127.0.0.1:8080"},
                    {"allowed cidr", inet(Operation::kConnect, {192, 0, 2, 77}, 443),
                     Verdict::kAllow, 0, "allow:192.0.2.0/24:443"},
                    {"wrong port", inet(Operation::kConnect, {127, 0, 0, 1}, 8081), Verdict::kDeny,
                     ECONNREFUSED, "zero-trust:not-allowed"},
                    {"other loopback", inet(Operation::kConnect, {127, 0, 0, 2}, 8080),
                     Verdict::kDeny, ECONNREFUSED, "zero-trust:not-allowed"},
                    {"udp send", inet(Operation::kSendto, {192, 0, 2, 1}, 53, true), Verdict::kDeny,
                     ENETUNREACH, "zero-trust:not-allowed"},
                    {"udp sendmsg", inet(Operation::kSendmsg, {8, 8, 8, 8}, 53, true),
                     Verdict::kDeny, ENETUNREACH, "zero-trust:not-allowed"},
                    {"fast open is a connect", tfo, Verdict::kDeny, ECONNREFUSED,
                     "zero-trust:not-allowed"},
                    {"bind is local", inet(Operation::kBind, {0, 0, 0, 0}, 27015), Verdict::kAllow,
                     0, "bind:local"},
                });
}

TEST_CASE("zero-trust: Unix sockets of the host only when allowed or the title's own") {
  auto config = zero_trust();
  const cordon::sandbox::SocketIdentity pulse{10, 20, 1700000000, 5};
  config.unix_allowed = {{pulse, "/run/user/1000/pulse/native", "/run/user/*/pulse/native"}};
  config.closed_paths = {"/home/u/.ssh"};
  config.read_only_paths = {"/home/u/.config/autostart"};
  const auto d = make(config);
  auto reached = [](const char* path, cordon::sandbox::SocketIdentity id,
                    std::string requested = "") {
    Request r = unix_request(UnixKind::kPath, path);
    r.unix_object = id;
    r.unix_requested = requested.empty() ? path : requested;
    return r;
  };
  auto bind = [](const char* path) {
    Request r = unix_request(UnixKind::kPath, path);
    r.op = Operation::kBind;
    return r;
  };
  auto unreached = [](const char* path) {
    Request r = unix_request(UnixKind::kPath, path);
    r.unix_unreached = true;
    return r;
  };
  check_rows(
      d,
      {
          {"the socket the glob named at the start", reached("/run/user/1000/pulse/native", pulse),
           Verdict::kAllow, 0, "unix:allow:/run/user/*/pulse/native"},
          {"another socket renamed to the allowed name",
           reached("/run/user/1000/pulse/native", {10, 21, 1700000000, 5}), Verdict::kDeny,
           ECONNREFUSED, "unix:host-socket"},
          {"the same inode number, born later: another socket",
           reached("/run/user/1000/pulse/native", {10, 20, 1800000000, 0}), Verdict::kDeny,
           ECONNREFUSED, "unix:host-socket"},
          {"a name matching the glob that reaches D-Bus (a link)",
           reached("/run/user/1000/bus", {10, 99}, "/run/user/1000/pulse/native"), Verdict::kDeny,
           ECONNREFUSED, "unix:host-socket"},
          {"the allowed socket through a link",
           reached("/run/user/1000/pulse/native", pulse, "/tmp/.X11-unix/X5"), Verdict::kAllow, 0,
           "unix:allow:/run/user/*/pulse/native"},
          {"a socket the walk could not identify",
           unix_request(UnixKind::kPath, "/run/dbus/system_bus_socket"), Verdict::kDeny,
           ECONNREFUSED, "unix:host-socket"},
          {"nothing there, outside every glob", unreached("/run/dbus/system_bus_socket"),
           Verdict::kDeny, ECONNREFUSED, "unix:host-socket"},
          {"nothing there, a name a glob allows (fails as bare: ENOENT)",
           unreached("/run/user/1000/pulse/native"), Verdict::kAllow, 0,
           "unix:allow:/run/user/*/pulse/native"},
          {"own path", unix_request(UnixKind::kPath, "/tmp/mine.sock", true), Verdict::kAllow, 0,
           "unix:own-socket"},
          {"host abstract", unix_request(UnixKind::kAbstract, "secret"), Verdict::kDeny,
           ECONNREFUSED, "unix:host-socket"},
          {"allowed abstract", unix_request(UnixKind::kAbstract, "allowed-abstract"),
           Verdict::kAllow, 0, "unix:allow:@allowed-abstract"},
          {"unnamed", unix_request(UnixKind::kUnnamed, ""), Verdict::kAllow, 0, "unix:unnamed"},
          {"bind in a denied directory", bind("/home/u/.ssh/agent.sock"), Verdict::kDeny, EACCES,
           "bind:deny_paths:/home/u/.ssh"},
          {"bind in a read-only directory", bind("/home/u/.config/autostart/x"), Verdict::kDeny,
           EACCES, "bind:read_only_paths:/home/u/.config/autostart"},
          {"bind next to it", bind("/home/u/.sshx"), Verdict::kAllow, 0, "bind:local"},
      });
  // The line names the object reached, and what the title wrote as `host`.
  const auto linked = d.decide(reached("/run/user/1000/bus", {10, 99}, "/tmp/.X11-unix/X5"));
  CHECK(linked.host == "/tmp/.X11-unix/X5");
  // --mode audit refuses nothing (the title's own file access is not
  // refused then either): the line says what enforcing would have done.
  config.audit_mode = true;
  const auto audit = make(config);
  const auto logged = audit.decide(bind("/home/u/.ssh/agent.sock"));
  CHECK(logged.verdict == Verdict::kAudit);
  CHECK(logged.rule == "bind:deny_paths:/home/u/.ssh");
  CHECK(audit.decide(reached("/run/user/1000/bus", {10, 99})).verdict == Verdict::kAudit);
}

TEST_CASE("air-gapped: own loopback and own abstract names only") {
  const auto d = make(air_gapped());
  check_rows(d, {
                    {"own loopback", inet(Operation::kConnect, {127, 0, 0, 1}, 80), Verdict::kAllow,
                     0, "air-gapped:own-loopback"},
                    {"anything else", inet(Operation::kConnect, {192, 0, 2, 1}, 80), Verdict::kDeny,
                     ENETUNREACH, "air-gapped"},
                    {"abstract in netns", unix_request(UnixKind::kAbstract, "x"), Verdict::kAllow,
                     0, "unix:abstract-in-netns"},
                    {"host path", unix_request(UnixKind::kPath, "/run/x"), Verdict::kDeny,
                     ENETUNREACH, "unix:host-socket"},
                });
}

TEST_CASE("air-gapped without its own namespace (audit mode) reaches nothing, loopback included") {
  auto config = air_gapped();
  config.own_network_namespace = false;
  config.audit_mode = true;
  const auto d = make(config);
  check_rows(d, {
                    {"host loopback", inet(Operation::kConnect, {127, 0, 0, 1}, 80),
                     Verdict::kAudit, 0, "air-gapped"},
                    {"abstract of the host", unix_request(UnixKind::kAbstract, "x"),
                     Verdict::kAudit, 0, "unix:host-socket"},
                });
}

TEST_CASE("socket(), closed calls and exec") {
  const auto d = make(zero_trust());
  Request raw;
  raw.op = Operation::kSocket;
  raw.socket_family = AF_INET;
  raw.socket_type = SOCK_RAW | SOCK_CLOEXEC;
  Request packet = raw;
  packet.socket_family = AF_PACKET;
  Request netlink = raw;
  netlink.socket_family = AF_NETLINK;
  netlink.socket_protocol = 4;
  Request sctp = raw;
  sctp.socket_type = SOCK_STREAM;
  sctp.socket_protocol = IPPROTO_SCTP;
  Request sctp_seq = sctp;
  sctp_seq.socket_type = SOCK_SEQPACKET;
  Request mptcp = sctp;
  mptcp.socket_protocol = IPPROTO_MPTCP;
  mptcp.socket_family = AF_INET6;
  Request udplite = raw;
  udplite.socket_type = SOCK_DGRAM | SOCK_NONBLOCK;
  udplite.socket_protocol = IPPROTO_UDPLITE;
  Request tcp = sctp;
  tcp.socket_protocol = IPPROTO_TCP;
  Request tipc = raw;
  tipc.socket_family = AF_TIPC;
  tipc.socket_type = SOCK_SEQPACKET;
  Request closed;
  closed.op = Operation::kSyscall;
  closed.name = "ptrace";
  Request exec;
  exec.op = Operation::kExec;
  check_rows(d, {
                    {"raw inet", raw, Verdict::kDeny, EPERM, "socket:raw"},
                    {"packet", packet, Verdict::kDeny, EPERM, "socket:family-17"},
                    {"netlink protocol", netlink, Verdict::kDeny, EPROTONOSUPPORT,
                     "socket:netlink-protocol-4"},
                    {"sctp", sctp, Verdict::kDeny, EPROTONOSUPPORT, "socket:inet-stream-132"},
                    {"sctp seqpacket", sctp_seq, Verdict::kDeny, EPROTONOSUPPORT,
                     "socket:inet-seqpacket-132"},
                    {"mptcp", mptcp, Verdict::kDeny, EPROTONOSUPPORT, "socket:inet6-stream-262"},
                    {"udp-lite", udplite, Verdict::kDeny, EPROTONOSUPPORT, "socket:inet-dgram-136"},
                    {"tipc", tipc, Verdict::kDeny, EAFNOSUPPORT, "socket:family-30"},
                    {"a named kind (reached with junk in a register's upper half)", tcp,
                     Verdict::kAllow, 0, "socket:inet-stream-6"},
                    {"closed", closed, Verdict::kDeny, EPERM, "closed:ptrace"},
                    {"exec", exec, Verdict::kAllow, 0, "exec"},
                });
}

TEST_CASE("deny_action kill and addresses learned through DNS") {
  auto config = zero_trust();
  config.kill = true;
  auto d = make(config, {"*.allowed.example:443"});
  auto denied = d.decide(inet(Operation::kConnect, {192, 0, 2, 9}, 443));
  CHECK(denied.kill);
  CHECK(denied.verdict == Verdict::kDeny);

  cordon::sandbox::SocketAddress learned;
  learned.family = Family::kInet;
  learned.ip = {192, 0, 2, 9};
  d.learn_address("api.allowed.example", learned);
  const auto allowed = d.decide(inet(Operation::kConnect, {192, 0, 2, 9}, 443));
  CHECK(allowed.verdict == Verdict::kAllow);
  CHECK(allowed.host == "api.allowed.example");
  CHECK(allowed.rule == "allow:*.allowed.example:443");
  const auto other_port = d.decide(inet(Operation::kConnect, {192, 0, 2, 9}, 80));
  CHECK(other_port.verdict == Verdict::kDeny);
  CHECK(other_port.host == "api.allowed.example");
}

TEST_CASE("dns: names allowed by host patterns on any port; the view's own address") {
  auto names = cordon::runtime::name_matcher(
      {"*.game.example:443", "exact.example", "10.0.0.1:53", "https://api.example/v1"});
  REQUIRE(names);
  cordon::rules::EndpointMatcher none;
  auto config = zero_trust();
  cordon::sandbox::SocketAddress view;
  view.family = Family::kInet;
  view.ip = {127, 9, 9, 9};
  view.port = 53;
  config.dns_view = view;
  PolicyDecider d(config, std::move(none), std::move(*names));
  const auto dns = [](const char* name) {
    Request r;
    r.op = Operation::kDns;
    r.name = name;
    return r;
  };
  Request denied_dns = dns("x.evil.example");
  check_rows(
      d,
      {
          {"wildcard name", dns("master.game.example"), Verdict::kAllow, 0,
           "allow:*.game.example:443"},
          {"apex is not the wildcard", dns("game.example"), Verdict::kDeny, 0, "dns:not-allowed"},
          {"exact", dns("EXACT.example."), Verdict::kAllow, 0, "allow:exact.example"},
          {"url host", dns("api.example"), Verdict::kAllow, 0, "allow:https://api.example/v1"},
          {"other", denied_dns, Verdict::kDeny, 0, "dns:not-allowed"},
          {"the view itself", inet(Operation::kSendto, {127, 9, 9, 9}, 53, true), Verdict::kAllow,
           0, "dns-view"},
          {"the view's address, other port", inet(Operation::kSendto, {127, 9, 9, 9}, 54, true),
           Verdict::kDeny, ENETUNREACH, "zero-trust:not-allowed"},
      });
  CHECK(d.decide(dns("master.game.example")).host == "master.game.example");
}

TEST_CASE("listen and accept: none, loopback, listed addresses, own namespace") {
  auto config = zero_trust();
  config.listen = {"loopback", "0.0.0.0:27015", "192.168.0.0/16:27020-27030"};
  const auto d = make(config);
  Request wildcard_v6 = inet(Operation::kListen, {0, 0, 0, 0}, 27015);
  wildcard_v6.address.family = Family::kInet6;
  wildcard_v6.address.ip = {};
  Request accepted = inet(Operation::kAccept, {203, 0, 113, 9}, 40000);  // the peer
  accepted.local = inet(Operation::kListen, {0, 0, 0, 0}, 9999).address;
  Request accepted_ok = accepted;
  accepted_ok.local.port = 27015;
  check_rows(d,
             {
                 {"never bound: the kernel's 0.0.0.0", inet(Operation::kListen, {0, 0, 0, 0}, 0),
                  Verdict::kDeny, EACCES, "listen:not-allowed"},
                 {"0.0.0.0 on another port", inet(Operation::kListen, {0, 0, 0, 0}, 8080),
                  Verdict::kDeny, EACCES, "listen:not-allowed"},
                 {"0.0.0.0 on the listed port", inet(Operation::kListen, {0, 0, 0, 0}, 27015),
                  Verdict::kAllow, 0, "listen:allow:0.0.0.0:27015"},
                 {":: is not 0.0.0.0", wildcard_v6, Verdict::kDeny, EACCES, "listen:not-allowed"},
                 {"loopback", inet(Operation::kListen, {127, 0, 0, 1}, 5000), Verdict::kAllow, 0,
                  "listen:loopback"},
                 {"127/8", inet(Operation::kListen, {127, 9, 9, 9}, 5000), Verdict::kAllow, 0,
                  "listen:loopback"},
                 {"a listed CIDR and range", inet(Operation::kListen, {192, 168, 4, 2}, 27021),
                  Verdict::kAllow, 0, "listen:allow:192.168.0.0/16:27020-27030"},
                 {"a connection to a listener that slipped through", accepted, Verdict::kDeny,
                  ECONNABORTED, "listen:not-allowed"},
                 {"a connection to an allowed listener", accepted_ok, Verdict::kAllow, 0,
                  "listen:allow:0.0.0.0:27015"},
             });
  auto none = zero_trust();
  const auto n = make(none);
  check_rows(n, {{"listen: none", inet(Operation::kListen, {127, 0, 0, 1}, 5000), Verdict::kDeny,
                  EACCES, "listen:none"}});
  auto air = air_gapped();
  air.listen = {"loopback"};
  const auto a = make(air);
  check_rows(a,
             {{"its own namespace: 0.0.0.0 is its own loopback",
               inet(Operation::kListen, {0, 0, 0, 0}, 0), Verdict::kAllow, 0, "listen:own-netns"}});
  Request unix_listen = unix_request(UnixKind::kPath, "/tmp/game.sock");
  unix_listen.op = Operation::kListen;
  check_rows(a,
             {{"unix listeners have no policy", unix_listen, Verdict::kAllow, 0, "listen:unix"}});
}

namespace {

Request file_request(const std::string& path, cordon::sandbox::FileAccess access,
                     const std::string& written = "") {
  Request r;
  r.op = Operation::kOpen;
  r.name = path;
  r.unix_requested = written;
  r.file_access = access;
  return r;
}

}  // namespace

TEST_CASE("open: the file policy's entries, with the mount namespace's errno") {
  using cordon::sandbox::FileAccess;
  DeciderConfig config = air_gapped();
  config.closed_paths = {"/home/u/.ssh"};
  config.read_only_paths = {"/home/u/.bashrc", "/home/u/.config/git"};
  config.mask_paths = {"/etc/machine-id"};
  PolicyDecider enforce = make(config);
  config.audit_mode = true;
  PolicyDecider audit = make(config);

  const auto key = enforce.decide(file_request("/home/u/.ssh/id_ed25519", FileAccess::kRead));
  CHECK(key.verdict == Verdict::kDeny);
  CHECK(key.error == EACCES);
  CHECK(key.rule == "deny_paths:/home/u/.ssh");
  const auto rc =
      enforce.decide(file_request("/home/u/.bashrc", FileAccess::kWrite, "/home/u/link"));
  CHECK(rc.verdict == Verdict::kDeny);
  CHECK(rc.error == EROFS);
  CHECK(rc.rule == "read_only_paths:/home/u/.bashrc");
  CHECK(rc.host == "/home/u/link");  // the path as the title wrote it
  CHECK(enforce.decide(file_request("/home/u/.config/git/config", FileAccess::kChange)).rule ==
        "read_only_paths:/home/u/.config/git");
  // Reading a read-only path is nothing to record; a masked id is.
  CHECK(enforce.decide(file_request("/home/u/.bashrc", FileAccess::kRead)).rule.empty());
  const auto id = enforce.decide(file_request("/etc/machine-id", FileAccess::kRead));
  CHECK(id.verdict == Verdict::kAllow);
  CHECK(id.rule == "mask_paths:/etc/machine-id");
  CHECK(enforce.decide(file_request("/etc/machine-id", FileAccess::kWrite)).error == EROFS);
  // Moving a directory that holds an entry: the cover is a mount point.
  const auto moved = enforce.decide(file_request("/home/u/.config", FileAccess::kMove));
  CHECK(moved.verdict == Verdict::kDeny);
  CHECK(moved.error == EBUSY);
  // A recursive mkdir of a save directory (teeworlds: mkdir /home, /home/u,
  // ...) meets the ancestors of every entry: EEXIST from the kernel, no line.
  CHECK(enforce.decide(file_request("/home/u", FileAccess::kChange)).rule.empty());
  CHECK(enforce.decide(file_request("/home", FileAccess::kChange)).rule.empty());
  CHECK(enforce.decide(file_request("/home/u/.ssh", FileAccess::kChange)).error == EACCES);
  CHECK(enforce.decide(file_request("/home/u/.config", FileAccess::kWrite)).rule.empty());
  // Ordinary paths: nothing (no line); names that only share a prefix too.
  CHECK(enforce.decide(file_request("/home/u/save.dat", FileAccess::kWrite)).rule.empty());
  CHECK(enforce.decide(file_request("/home/u/.sshx", FileAccess::kWrite)).rule.empty());
  CHECK(enforce.decide(file_request("/home/u/.bashrc.new", FileAccess::kChange)).rule.empty());
  // --mode audit: the same lines, nothing refused.
  const auto audited = audit.decide(file_request("/home/u/.bashrc", FileAccess::kWrite));
  CHECK(audited.verdict == Verdict::kAudit);
  CHECK(audited.error == 0);
}
