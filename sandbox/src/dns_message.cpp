#include "cordon/sandbox/dns_message.h"

#include <sys/socket.h>

#include <array>
#include <cstring>

namespace cordon::sandbox {
namespace {

constexpr std::size_t kHeader = 12;
constexpr std::size_t kMaxWireName = 255;
constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kTypeAAAA = 28;

std::uint8_t byte_at(std::span<const std::byte> p, std::size_t at) {
  return static_cast<std::uint8_t>(p[at]);
}

std::optional<std::uint16_t> u16(std::span<const std::byte> p, std::size_t at) {
  if (at + 2 > p.size()) return std::nullopt;
  return static_cast<std::uint16_t>(byte_at(p, at) << 8 | byte_at(p, at + 1));
}

// Skips a possibly compressed name; returns the offset after it.
std::optional<std::size_t> skip_name(std::span<const std::byte> p, std::size_t at) {
  for (std::size_t steps = 0; steps < 128; ++steps) {
    if (at >= p.size()) return std::nullopt;
    const std::uint8_t len = byte_at(p, at);
    if (len == 0) return at + 1;
    if ((len & 0xc0) == 0xc0) return at + 2 <= p.size() ? std::optional(at + 2) : std::nullopt;
    if ((len & 0xc0) != 0) return std::nullopt;
    at += 1 + len;
  }
  return std::nullopt;
}

}  // namespace

std::optional<DnsQuestion> parse_dns_query(std::span<const std::byte> p) {
  if (p.size() < kHeader) return std::nullopt;
  const auto flags = *u16(p, 2);
  if ((flags & 0x8000) != 0 || ((flags >> 11) & 0xf) != 0)
    return std::nullopt;                     // a response, or not QUERY
  if (*u16(p, 4) != 1) return std::nullopt;  // exactly one question
  DnsQuestion q;
  q.id = *u16(p, 0);
  std::size_t at = kHeader;
  for (;;) {
    if (at >= p.size() || at - kHeader >= kMaxWireName) return std::nullopt;
    const std::uint8_t len = byte_at(p, at);
    if (len == 0) {
      ++at;
      break;
    }
    if (len > 63 || at + 1 + len > p.size()) return std::nullopt;  // compression or truncation
    if (!q.name.empty()) q.name += '.';
    for (std::size_t i = 0; i < len; ++i) {
      const std::uint8_t c = byte_at(p, at + 1 + i);
      // A dot inside a label would make the dotted name (what is decided)
      // another name than the one on the wire (what would leave):
      // "a.allowed.com" as one label is a child of "com", not of "allowed.com".
      if (c == '.') return std::nullopt;
      // ASCII only (RFC 4343), whatever the locale.
      q.name += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    at += 1 + len;
  }
  if (at - kHeader > kMaxWireName) return std::nullopt;
  const auto type = u16(p, at);
  const auto klass = u16(p, at + 2);
  if (!type || !klass) return std::nullopt;
  q.type = *type;
  q.klass = *klass;
  q.end = at + 4;
  return q;
}

std::vector<std::byte> make_nxdomain(std::span<const std::byte> query,
                                     const DnsQuestion& question) {
  if (question.end < kHeader || question.end > query.size()) return {};
  std::vector<std::byte> out(question.end);
  std::byte* o = out.data();
  if (o == nullptr) return {};
  std::memcpy(o, query.data(), question.end);
  o[2] = static_cast<std::byte>(0x80 | (byte_at(query, 2) & 0x01));  // QR, opcode QUERY, RD echoed
  o[3] = static_cast<std::byte>(0x80 | 3);                           // RA, RCODE NXDOMAIN
  std::memset(o + 6, 0, kHeader - 6);  // no answer, authority, additional
  return out;
}

std::vector<std::byte> make_upstream_query(std::span<const std::byte> query,
                                           const DnsQuestion& question) {
  if (question.end < kHeader || question.end > query.size()) return {};
  std::vector<std::byte> out(query.begin(),
                             query.begin() + static_cast<std::ptrdiff_t>(question.end));
  out[2] = static_cast<std::byte>(byte_at(query, 2) & 0x01);  // QR 0, opcode QUERY, RD as asked
  out[3] = static_cast<std::byte>(byte_at(query, 3) & 0x10);  // CD as asked
  out[4] = std::byte{0};
  out[5] = std::byte{1};
  std::memset(out.data() + 6, 0, kHeader - 6);
  return out;
}

std::optional<std::vector<SocketAddress>> parse_dns_addresses(std::span<const std::byte> p) {
  if (p.size() < kHeader) return std::nullopt;
  const auto questions = *u16(p, 4);
  const auto answers = *u16(p, 6);
  std::size_t at = kHeader;
  for (std::uint16_t i = 0; i < questions; ++i) {
    const auto next = skip_name(p, at);
    if (!next || *next + 4 > p.size()) return std::nullopt;
    at = *next + 4;
  }
  std::vector<SocketAddress> out;
  for (std::uint16_t i = 0; i < answers; ++i) {
    const auto next = skip_name(p, at);
    if (!next) return std::nullopt;
    at = *next;
    const auto type = u16(p, at);
    const auto length = u16(p, at + 8);
    if (!type || !length || at + 10 + *length > p.size()) return std::nullopt;
    const std::size_t data = at + 10;
    if (*type == kTypeA && *length == 4) {
      SocketAddress a;
      a.family = Family::kInet;
      for (std::size_t b = 0; b < 4; ++b) a.ip[b] = byte_at(p, data + b);
      out.push_back(a);
    } else if (*type == kTypeAAAA && *length == 16) {
      // Through parse_sockaddr, so a mapped IPv4 answer is learned as IPv4.
      std::array<std::byte, 28> in6{};  // sockaddr_in6: family, port, flowinfo, address
      const sa_family_t family = AF_INET6;
      std::memcpy(in6.data(), &family, sizeof(family));
      std::memcpy(in6.data() + 8, p.data() + data, 16);
      out.push_back(parse_sockaddr(in6));
    }
    at = data + *length;
  }
  return out;
}

}  // namespace cordon::sandbox
