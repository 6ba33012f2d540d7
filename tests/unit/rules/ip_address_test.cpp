// parse_ip: the inet_aton forms a title's libc connects to, IPv6 through
// inet_pton, IPv4-mapped IPv6 folded to IPv4, and hostile text refused.
#include <doctest/doctest.h>

#include <string>

#include "cordon/rules/endpoint.h"

using cordon::rules::parse_ip;

namespace {

std::string canon(std::string_view text) {
  auto ip = parse_ip(text);
  return ip ? ip->to_string() : "<none>";
}

}  // namespace

TEST_CASE("ipv4 dotted quad and the inet_aton short forms") {
  CHECK(canon("127.0.0.1") == "127.0.0.1");
  CHECK(canon("127.1") == "127.0.0.1");
  CHECK(canon("127.0.1") == "127.0.0.1");
  CHECK(canon("0x7f.0.0.1") == "127.0.0.1");
  CHECK(canon("0X7F.1") == "127.0.0.1");
  CHECK(canon("0177.0.0.1") == "127.0.0.1");
  CHECK(canon("2130706433") == "127.0.0.1");
  CHECK(canon("0x7f000001") == "127.0.0.1");
  CHECK(canon("017700000001") == "127.0.0.1");
  CHECK(canon("10.65535") == "10.0.255.255");
  CHECK(canon("0") == "0.0.0.0");
}

TEST_CASE("ipv4 hostile forms are refused") {
  CHECK(canon("256.0.0.1") == "<none>");  // octet overflow
  CHECK(canon("1.2.3.256") == "<none>");
  CHECK(canon("1.2.3.4.5") == "<none>");   // five parts
  CHECK(canon("4294967296") == "<none>");  // 2^32
  CHECK(canon("99999999999999999999") == "<none>");
  CHECK(canon("1..2.3") == "<none>");  // empty part
  CHECK(canon(".1.2.3") == "<none>");
  CHECK(canon("1.2.3.") == "<none>");
  CHECK(canon("1.2.3.4 evil") == "<none>");  // glibc would accept the prefix
  CHECK(canon(" 1.2.3.4") == "<none>");
  CHECK(canon("+1.2.3.4") == "<none>");
  CHECK(canon("1.-2.3.4") == "<none>");
  CHECK(canon("08.0.0.1") == "<none>");  // 8 is not octal
  CHECK(canon("") == "<none>");
  CHECK(canon(std::string_view("1.2.3.4\0.5", 10)) == "<none>");  // embedded NUL
  CHECK(canon("1.2.3.4\xc2\xa0") == "<none>");                    // unicode space
  CHECK(canon("example.com") == "<none>");
  CHECK(canon(std::string(300, '1')) == "<none>");
}

TEST_CASE("ipv6 literals, brackets, zones and the mapped form") {
  CHECK(canon("::1") == "::1");
  CHECK(canon("[::1]") == "::1");
  CHECK(canon("2001:DB8:0:0:0:0:0:1") == "2001:db8::1");
  CHECK(canon("fe80::1%eth0") == "fe80::1");
  CHECK(canon("::ffff:127.0.0.1") == "127.0.0.1");
  CHECK(canon("::ffff:7f00:1") == "127.0.0.1");
  CHECK(*parse_ip("::ffff:10.1.2.3") == *parse_ip("10.1.2.3"));
  CHECK_FALSE(parse_ip("::ffff:10.1.2.3")->v6);
  CHECK(parse_ip("::1")->v6);
  CHECK(parse_ip("::1")->is_loopback());
  CHECK(parse_ip("127.9.9.9")->is_loopback());
  CHECK_FALSE(parse_ip("128.0.0.1")->is_loopback());
  CHECK_FALSE(parse_ip("::2")->is_loopback());
}

TEST_CASE("ipv6 hostile forms are refused") {
  CHECK(canon("1:2:3:4:5:6:7:8:9") == "<none>");
  CHECK(canon("::1::2") == "<none>");
  CHECK(canon("12345::1") == "<none>");
  CHECK(canon("[::1") == "<none>");
  CHECK(canon("::1]") == "<none>");
  CHECK(canon("fe80::1%") == "<none>");
  CHECK(canon("fe80::1%eth0/x") == "<none>");
  CHECK(canon("::ffff:1.2.3.256") == "<none>");
  CHECK(canon(std::string_view("::1\0", 4)) == "<none>");
  CHECK(canon(":") == "<none>");
}
