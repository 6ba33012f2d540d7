#include <doctest/doctest.h>

#include "cordon/flow/manifest.h"

using cordon::flow::parse_manifest;

TEST_CASE("a manifest declares flows") {
  auto m = parse_manifest(R"(title: Example
flows:
  - source: identity
    sink: curl_easy_setopt
    endpoint: "*.example.net"
    vendor: microsoft
    reason: leaderboards
  - source: "*"
)",
                          "m.yaml");
  REQUIRE(m.has_value());
  CHECK(m->title == "Example");
  REQUIRE(m->flows.size() == 2);
  CHECK(m->flows[0].source == "identity");
  CHECK(m->flows[0].sink == "curl_easy_setopt");
  CHECK(m->flows[0].endpoint == "*.example.net");
  CHECK(m->flows[0].vendor == cordon::rules::Party::kMicrosoft);
  CHECK(m->flows[1].source == "*");
  CHECK_FALSE(m->flows[1].sink.has_value());
  CHECK(parse_manifest("", "empty.yaml").has_value());
}

TEST_CASE("manifest faults name the file, the place and the fault") {
  auto unknown = parse_manifest("flows:\n  - source: x\n    sinc: y\n", "m.yaml");
  REQUIRE_FALSE(unknown.has_value());
  CHECK(unknown.error().message() == "m.yaml:3:5: unknown key 'sinc' in a flow");
  auto no_source = parse_manifest("flows:\n  - sink: y\n", "m.yaml");
  REQUIRE_FALSE(no_source.has_value());
  CHECK(no_source.error().message() == "m.yaml:2:5: a flow needs a 'source'");
  auto vendor = parse_manifest("flows:\n  - {source: x, vendor: sony}\n", "m.yaml");
  REQUIRE_FALSE(vendor.has_value());
  CHECK(vendor.error().message() == "m.yaml:2:25: unknown vendor 'sony'");
  auto pattern = parse_manifest("flows:\n  - {source: x, endpoint: 'a b'}\n", "m.yaml");
  REQUIRE_FALSE(pattern.has_value());
  CHECK(pattern.error().message().starts_with("m.yaml:2:"));
  CHECK_FALSE(parse_manifest("flows: [", "m.yaml").has_value());
  CHECK_FALSE(parse_manifest("- a\n- b\n", "m.yaml").has_value());
  CHECK_FALSE(parse_manifest("flows: {a: b}\n", "m.yaml").has_value());
}
