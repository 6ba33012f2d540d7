// IP literals: the libc's own parsers are the reference semantics, so the
// matcher and the title agree on what "127.1" or "0x7f.1" means.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>

#include "cordon/rules/endpoint.h"

namespace cordon::rules {
namespace {

// Longest IPv4 text inet_aton can accept without leading zeros padding:
// generous, but bounds the copy made for the C call.
constexpr std::size_t kMaxIpText = 64;

bool is_ipv4_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == 'x' ||
         c == 'X' || c == '.';
}

std::optional<IpAddress> parse_ipv4(std::string_view text) {
  // glibc's inet_aton stops at the first space and accepts what follows, and
  // strtoul underneath skips signs and blanks: only the characters a numeric
  // address can hold are let through, so "1.2.3.4 evil" is not 1.2.3.4.
  if (text.empty() || text.size() > kMaxIpText) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), is_ipv4_char)) return std::nullopt;
  if (text.front() == '.' || text.back() == '.') return std::nullopt;
  const std::string copy(text);
  in_addr addr{};
  if (::inet_aton(copy.c_str(), &addr) == 0) return std::nullopt;
  IpAddress out;
  std::memcpy(out.bytes.data(), &addr.s_addr, 4);  // network byte order
  return out;
}

std::optional<IpAddress> parse_ipv6(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  // A zone ("fe80::1%eth0") names an interface, not another address.
  if (auto zone = text.find('%'); zone != std::string_view::npos) {
    const std::string_view name = text.substr(zone + 1);
    if (name.empty() || name.size() > 16) return std::nullopt;
    for (char c : name) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
      if (!ok) return std::nullopt;
    }
    text = text.substr(0, zone);
  }
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  const std::string copy(text);
  in6_addr addr{};
  if (::inet_pton(AF_INET6, copy.c_str(), &addr) != 1) return std::nullopt;
  IpAddress out;
  std::memcpy(out.bytes.data(), addr.s6_addr, 16);
  // ::ffff:a.b.c.d is a.b.c.d on a dual-stack socket: one address, one form.
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(out.bytes.data(), kMapped, sizeof kMapped) == 0) {
    IpAddress v4;
    std::memcpy(v4.bytes.data(), out.bytes.data() + 12, 4);
    return v4;
  }
  out.v6 = true;
  return out;
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return parse_ipv6(text);
  return parse_ipv4(text);
}

std::string IpAddress::to_string() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (v6) {
    in6_addr addr{};
    std::memcpy(addr.s6_addr, bytes.data(), 16);
    if (::inet_ntop(AF_INET6, &addr, buffer, sizeof buffer) == nullptr) return "?";
  } else {
    in_addr addr{};
    std::memcpy(&addr.s_addr, bytes.data(), 4);
    if (::inet_ntop(AF_INET, &addr, buffer, sizeof buffer) == nullptr) return "?";
  }
  return buffer;
}

bool IpAddress::is_loopback() const {
  if (!v6) return bytes[0] == 127;
  for (std::size_t i = 0; i < 15; ++i) {
    if (bytes[i] != 0) return false;
  }
  return bytes[15] == 1;
}

}  // namespace cordon::rules
