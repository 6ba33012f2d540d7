// parse_endpoint_pattern: every pattern form, and the faults named exactly.
#include <doctest/doctest.h>

#include <string>

#include "cordon/rules/endpoint.h"

using cordon::rules::EndpointPattern;
using cordon::rules::parse_endpoint_pattern;
using Kind = EndpointPattern::Kind;

namespace {

std::string fault(std::string_view text) {
  auto parsed = parse_endpoint_pattern(text);
  return parsed ? std::string("<ok>") : parsed.error().reason;
}

}  // namespace

TEST_CASE("pattern forms") {
  auto wildcard = parse_endpoint_pattern("*.PlayFabAPI.com.");
  REQUIRE(wildcard);
  CHECK(wildcard->kind == Kind::kHostWildcard);
  CHECK(wildcard->host == "playfabapi.com");
  CHECK(wildcard->port_low == 0);

  auto exact = parse_endpoint_pattern("api.example.com:443");
  REQUIRE(exact);
  CHECK(exact->kind == Kind::kHostExact);
  CHECK(exact->host == "api.example.com");
  CHECK(exact->port_low == 443);
  CHECK(exact->port_high == 443);

  auto range = parse_endpoint_pattern("*.steamserver.net:27015-27030");
  REQUIRE(range);
  CHECK(range->port_low == 27015);
  CHECK(range->port_high == 27030);

  auto ip = parse_endpoint_pattern("127.1");
  REQUIRE(ip);
  CHECK(ip->kind == Kind::kIp);
  CHECK(ip->ip.to_string() == "127.0.0.1");

  auto v6 = parse_endpoint_pattern("[2001:db8::1]:443");
  REQUIRE(v6);
  CHECK(v6->kind == Kind::kIp);
  CHECK(v6->ip.to_string() == "2001:db8::1");
  CHECK(v6->port_low == 443);

  auto cidr = parse_endpoint_pattern("10.0.0.0/8:443");
  REQUIRE(cidr);
  CHECK(cidr->kind == Kind::kCidr);
  CHECK(cidr->prefix_length == 8);
  CHECK(cidr->port_low == 443);

  auto cidr6 = parse_endpoint_pattern("2001:db8::/32");
  REQUIRE(cidr6);
  CHECK(cidr6->kind == Kind::kCidr);
  CHECK(cidr6->prefix_length == 32);

  auto bracketed = parse_endpoint_pattern("[2001:db8::]/32:8080");
  REQUIRE(bracketed);
  CHECK(bracketed->prefix_length == 32);
  CHECK(bracketed->port_low == 8080);

  auto mapped = parse_endpoint_pattern("::ffff:10.0.0.0/104");
  REQUIRE(mapped);
  CHECK_FALSE(mapped->ip.v6);
  CHECK(mapped->prefix_length == 8);

  auto url = parse_endpoint_pattern("HTTPS://Api.Example.com/v1/");
  REQUIRE(url);
  CHECK(url->kind == Kind::kUrlPrefix);
  CHECK(url->url_prefix == "https://api.example.com/v1/");
  CHECK(url->port_low == 443);

  CHECK(fault("0.0.0.0/0") == "<ok>");
  CHECK(fault("localhost") == "<ok>");
  CHECK(fault("*.x.com:1-65535") == "<ok>");
}

TEST_CASE("pattern faults") {
  CHECK(fault("") == "bad endpoint pattern '': empty");
  CHECK(fault("*.") == "bad endpoint pattern '*.': nothing after '*.'");
  CHECK(fault("*") == "bad endpoint pattern '*': '*' is allowed only as the whole first label");
  CHECK(fault("*.*.x.com") ==
        "bad endpoint pattern '*.*.x.com': '*' is allowed only as the whole first label");
  CHECK(fault("a.*.x.com") ==
        "bad endpoint pattern 'a.*.x.com': '*' is allowed only as the whole first label");
  CHECK(fault("*x.com") ==
        "bad endpoint pattern '*x.com': '*' is allowed only as the whole first label");
  CHECK(fault("*.com") ==
        "bad endpoint pattern '*.com': a wildcard over a whole top-level domain is too broad");
  CHECK(fault("*.a..com") == "bad endpoint pattern '*.a..com': 'a..com' is not a valid host name");
  CHECK(fault("x.com:0") ==
        "bad endpoint pattern 'x.com:0': port '0' is not a port or range within 1-65535");
  CHECK(fault("x.com:65536") ==
        "bad endpoint pattern 'x.com:65536': port '65536' is not a port or range within 1-65535");
  CHECK(fault("x.com:") ==
        "bad endpoint pattern 'x.com:': port '' is not a port or range within 1-65535");
  CHECK(fault("x.com:80-") ==
        "bad endpoint pattern 'x.com:80-': port '80-' is not a port or range within 1-65535");
  CHECK(fault("x.com:+80") ==
        "bad endpoint pattern 'x.com:+80': port '+80' is not a port or range within 1-65535");
  CHECK(fault("x.com:30-20") ==
        "bad endpoint pattern 'x.com:30-20': port range '30-20' is reversed");
  CHECK(fault("10.0.0.0/33") ==
        "bad endpoint pattern '10.0.0.0/33': prefix length '33' is not within 0-32");
  CHECK(fault("10.0.0.0/-1") ==
        "bad endpoint pattern '10.0.0.0/-1': prefix length '-1' is not within 0-32");
  CHECK(fault("10.0.0.0/") ==
        "bad endpoint pattern '10.0.0.0/': prefix length '' is not within 0-32");
  CHECK(fault("2001:db8::/129") ==
        "bad endpoint pattern '2001:db8::/129': prefix length '129' is not within 0-128");
  CHECK(fault("10.0.0.1/8") ==
        "bad endpoint pattern '10.0.0.1/8': address has bits set beyond the prefix length");
  CHECK(fault("10/8") ==
        "bad endpoint pattern '10/8': a CIDR base must be a dotted quad or an IPv6 address");
  CHECK(fault("300.0.0.0/8") ==
        "bad endpoint pattern '300.0.0.0/8': '300.0.0.0' is not an IP address");
  CHECK(fault("::ffff:10.0.0.0/8") ==
        "bad endpoint pattern '::ffff:10.0.0.0/8': an IPv4-mapped network needs a prefix of at "
        "least 96");
  CHECK(fault("1:2:3:4:5:6:7:8:9") ==
        "bad endpoint pattern '1:2:3:4:5:6:7:8:9': '1:2:3:4:5:6:7:8:9' is not an IPv6 address");
  CHECK(fault("[example.com]:80") ==
        "bad endpoint pattern '[example.com]:80': brackets are only for IPv6 addresses");
  CHECK(fault("[::1]x") == "bad endpoint pattern '[::1]x': unexpected text after ']'");
  CHECK(fault("[::1") == "bad endpoint pattern '[::1': '[' without ']'");
  CHECK(fault("ex ample.com") ==
        "bad endpoint pattern 'ex ample.com': holds a blank, control or non-ASCII character "
        "(write IDNs as punycode)");
  CHECK(fault("b\xc3\xbc"
              "cher.de") ==
        "bad endpoint pattern 'b\\xc3\\xbccher.de': holds a blank, control or non-ASCII "
        "character (write IDNs as punycode)");
  CHECK(fault(std::string_view("a.com\0x", 7)) ==
        "bad endpoint pattern 'a.com\\x00x': holds a blank, control or non-ASCII character "
        "(write IDNs as punycode)");
  CHECK(fault(std::string(300, 'a') + ".com") == "bad endpoint pattern '" + std::string(80, 'a') +
                                                     "...': '" + std::string(80, 'a') +
                                                     "...' is not a valid host name or address");
  CHECK(fault("https://*.x.com/") ==
        "bad endpoint pattern 'https://*.x.com/': wildcards are not allowed in URL prefixes (use "
        "a host pattern)");
  CHECK(fault("https://x.com:99999/") ==
        "bad endpoint pattern 'https://x.com:99999/': not a valid URL");
  CHECK(fault("010.0.0.1") ==
        "bad endpoint pattern '010.0.0.1': a leading zero makes an octal number to inet_aton; "
        "write plain decimal");
  CHECK(fault("010.0.0.0/8") ==
        "bad endpoint pattern '010.0.0.0/8': a leading zero makes an octal number to inet_aton; "
        "write plain decimal");
  CHECK(fault("0x7f.0.0.1") == "<ok>");  // unusual, but not ambiguous
  CHECK(fault("0.0.0.0") == "<ok>");
  CHECK(fault("1.2.3.4.5") ==
        "bad endpoint pattern '1.2.3.4.5': '1.2.3.4.5' is not a valid host name or address");
}
