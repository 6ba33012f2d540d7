// Socket addresses as the supervisor sees them: the raw sockaddr bytes copied
// once from a title's memory, parsed into one canonical form that the decider,
// the audit log and the call the supervisor performs all share.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace cordon::sandbox {

enum class Family {
  kNull,   // no address (connected socket, AF_UNSPEC)
  kUnix,   // path, abstract (@name) or unnamed
  kInet,   // IPv4, and IPv4-mapped IPv6 after canonicalisation
  kInet6,  // every other IPv6 address
  kNetlink,
  kPacket,
  kOther,  // a family cordon does not know: always denied
};

enum class UnixKind { kPath, kAbstract, kUnnamed };

struct SocketAddress {
  Family family = Family::kNull;
  int raw_family = AF_UNSPEC;         // sa_family as the title wrote it
  bool v4_mapped = false;             // written as ::ffff:a.b.c.d, canonicalised to kInet
  std::array<std::uint8_t, 16> ip{};  // kInet uses ip[0..3]
  std::uint16_t port = 0;             // host byte order
  std::uint32_t scope_id = 0;         // kInet6
  UnixKind unix_kind = UnixKind::kUnnamed;
  std::string unix_name;  // kPath: the path; kAbstract: the name without the NUL

  // "1.2.3.4", RFC 5952 IPv6, a Unix path, "@name", "" for kNull.
  [[nodiscard]] std::string address_text() const;
  [[nodiscard]] bool is_loopback() const;
};

// "inet", "inet6", "unix", "netlink", "packet", "null" (the contract's words;
// unknown families are reported as "null" with the number in the rule).
[[nodiscard]] std::string_view family_name(Family family);

// Parses `length` bytes of a sockaddr. Never reads past `bytes`; a length
// shorter than the family's structure gives kOther (the kernel would refuse
// it with EINVAL, and the supervisor denies it the same way). An empty span is
// kNull. Abstract names keep embedded NULs as they are (they are part of the name).
[[nodiscard]] SocketAddress parse_sockaddr(std::span<const std::byte> bytes);

// Writes the canonical form back as a sockaddr for the call the supervisor
// performs: the copied bytes are what is checked, so they are what is used.
// Returns the length written, 0 when `address` cannot be written back.
[[nodiscard]] socklen_t to_sockaddr(const SocketAddress& address, sockaddr_storage& out);

}  // namespace cordon::sandbox
