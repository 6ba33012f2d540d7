// canonical_host and parse_url on strings as they appear in binaries.
#include <doctest/doctest.h>

#include <string>

#include "cordon/rules/endpoint.h"

using cordon::rules::canonical_host;
using cordon::rules::canonical_url;
using cordon::rules::parse_url;

namespace {

std::string host(std::string_view text) {
  return canonical_host(text).value_or("<none>");
}

std::string url(std::string_view text) {
  auto parsed = parse_url(text);
  if (!parsed) return "<none>";
  return canonical_url(*parsed) + " port=" + std::to_string(parsed->port);
}

}  // namespace

TEST_CASE("canonical host names") {
  CHECK(host("Api.PlayFabAPI.com") == "api.playfabapi.com");
  CHECK(host("example.com.") == "example.com");
  CHECK(host("under_score.example") == "under_score.example");
  CHECK(host("localhost") == "localhost");
  CHECK(host("") == "<none>");
  CHECK(host(".") == "<none>");
  CHECK(host("example.com..") == "<none>");
  CHECK(host("a..b") == "<none>");
  CHECK(host(".a.b") == "<none>");
  CHECK(host("exa mple.com") == "<none>");
  CHECK(host("ex\xc3\xa4mple.com") == "<none>");                  // unicode: punycode only
  CHECK(host(std::string_view("a.com\0.evil", 11)) == "<none>");  // NUL
  CHECK(host(std::string(64, 'a') + ".com") == "<none>");         // label > 63
  CHECK(host(std::string(63, 'a') + ".com") == std::string(63, 'a') + ".com");
  std::string long_name;
  for (int i = 0; i < 60; ++i) long_name += "abcd.";
  long_name += "com";  // 303 characters
  CHECK(host(long_name) == "<none>");
  CHECK(host("1.2.3.256") == "<none>");  // a failed address, not a name
  CHECK(host("foo.0x7f") == "<none>");
  CHECK(host("*.example.com") == "<none>");
}

TEST_CASE("urls: schemes, default ports, userinfo, paths") {
  CHECK(url("https://Host.Example:8443/x") == "https://host.example:8443/x port=8443");
  CHECK(url("HTTPS://api.example.com") == "https://api.example.com/ port=443");
  CHECK(url("http://api.example.com:80/a?b=c#frag") == "http://api.example.com/a?b=c port=80");
  CHECK(url("https://user:secret@api.example.com/v1") == "https://api.example.com/v1 port=443");
  CHECK(url("https://good.example@evil.example/") == "https://evil.example/ port=443");
  CHECK(url("wss://push.example.com/socket") == "wss://push.example.com/socket port=443");
  CHECK(url("https://[::1]:8080/") == "https://[::1]:8080/ port=8080");
  CHECK(url("http://0x7f.1/") == "http://127.0.0.1/ port=80");
  CHECK(url("https://api.example.com?x=1") == "https://api.example.com/?x=1 port=443");
  CHECK(url("https://api.example.com/v1/../admin") == "https://api.example.com/admin port=443");
  CHECK(url("https://api.example.com/v1/%2e%2e/admin") == "https://api.example.com/admin port=443");
  CHECK(url("https://api.example.com/./a/.") == "https://api.example.com/a/ port=443");
}

TEST_CASE("urls without a scheme") {
  CHECK(url("host.example:443") == "host.example:443/ port=443");
  CHECK(url("10.0.0.1") == "10.0.0.1/ port=0");
  CHECK(url("[::1]:80") == "[::1]:80/ port=80");
  CHECK(url("2001:db8::1") == "[2001:db8::1]/ port=0");
  CHECK(url("telemetry.example.com/collect") == "telemetry.example.com/collect port=0");
}

TEST_CASE("urls: garbage is refused") {
  CHECK(url("") == "<none>");
  CHECK(url("main") == "<none>");              // a bare word is not a host
  CHECK(url("user@example.com") == "<none>");  // a mail address
  CHECK(url("https://") == "<none>");
  CHECK(url("https:///path") == "<none>");
  CHECK(url("https://exa mple.com/") == "<none>");
  CHECK(url("https://example.com:0/") == "<none>");
  CHECK(url("https://example.com:65536/") == "<none>");
  CHECK(url("https://example.com:/") == "<none>");
  CHECK(url("https://example.com:-1/") == "<none>");
  CHECK(url("https://example.com:1:2/") == "<none>");
  CHECK(url("https://[::1/") == "<none>");
  CHECK(url("https://[::1]x/") == "<none>");
  CHECK(url("https://[example.com]/") == "<none>");
  CHECK(url("http://evil.example\\@good.example/") == "<none>");
  CHECK(url("https://ex\xc3\xa4mple.com/") == "<none>");
  CHECK(url(std::string_view("https://a.com\0.evil/", 20)) == "<none>");
  CHECK(url("1http://example.com/") == "<none>");
  CHECK(url("https://" + std::string(300, 'a') + ".com/") == "<none>");
  CHECK(url("2001:db8::1/path") == "<none>");  // bare IPv6 with a path is ambiguous
}
