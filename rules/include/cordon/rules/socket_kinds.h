// The sockets a profile's `runtime.sockets` may name, as "family type
// [protocol]" ("inet stream tcp", "unix dgram", "netlink raw route"). Only
// kinds the sandbox mediates completely can be named: every way such a
// socket reaches an address is a call the supervisor sees (connect, sendto,
// sendmsg, sendmmsg, listen, accept). SCTP (connects through setsockopt),
// DCCP, UDP-Lite, MPTCP, raw and packet sockets and other families cannot be,
// so a profile cannot allow them; `cordon run` refuses what is not named.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cordon/support/error.h"

namespace cordon::rules {

struct SocketKind {
  std::string name;  // canonical text, e.g. "inet stream tcp"
  int family = 0;    // AF_*
  int type = 0;      // SOCK_* (the low bits of socket(2)'s type)
  // Every value socket(2)'s protocol may take for it: 0 (the family's
  // default for the type) and the protocol's own number.
  std::vector<int> protocols;
};

// Parses one entry; the error names the entry and lists what may be named.
[[nodiscard]] Result<SocketKind> parse_socket_kind(std::string_view text);

// Words for messages and the audit log: "inet", "stream" (or the number).
[[nodiscard]] std::string socket_family_word(int family);
[[nodiscard]] std::string socket_type_word(int type);

}  // namespace cordon::rules
