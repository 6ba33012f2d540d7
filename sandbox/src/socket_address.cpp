#include "cordon/sandbox/socket_address.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <algorithm>
#include <cstring>

namespace cordon::sandbox {
namespace {

constexpr std::array<std::uint8_t, 12> kV4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

template <typename T>
bool copy_struct(std::span<const std::byte> bytes, T& out) {
  if (bytes.size() < sizeof(T)) return false;
  std::memcpy(&out, bytes.data(), sizeof(T));
  return true;
}

SocketAddress parse_unix(std::span<const std::byte> bytes) {
  SocketAddress a;
  a.family = Family::kUnix;
  a.raw_family = AF_UNIX;
  constexpr std::size_t kPathOffset = offsetof(sockaddr_un, sun_path);
  const std::size_t max = std::min(bytes.size(), sizeof(sockaddr_un));
  if (max <= kPathOffset) {
    a.unix_kind = UnixKind::kUnnamed;  // autobind (bind) or an invalid connect
    return a;
  }
  const auto* path = reinterpret_cast<const char*>(bytes.data()) + kPathOffset;
  const std::size_t path_len = max - kPathOffset;
  if (path[0] == '\0') {
    a.unix_kind = UnixKind::kAbstract;
    a.unix_name.assign(path + 1, path_len - 1);
    return a;
  }
  a.unix_kind = UnixKind::kPath;
  a.unix_name.assign(path, strnlen(path, path_len));
  return a;
}

}  // namespace

std::string_view family_name(Family family) {
  switch (family) {
    case Family::kNull:
      return "null";
    case Family::kUnix:
      return "unix";
    case Family::kInet:
      return "inet";
    case Family::kInet6:
      return "inet6";
    case Family::kNetlink:
      return "netlink";
    case Family::kPacket:
      return "packet";
    case Family::kOther:
      return "null";
  }
  return "null";
}

SocketAddress parse_sockaddr(std::span<const std::byte> bytes) {
  SocketAddress a;
  sa_family_t family = AF_UNSPEC;
  if (bytes.size() < sizeof(family)) return a;
  std::memcpy(&family, bytes.data(), sizeof(family));
  a.raw_family = family;
  switch (family) {
    case AF_UNSPEC:
      return a;
    case AF_UNIX:
      return parse_unix(bytes);
    case AF_INET: {
      sockaddr_in in{};
      if (!copy_struct(bytes, in)) break;
      a.family = Family::kInet;
      std::memcpy(a.ip.data(), &in.sin_addr, 4);
      a.port = ntohs(in.sin_port);
      return a;
    }
    case AF_INET6: {
      // The kernel accepts SIN6_LEN_RFC2133 (24 bytes, no scope id) as well.
      constexpr std::size_t kMinimum = offsetof(sockaddr_in6, sin6_scope_id);
      if (bytes.size() < kMinimum) break;
      sockaddr_in6 in6{};
      std::memcpy(&in6, bytes.data(), std::min(bytes.size(), sizeof(in6)));
      a.port = ntohs(in6.sin6_port);
      if (std::equal(kV4MappedPrefix.begin(), kV4MappedPrefix.end(), in6.sin6_addr.s6_addr)) {
        a.family = Family::kInet;
        a.v4_mapped = true;
        std::memcpy(a.ip.data(), in6.sin6_addr.s6_addr + 12, 4);
      } else {
        a.family = Family::kInet6;
        std::memcpy(a.ip.data(), in6.sin6_addr.s6_addr, 16);
        a.scope_id = in6.sin6_scope_id;
      }
      return a;
    }
    case AF_NETLINK:
      a.family = Family::kNetlink;
      return a;
    case AF_PACKET:
      a.family = Family::kPacket;
      return a;
    default:
      break;
  }
  a.family = Family::kOther;
  return a;
}

std::string SocketAddress::address_text() const {
  char text[INET6_ADDRSTRLEN] = {};
  switch (family) {
    case Family::kInet:
      inet_ntop(AF_INET, ip.data(), text, sizeof(text));
      return text;
    case Family::kInet6:
      inet_ntop(AF_INET6, ip.data(), text, sizeof(text));
      return text;
    case Family::kUnix:
      switch (unix_kind) {
        case UnixKind::kPath:
          return unix_name;
        case UnixKind::kAbstract:
          return "@" + unix_name;
        case UnixKind::kUnnamed:
          return "";
      }
      return "";
    case Family::kNull:
    case Family::kNetlink:
    case Family::kPacket:
    case Family::kOther:
      return "";
  }
  return "";
}

bool SocketAddress::is_loopback() const {
  if (family == Family::kInet) return ip[0] == 127;
  if (family == Family::kInet6) {
    static constexpr std::array<std::uint8_t, 16> kLoopback = {0, 0, 0, 0, 0, 0, 0, 0,
                                                               0, 0, 0, 0, 0, 0, 0, 1};
    return ip == kLoopback;
  }
  return false;
}

socklen_t to_sockaddr(const SocketAddress& address, sockaddr_storage& out) {
  out = {};
  switch (address.family) {
    case Family::kNull: {
      out.ss_family = AF_UNSPEC;
      return sizeof(sa_family_t);
    }
    case Family::kInet: {
      if (address.v4_mapped) {
        // The title's socket is AF_INET6: give it the mapped form it asked for.
        sockaddr_in6 in6{};
        in6.sin6_family = AF_INET6;
        in6.sin6_port = htons(address.port);
        std::memcpy(in6.sin6_addr.s6_addr, kV4MappedPrefix.data(), kV4MappedPrefix.size());
        std::memcpy(in6.sin6_addr.s6_addr + 12, address.ip.data(), 4);
        std::memcpy(&out, &in6, sizeof(in6));
        return sizeof(in6);
      }
      sockaddr_in in{};
      in.sin_family = AF_INET;
      in.sin_port = htons(address.port);
      std::memcpy(&in.sin_addr, address.ip.data(), 4);
      std::memcpy(&out, &in, sizeof(in));
      return sizeof(in);
    }
    case Family::kInet6: {
      sockaddr_in6 in6{};
      in6.sin6_family = AF_INET6;
      in6.sin6_port = htons(address.port);
      in6.sin6_scope_id = address.scope_id;
      std::memcpy(in6.sin6_addr.s6_addr, address.ip.data(), 16);
      std::memcpy(&out, &in6, sizeof(in6));
      return sizeof(in6);
    }
    case Family::kUnix: {
      sockaddr_un un{};
      un.sun_family = AF_UNIX;
      constexpr socklen_t kBase = offsetof(sockaddr_un, sun_path);
      switch (address.unix_kind) {
        case UnixKind::kUnnamed:
          std::memcpy(&out, &un, kBase);
          return kBase;
        case UnixKind::kAbstract:
          if (address.unix_name.size() + 1 > sizeof(un.sun_path)) return 0;
          std::memcpy(un.sun_path + 1, address.unix_name.data(), address.unix_name.size());
          std::memcpy(&out, &un, sizeof(un));
          return static_cast<socklen_t>(kBase + 1 + address.unix_name.size());
        case UnixKind::kPath:
          if (address.unix_name.size() + 1 > sizeof(un.sun_path)) return 0;
          std::memcpy(un.sun_path, address.unix_name.data(), address.unix_name.size());
          std::memcpy(&out, &un, sizeof(un));
          return static_cast<socklen_t>(kBase + address.unix_name.size() + 1);
      }
      return 0;
    }
    case Family::kNetlink:
    case Family::kPacket:
    case Family::kOther:
      return 0;
  }
  return 0;
}

}  // namespace cordon::sandbox
