// EndpointMatcher: the decisions the sandbox relies on. Each CHECK names one
// way an allowlist could be widened by accident.
#include <doctest/doctest.h>

#include <string>

#include "cordon/rules/endpoint.h"

using cordon::rules::EndpointMatcher;
using cordon::rules::EndpointQuery;
using cordon::rules::parse_ip;
using cordon::rules::parse_url;
using cordon::rules::Party;

namespace {

EndpointQuery host_query(std::string host, std::uint16_t port = 0) {
  EndpointQuery q;
  q.host = std::move(host);
  q.port = port;
  return q;
}

EndpointQuery ip_query(std::string_view ip, std::uint16_t port = 0) {
  EndpointQuery q;
  q.ip = parse_ip(ip);
  REQUIRE(q.ip);
  q.port = port;
  return q;
}

std::string id_of(const EndpointMatcher& m, const EndpointQuery& q) {
  auto match = m.match(q);
  return match ? match->id : "<none>";
}

std::string id_of_url(const EndpointMatcher& m, std::string_view text) {
  auto url = parse_url(text);
  REQUIRE(url);
  auto match = m.match_url(*url);
  return match ? match->id : "<none>";
}

}  // namespace

TEST_CASE("wildcards match strictly below the domain") {
  EndpointMatcher m;
  REQUIRE(m.add("*.x.com", "x", Party::kMicrosoft));
  CHECK(id_of(m, host_query("a.x.com")) == "x");
  CHECK(id_of(m, host_query("a.b.x.com")) == "x");
  CHECK(id_of(m, host_query("x.com")) == "<none>");
  CHECK(id_of(m, host_query("evilx.com")) == "<none>");
  CHECK(id_of(m, host_query("x.com.evil.com")) == "<none>");
  CHECK(id_of(m, host_query(".x.com")) == "<none>");  // an empty label is not below x.com
  CHECK(id_of(m, EndpointQuery{}) == "<none>");
  auto match = m.match(host_query("a.x.com"));
  REQUIRE(match);
  CHECK(match->vendor == Party::kMicrosoft);
  CHECK(match->pattern == "*.x.com");
}

TEST_CASE("exact hosts and ports") {
  EndpointMatcher m;
  REQUIRE(m.add("api.x.com:443", "api", Party::kUnknown));
  REQUIRE(m.add("game.x.com:27015-27030", "game", Party::kSteam));
  CHECK(id_of(m, host_query("api.x.com", 443)) == "api");
  CHECK(id_of(m, host_query("api.x.com", 80)) == "<none>");
  CHECK(id_of(m, host_query("api.x.com", 0)) == "<none>");  // unknown port: not admitted
  CHECK(id_of(m, host_query("a.api.x.com", 443)) == "<none>");
  CHECK(id_of(m, host_query("game.x.com", 27015)) == "game");
  CHECK(id_of(m, host_query("game.x.com", 27030)) == "game");
  CHECK(id_of(m, host_query("game.x.com", 27031)) == "<none>");
  CHECK(id_of(m, host_query("game.x.com", 27014)) == "<none>");
}

TEST_CASE("ip literals and cidrs on canonical addresses") {
  EndpointMatcher m;
  REQUIRE(m.add("127.0.0.1", "lo", Party::kOs));
  REQUIRE(m.add("10.0.0.0/8", "ten", Party::kUnknown));
  REQUIRE(m.add("2001:db8::/32", "doc6", Party::kUnknown));
  CHECK(id_of(m, ip_query("127.1")) == "lo");
  CHECK(id_of(m, ip_query("0x7f.0.0.1")) == "lo");
  CHECK(id_of(m, ip_query("2130706433")) == "lo");
  CHECK(id_of(m, ip_query("::ffff:127.0.0.1")) == "lo");
  CHECK(id_of(m, ip_query("127.0.0.2")) == "<none>");
  CHECK(id_of(m, ip_query("10.255.1.2")) == "ten");
  CHECK(id_of(m, ip_query("::ffff:10.1.1.1")) == "ten");
  CHECK(id_of(m, ip_query("11.0.0.0")) == "<none>");
  CHECK(id_of(m, ip_query("2001:db8:ffff::1")) == "doc6");
  CHECK(id_of(m, ip_query("2001:db9::1")) == "<none>");
  CHECK(id_of(m, ip_query("::a00:1")) == "<none>");     // IPv4-compatible is not IPv4
  CHECK(id_of(m, host_query("10.0.0.1")) == "<none>");  // a host string is not an address
}

TEST_CASE("cidr boundaries at odd prefix lengths") {
  EndpointMatcher m;
  REQUIRE(m.add("192.168.4.0/22", "net", Party::kUnknown));
  CHECK(id_of(m, ip_query("192.168.4.0")) == "net");
  CHECK(id_of(m, ip_query("192.168.7.255")) == "net");
  CHECK(id_of(m, ip_query("192.168.8.0")) == "<none>");
  CHECK(id_of(m, ip_query("192.168.3.255")) == "<none>");
  EndpointMatcher all;
  REQUIRE(all.add("0.0.0.0/0", "any4", Party::kUnknown));
  CHECK(id_of(all, ip_query("8.8.8.8")) == "any4");
  CHECK(id_of(all, ip_query("::1")) == "<none>");
}

TEST_CASE("url prefixes end at a path boundary") {
  EndpointMatcher m;
  REQUIRE(m.add("https://api.x.com/v1", "v1", Party::kUnknown));
  CHECK(id_of_url(m, "https://api.x.com/v1") == "v1");
  CHECK(id_of_url(m, "https://API.x.com:443/v1/events") == "v1");
  CHECK(id_of_url(m, "https://api.x.com/v1?x") == "v1");
  CHECK(id_of_url(m, "https://api.x.com/v10") == "<none>");
  CHECK(id_of_url(m, "https://api.x.com/v1/../admin") == "<none>");
  CHECK(id_of_url(m, "http://api.x.com/v1") == "<none>");
  CHECK(id_of_url(m, "https://api.x.com:8443/v1") == "<none>");
  CHECK(id_of_url(m, "https://api.x.com.evil.com/v1") == "<none>");
  CHECK(id_of_url(m, "https://api.x.com@evil.com/v1") == "<none>");
  // At connect time there is no path: the prefix's server and port match.
  CHECK(id_of(m, host_query("api.x.com", 443)) == "v1");
  CHECK(id_of(m, host_query("api.x.com", 80)) == "<none>");
  CHECK(id_of(m, host_query("other.x.com", 443)) == "<none>");
}

TEST_CASE("most specific pattern wins, then first added") {
  EndpointMatcher m;
  REQUIRE(m.add("*.x.com", "wide", Party::kUnknown));
  REQUIRE(m.add("*.api.x.com", "narrow", Party::kMicrosoft));
  REQUIRE(m.add("eu.api.x.com", "exact", Party::kXbox));
  REQUIRE(m.add("https://eu.api.x.com/telemetry/", "url", Party::kThirdParty));
  REQUIRE(m.add("*.x.com:443", "wide443", Party::kUnknown));
  CHECK(id_of(m, host_query("www.x.com", 80)) == "wide");
  CHECK(id_of(m, host_query("www.x.com", 443)) == "wide443");
  CHECK(id_of(m, host_query("us.api.x.com")) == "narrow");
  CHECK(id_of(m, host_query("eu.api.x.com")) == "exact");
  CHECK(id_of_url(m, "https://eu.api.x.com/telemetry/v2") == "url");
  CHECK(id_of_url(m, "https://eu.api.x.com/other") == "exact");

  EndpointMatcher nets;
  REQUIRE(nets.add("10.0.0.0/8", "eight", Party::kUnknown));
  REQUIRE(nets.add("10.1.0.0/16", "sixteen", Party::kUnknown));
  REQUIRE(nets.add("10.1.2.3", "host", Party::kUnknown));
  CHECK(id_of(nets, ip_query("10.2.0.1")) == "eight");
  CHECK(id_of(nets, ip_query("10.1.0.1")) == "sixteen");
  CHECK(id_of(nets, ip_query("10.1.2.3")) == "host");

  EndpointMatcher tie;
  REQUIRE(tie.add("a.x.com", "first", Party::kUnknown));
  REQUIRE(tie.add("A.X.COM.", "second", Party::kUnknown));
  CHECK(id_of(tie, host_query("a.x.com")) == "first");
}

TEST_CASE("bad patterns are not added") {
  EndpointMatcher m;
  auto status = m.add("*.", "bad", Party::kUnknown);
  REQUIRE_FALSE(status);
  CHECK(status.error().reason == "bad endpoint pattern '*.': nothing after '*.'");
  CHECK(m.size() == 0);
}
