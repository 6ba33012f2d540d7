#include "cordon/runtime/policy_decider.h"

#include <errno.h>
#include <fnmatch.h>
#include <sys/socket.h>

#include <algorithm>
#include <mutex>

#include "cordon/rules/socket_kinds.h"
#include "cordon/sandbox/path_walk.h"

namespace cordon::runtime {
namespace {

using sandbox::Decision;
using sandbox::Family;
using sandbox::Operation;
using sandbox::Request;
using sandbox::UnixKind;
using sandbox::Verdict;

Decision allow(std::string rule, std::string host = "") {
  return Decision{Verdict::kAllow, 0, false, std::move(rule), std::move(host)};
}

bool is_datagram_send(const Request& r) {
  // A send that also connects (TCP Fast Open) is refused like a connect.
  return r.datagram && !r.fastopen;
}

rules::IpAddress to_rules_ip(const sandbox::SocketAddress& a) {
  rules::IpAddress ip;
  ip.v6 = a.family == Family::kInet6;
  std::copy(a.ip.begin(), a.ip.end(), ip.bytes.begin());
  return ip;
}

}  // namespace

Result<rules::EndpointMatcher> name_matcher(const std::vector<std::string>& allow) {
  rules::EndpointMatcher names;
  for (const auto& text : allow) {
    auto pattern = rules::parse_endpoint_pattern(text);
    if (!pattern) return fail(pattern.error());
    std::string host;
    switch (pattern->kind) {
      case rules::EndpointPattern::Kind::kHostExact:
        host = pattern->host;
        break;
      case rules::EndpointPattern::Kind::kHostWildcard:
        host = "*." + pattern->host;
        break;
      case rules::EndpointPattern::Kind::kUrlPrefix:
        if (!pattern->url_host_is_ip) host = pattern->host;
        break;
      case rules::EndpointPattern::Kind::kIp:
      case rules::EndpointPattern::Kind::kCidr:
        break;
    }
    if (host.empty()) continue;
    if (auto added = names.add(host, "allow:" + text, rules::Party::kUnknown); !added)
      return fail(added.error());
  }
  return names;
}

PolicyDecider::PolicyDecider(DeciderConfig config, rules::EndpointMatcher matcher,
                             rules::EndpointMatcher names)
    : config_(std::move(config)), matcher_(std::move(matcher)), names_(std::move(names)) {
  for (const auto& entry : config_.listen) {
    if (entry == "loopback") {
      listen_loopback_ = true;
    } else {
      (void)listen_.add(entry, "listen:allow:" + entry, rules::Party::kUnknown);
    }
  }
}

Decision PolicyDecider::deny(const Request& r, std::string rule) const {
  Decision d;
  d.verdict = Verdict::kDeny;
  d.rule = std::move(rule);
  switch (r.op) {
    case Operation::kListen:
      d.error = EACCES;
      d.kill = config_.kill;
      return d;
    case Operation::kAccept:
      d.error = ECONNABORTED;  // the connection is dropped; the server goes on
      d.kill = config_.kill;
      return d;
    case Operation::kSocket:  // decide_socket sets the errno
    case Operation::kSyscall:
    case Operation::kSetsockopt:
    case Operation::kExec:
    case Operation::kBind:
      d.error = EPERM;
      return d;
    case Operation::kOpen:  // decide_file sets the errno
      d.error = EACCES;
      return d;
    case Operation::kDns:
    case Operation::kConnect:
    case Operation::kSendto:
    case Operation::kSendmsg:
      d.error = is_datagram_send(r) ? config_.datagram_errno : config_.connect_errno;
      d.kill = config_.kill;
      return d;
  }
  return d;
}

Decision PolicyDecider::decide(const Request& request) const {
  Decision d = enforce(request);
  if (d.verdict == Verdict::kDeny && config_.audit_mode) {
    d.verdict = Verdict::kAudit;
    d.error = 0;
    d.kill = false;
  }
  return d;
}

Decision PolicyDecider::enforce(const Request& r) const {
  switch (r.op) {
    case Operation::kExec:
      return allow("exec");
    case Operation::kOpen:
      return decide_file(r);
    case Operation::kSyscall:
      return deny(r, "closed:" + r.name);
    case Operation::kSocket:
      return decide_socket(r);
    case Operation::kListen:
    case Operation::kAccept:
      return decide_listen(r);
    case Operation::kSetsockopt: {
      // Source routes, routing headers, marks: the packet would go
      // elsewhere than the address that was checked.
      Decision d = deny(r, "setsockopt:" + r.option);
      d.kill = config_.kill;
      return d;
    }
    case Operation::kDns: {
      rules::EndpointQuery query;
      query.host = rules::canonical_host(r.name);
      if (query.host && config_.allowlist) {
        if (auto m = names_.match(query)) return allow(m->id, *query.host);
      }
      Decision d = deny(r, "dns:not-allowed");
      d.error = 0;  // answered NXDOMAIN, not failed
      d.kill = false;
      return d;
    }
    case Operation::kBind:
    case Operation::kConnect:
    case Operation::kSendto:
    case Operation::kSendmsg:
      break;
  }
  if (!r.option.empty()) {
    // A send carrying a rerouting control message (or forged credentials):
    // refused whatever its address, which it would not go to.
    Decision d = deny(r, "cmsg:" + r.option);
    d.error = EPERM;
    return d;
  }
  switch (r.address.family) {
    case Family::kNull:
      return allow("no-address");
    case Family::kUnix:
      return decide_unix(r);
    case Family::kInet:
    case Family::kInet6:
      if (r.op == Operation::kBind) return allow("bind:local");
      return decide_inet(r);
    case Family::kNetlink:
      if (names_family(AF_NETLINK)) return allow("netlink");
      return deny(r, "socket:netlink");
    case Family::kPacket:
      return deny(r, "socket:packet");
    case Family::kOther:
      return deny(r, "socket:family-" + std::to_string(r.address.raw_family));
  }
  return deny(r, "unknown");
}

bool PolicyDecider::names_family(int family) const {
  return std::any_of(config_.sockets.begin(), config_.sockets.end(),
                     [&](const sandbox::SocketTriple& t) { return t.family == family; });
}

// socket(2) reaches the supervisor only for kinds the profile does not name
// (or, with junk in the upper half of a register, for one it does: the
// kernel reads ints, and so does this).
Decision PolicyDecider::decide_socket(const Request& r) const {
  const int type = r.socket_type & 0xf;
  const auto protocol = static_cast<std::uint32_t>(r.socket_protocol);
  const std::string kind = rules::socket_family_word(r.socket_family) + "-" +
                           rules::socket_type_word(type) + "-" + std::to_string(protocol);
  bool family_named = false;
  bool type_named = false;
  for (const auto& t : config_.sockets) {
    if (t.family != r.socket_family) continue;
    family_named = true;
    if (t.type != type) continue;
    type_named = true;
    if (t.protocol == protocol) return allow("socket:" + kind);
  }
  const bool ip = r.socket_family == AF_INET || r.socket_family == AF_INET6;
  Decision d;
  const bool raw_type = type == SOCK_RAW || type == SOCK_PACKET;
  if (!family_named) {
    d = deny(r, "socket:family-" + std::to_string(r.socket_family));
    // Packet and other raw sockets fail as for a user without CAP_NET_RAW;
    // other families as if the kernel did not have them.
    d.error = raw_type && r.socket_family != AF_UNIX && r.socket_family != AF_NETLINK
                  ? EPERM
                  : EAFNOSUPPORT;
  } else if (ip && raw_type) {
    d = deny(r, "socket:raw");
    d.error = EPERM;  // as for a user without CAP_NET_RAW
  } else if (r.socket_family == AF_NETLINK && type_named) {
    d = deny(r, "socket:netlink-protocol-" + std::to_string(protocol));
    d.error = EPROTONOSUPPORT;
  } else {
    d = deny(r, "socket:" + kind);  // SCTP, DCCP, UDP-Lite, MPTCP, ping, ...
    d.error = EPROTONOSUPPORT;
  }
  return d;
}

// Inbound: where a socket listens (listen) or the listener a connection came
// to (accept; the peer is logged). The listener's own address decides, so a
// listener that slipped through (a race with another thread's bind) still
// accepts nothing.
Decision PolicyDecider::decide_listen(const Request& r) const {
  const sandbox::SocketAddress& at = r.op == Operation::kAccept ? r.local : r.address;
  if (at.family == Family::kUnix) return allow("listen:unix");
  if (at.family != Family::kInet && at.family != Family::kInet6)
    return deny(r, "listen:family-" + std::to_string(at.raw_family));
  if (config_.listen.empty()) return deny(r, "listen:none");
  // Its own network namespace has only its own loopback: 0.0.0.0 there is
  // as private as 127.0.0.1.
  if (config_.own_network_namespace) return allow("listen:own-netns");
  if (listen_loopback_ && at.is_loopback()) return allow("listen:loopback");
  rules::EndpointQuery query;
  query.ip = to_rules_ip(at);
  query.port = at.port;
  if (auto m = listen_.match(query)) return allow(m->id);
  return deny(r, "listen:not-allowed");
}

Decision PolicyDecider::decide_unix(const Request& r) const {
  const auto& a = r.address;
  if (a.unix_kind == UnixKind::kUnnamed) return allow("unix:unnamed");
  const auto named = [&](Decision d) {
    if (!r.unix_requested.empty() && r.unix_requested != a.unix_name) d.host = r.unix_requested;
    return d;
  };
  if (r.op == Operation::kBind) {
    // The supervisor creates the file: the file policy applies to it as to
    // the title (no socket inside a denied or read-only directory, and no
    // answer that tells which names exist there).
    if (a.unix_kind == UnixKind::kPath) {
      for (const auto& closed : config_.closed_paths) {
        if (sandbox::path_within(a.unix_name, closed)) {
          Decision d = deny(r, "bind:deny_paths:" + closed);
          d.error = EACCES;
          return named(d);
        }
      }
      for (const auto& read_only : config_.read_only_paths) {
        if (sandbox::path_within(a.unix_name, read_only)) {
          Decision d = deny(r, "bind:read_only_paths:" + read_only);
          d.error = EACCES;
          return named(d);
        }
      }
    }
    return named(allow("bind:local"));
  }
  if (r.own_unix_socket) return named(allow("unix:own-socket"));
  if (a.unix_kind == UnixKind::kPath) {
    // By what the path reached, never by the name: a link, a second name or
    // a rename in a directory a glob covers leads nowhere new.
    if (r.unix_object) {
      for (const auto& allowed : config_.unix_allowed) {
        if (allowed.id == *r.unix_object) return named(allow("unix:allow:" + allowed.glob));
      }
    } else if (r.unix_unreached) {
      // Nothing there (a display or sound server that is not running): an
      // allowed name fails as it would bare (ENOENT), nothing is reached.
      for (const auto& pattern : config_.unix_socket_paths) {
        if (!pattern.starts_with('@') &&
            fnmatch(pattern.c_str(), a.unix_name.c_str(), FNM_PATHNAME) == 0)
          return named(allow("unix:allow:" + pattern));
      }
    }
    return named(deny(r, "unix:host-socket"));
  }
  const std::string text = a.address_text();
  for (const auto& pattern : config_.unix_socket_paths) {
    if (pattern.starts_with('@') && fnmatch(pattern.c_str(), text.c_str(), 0) == 0)
      return allow("unix:allow:" + pattern);
  }
  // Abstract names live in the network namespace: with its own, the title
  // reaches only its own abstract sockets.
  if (a.unix_kind == UnixKind::kAbstract && config_.own_network_namespace)
    return allow("unix:abstract-in-netns");
  return deny(r, "unix:host-socket");
}

Decision PolicyDecider::decide_inet(const Request& r) const {
  const auto& a = r.address;
  if (config_.dns_view && a.family == config_.dns_view->family && a.ip == config_.dns_view->ip &&
      a.port == config_.dns_view->port)
    return allow("dns-view");
  if (!config_.allowlist) {
    // Air-gapped: only the title's own loopback, which exists only in its
    // own network namespace; the host's loopback is another machine's.
    if (config_.own_network_namespace && a.is_loopback())
      return allow(config_.profile + ":own-loopback");
    return deny(r, config_.profile);
  }
  rules::EndpointQuery query;
  query.ip = to_rules_ip(a);
  query.port = a.port;
  std::string host;
  {
    std::shared_lock lock(learned_mutex_);
    const auto it = learned_.find(a.address_text());
    if (it != learned_.end()) host = it->second;
  }
  if (!host.empty()) {
    query.host = host;
    if (auto m = matcher_.match(query)) return allow(m->id, host);
    query.host.reset();
  }
  if (auto m = matcher_.match(query)) return allow(m->id, host);
  Decision d = deny(r, config_.profile + ":not-allowed");
  d.host = host;
  return d;
}

// The errno each answer gives is the one the mount namespace gives the same
// call (an empty mode 000 directory, read-only binds, a mount point), so a
// title sees the same failure whether the supervisor or the kernel refused.
Decision PolicyDecider::decide_file(const Request& r) const {
  using sandbox::FileAccess;
  const std::string& path = r.name;
  const auto named = [&](Decision d) {
    if (!r.unix_requested.empty() && r.unix_requested != path) d.host = r.unix_requested;
    return d;
  };
  const auto refuse = [&](const std::string& rule, int error) {
    Decision d = deny(r, rule);
    d.error = error;
    return named(d);
  };
  for (const auto& closed : config_.closed_paths)
    if (sandbox::path_within(path, closed)) return refuse("deny_paths:" + closed, EACCES);
  for (const auto& read_only : config_.read_only_paths) {
    if (!sandbox::path_within(path, read_only)) continue;
    if (r.file_access == FileAccess::kRead) return allow("");  // readable as it is
    return refuse("read_only_paths:" + read_only, EROFS);
  }
  for (const auto& masked : config_.mask_paths) {
    if (path != masked) continue;
    if (r.file_access == FileAccess::kRead) return named(allow("mask_paths:" + masked));
    return refuse("mask_paths:" + masked, EROFS);
  }
  if (r.file_access == FileAccess::kMove) {
    // Moving or removing a directory that holds an entry would take the
    // entry's cover (a mount point) with it: the kernel says EBUSY. Other
    // changes of it (mkdir of an existing ancestor: EEXIST) go on.
    for (const auto* list : {&config_.closed_paths, &config_.read_only_paths}) {
      for (const auto& entry : *list) {
        if (entry != path && sandbox::path_within(entry, path))
          return refuse(
              std::string(list == &config_.closed_paths ? "deny_paths:" : "read_only_paths:") +
                  entry,
              EBUSY);
      }
    }
  }
  return allow("");
}

void PolicyDecider::learn_address(const std::string& host, const sandbox::SocketAddress& address) {
  std::unique_lock lock(learned_mutex_);
  learned_[address.address_text()] = host;
}

}  // namespace cordon::runtime
