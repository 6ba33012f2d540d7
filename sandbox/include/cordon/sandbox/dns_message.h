// The few parts of DNS messages (RFC 1035) the DNS view needs: the question
// of a query, an NXDOMAIN answer to it, and the A/AAAA records of an upstream
// answer. Every read is bounded; hostile packets give nullopt, never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cordon/sandbox/socket_address.h"

namespace cordon::sandbox {

struct DnsQuestion {
  std::uint16_t id = 0;
  std::string name;  // lower case, dot-separated, no trailing dot ("" for the root)
  std::uint16_t type = 0;
  std::uint16_t klass = 0;
  std::size_t end = 0;  // offset just past the question
};

// A query (QR=0, opcode 0) with exactly one question whose name uses no
// compression. Labels of 1..63 bytes, name up to 255 bytes on the wire.
[[nodiscard]] std::optional<DnsQuestion> parse_dns_query(std::span<const std::byte> packet);

// An answer with RCODE 3 (NXDOMAIN) echoing the id, flags RD and the question.
[[nodiscard]] std::vector<std::byte> make_nxdomain(std::span<const std::byte> query,
                                                   const DnsQuestion& question);

// The query the view forwards upstream for an allowed question: the
// header (its id, only the RD and CD flags kept) and the question exactly as
// the title wrote it, nothing else. Answer, authority and additional
// records a query may carry (EDNS options, arbitrary data) are dropped: what
// leaves is the name that was decided.
[[nodiscard]] std::vector<std::byte> make_upstream_query(std::span<const std::byte> query,
                                                         const DnsQuestion& question);

// The A and AAAA records of a response's answer section (compressed names
// are skipped, not followed). nullopt when the message is malformed.
[[nodiscard]] std::optional<std::vector<SocketAddress>> parse_dns_addresses(
    std::span<const std::byte> response);

}  // namespace cordon::sandbox
