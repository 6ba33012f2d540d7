// Canonicalisation of the sockaddr bytes the supervisor copies from a title.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <doctest/doctest.h>
#include <cstring>
#include <vector>

#include "cordon/sandbox/socket_address.h"

namespace {

using cordon::sandbox::Family;
using cordon::sandbox::parse_sockaddr;
using cordon::sandbox::SocketAddress;
using cordon::sandbox::UnixKind;

template <typename T>
std::vector<std::byte> bytes_of(const T& value, std::size_t length = sizeof(T)) {
  std::vector<std::byte> out(length);
  std::memcpy(out.data(), &value, std::min(length, sizeof(T)));
  return out;
}

SocketAddress parse(const std::vector<std::byte>& b) {
  return parse_sockaddr(b);
}

sockaddr_in6 in6(const char* text, int port) {
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  a.sin6_port = htons(static_cast<std::uint16_t>(port));
  REQUIRE(inet_pton(AF_INET6, text, &a.sin6_addr) == 1);
  return a;
}

}  // namespace

TEST_CASE("IPv4 addresses keep address and port") {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(443);
  inet_aton("10.1.2.3", &a.sin_addr);
  const auto s = parse(bytes_of(a));
  CHECK(s.family == Family::kInet);
  CHECK(s.address_text() == "10.1.2.3");
  CHECK(s.port == 443);
  CHECK_FALSE(s.is_loopback());
}

TEST_CASE("127.1-style forms are the bytes libc produced: every 127/8 address is loopback") {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  inet_aton("127.1", &a.sin_addr);
  const auto s = parse(bytes_of(a));
  CHECK(s.address_text() == "127.0.0.1");
  CHECK(s.is_loopback());
  inet_aton("127.255.0.9", &a.sin_addr);
  CHECK(parse(bytes_of(a)).is_loopback());
}

TEST_CASE("IPv4-mapped IPv6 is canonicalised to IPv4 and written back mapped") {
  const auto s = parse(bytes_of(in6("::ffff:192.0.2.7", 53)));
  CHECK(s.family == Family::kInet);
  CHECK(s.v4_mapped);
  CHECK(s.address_text() == "192.0.2.7");
  CHECK(s.port == 53);
  sockaddr_storage out{};
  REQUIRE(cordon::sandbox::to_sockaddr(s, out) == sizeof(sockaddr_in6));
  CHECK(out.ss_family == AF_INET6);
  const auto again = parse(bytes_of(out, sizeof(sockaddr_in6)));
  CHECK(again.family == Family::kInet);
  CHECK(again.address_text() == "192.0.2.7");
}

TEST_CASE("IPv6 loopback and ordinary addresses") {
  const auto lo = parse(bytes_of(in6("::1", 80)));
  CHECK(lo.family == Family::kInet6);
  CHECK(lo.is_loopback());
  CHECK(lo.address_text() == "::1");
  const auto other = parse(bytes_of(in6("2001:db8::1", 80)));
  CHECK(other.address_text() == "2001:db8::1");
  CHECK_FALSE(other.is_loopback());
}

TEST_CASE("short and unknown sockaddrs never read past the bytes") {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  CHECK(parse(bytes_of(a, 8)).family == Family::kOther);  // shorter than sockaddr_in
  CHECK(parse({}).family == Family::kNull);
  CHECK(parse(std::vector<std::byte>(1)).family == Family::kNull);
  const auto v6 = in6("::1", 1);
  CHECK(parse(bytes_of(v6, 20)).family == Family::kOther);
  CHECK(parse(bytes_of(v6, 24)).family == Family::kInet6);  // RFC 2133 length
  sockaddr_storage odd{};
  odd.ss_family = 77;
  CHECK(parse(bytes_of(odd)).family == Family::kOther);
  CHECK(parse(bytes_of(odd)).raw_family == 77);
}

TEST_CASE("Unix path, abstract and unnamed addresses") {
  sockaddr_un u{};
  u.sun_family = AF_UNIX;
  std::strcpy(u.sun_path, "/run/x.sock");
  auto s = parse(bytes_of(u));
  CHECK(s.family == Family::kUnix);
  CHECK(s.unix_kind == UnixKind::kPath);
  CHECK(s.address_text() == "/run/x.sock");

  sockaddr_un abstract{};
  abstract.sun_family = AF_UNIX;
  std::memcpy(abstract.sun_path, "\0name", 5);
  s = parse(bytes_of(abstract, offsetof(sockaddr_un, sun_path) + 5));
  CHECK(s.unix_kind == UnixKind::kAbstract);
  CHECK(s.address_text() == "@name");

  s = parse(bytes_of(u, offsetof(sockaddr_un, sun_path)));
  CHECK(s.unix_kind == UnixKind::kUnnamed);

  // A path without a terminating NUL inside the given length.
  sockaddr_un full{};
  full.sun_family = AF_UNIX;
  std::memset(full.sun_path, 'a', sizeof(full.sun_path));
  s = parse(bytes_of(full));
  CHECK(s.unix_name.size() == sizeof(full.sun_path));
  sockaddr_storage out{};
  CHECK(cordon::sandbox::to_sockaddr(s, out) == 0);  // cannot be written back: refused
}
