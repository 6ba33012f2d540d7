#include <doctest/doctest.h>

#include "cordon/flow/finding_id.h"
#include "cordon/flow/policy.h"
#include "cordon/rules/rule_set.h"

using cordon::rules::Party;
using cordon::rules::Severity;
using namespace cordon::flow;  // NOLINT: test brevity

namespace {

cordon::rules::Profile zero_trust() {
  cordon::rules::Profile p;
  p.name = "zero-trust";
  p.runtime_policy.network = cordon::rules::NetworkPolicy::kAllowlist;
  return p;
}

cordon::rules::Profile air_gapped() {
  cordon::rules::Profile p;
  p.name = "air-gapped";
  p.static_policy.allow_same_vendor = false;
  p.runtime_policy.network = cordon::rules::NetworkPolicy::kNone;
  return p;
}

Finding path(Party platform, Party vendor, std::vector<std::string> endpoints = {}) {
  Finding f;
  f.source = FindingSource{"src_api", platform, cordon::rules::DataClass::kIdentity};
  f.sink = FindingSink{"sink_api", "sink.rule", vendor, cordon::rules::Channel::kHttp};
  f.endpoints = std::move(endpoints);
  f.confidence = Confidence::kDataflow;
  return f;
}

Verdict judge(const cordon::rules::Profile& profile, const Finding& f,
              std::vector<std::string> allow = {}, Manifest manifest = {}) {
  auto policy = make_policy(profile, allow, std::move(manifest));
  REQUIRE(policy.has_value());
  return judge_path(*policy, f, "src.rule", "sink.rule");
}

}  // namespace

TEST_CASE("xbox and microsoft are one family; os and third parties are no platform") {
  CHECK(same_family(Party::kXbox, Party::kMicrosoft));
  CHECK(same_family(Party::kMicrosoft, Party::kXbox));
  CHECK_FALSE(same_family(Party::kPlaystation, Party::kMicrosoft));
  CHECK(is_platform(Party::kSteam));
  CHECK_FALSE(is_platform(Party::kOs));
  CHECK_FALSE(is_platform(Party::kThirdParty));
  CHECK_FALSE(is_platform(Party::kUnknown));
}

TEST_CASE("severity of a path under zero-trust") {
  auto cross = judge(zero_trust(), path(Party::kPlaystation, Party::kMicrosoft));
  CHECK(cross.severity == Severity::kCritical);
  CHECK_FALSE(cross.allowed);
  auto same = judge(zero_trust(), path(Party::kXbox, Party::kMicrosoft));
  CHECK(same.severity == Severity::kInfo);
  CHECK(same.allowed);
  auto unknown = judge(zero_trust(), path(Party::kSteam, Party::kUnknown));
  CHECK(unknown.severity == Severity::kHigh);
  CHECK_FALSE(unknown.allowed);
  auto third = judge(zero_trust(), path(Party::kPlaystation, Party::kThirdParty));
  CHECK(third.severity == Severity::kHigh);
  auto os = judge(zero_trust(), path(Party::kOs, Party::kMicrosoft));
  CHECK(os.severity == Severity::kHigh);
}

TEST_CASE("allowlisted endpoints and declared flows are allowed, except without any network") {
  auto f = path(Party::kOs, Party::kUnknown, {"https://api.example.net/v1"});
  auto allowed = judge(zero_trust(), f, {"*.example.net"});
  CHECK(allowed.allowed);
  CHECK(allowed.severity == Severity::kInfo);
  auto partly = path(Party::kOs, Party::kUnknown, {"https://api.example.net/v1", "10.0.0.1"});
  CHECK_FALSE(judge(zero_trust(), partly, {"*.example.net"}).allowed);
  CHECK_FALSE(judge(zero_trust(), f, {"*.example.org"}).allowed);

  auto manifest = parse_manifest("flows:\n  - {source: identity, sink: sink_api}\n", "m");
  REQUIRE(manifest.has_value());
  auto declared = judge(zero_trust(), path(Party::kPlaystation, Party::kMicrosoft), {}, *manifest);
  CHECK(declared.allowed);
  CHECK(declared.why == "declared in the manifest");

  auto gapped = judge(air_gapped(), path(Party::kXbox, Party::kMicrosoft), {}, *manifest);
  CHECK_FALSE(gapped.allowed);
  CHECK(gapped.severity == Severity::kHigh);
  auto gapped_cross = judge(air_gapped(), path(Party::kPlaystation, Party::kSteam));
  CHECK(gapped_cross.severity == Severity::kCritical);
}

TEST_CASE("a bad --allow pattern is an error naming it") {
  auto policy = make_policy(zero_trust(), {"exa mple"}, {});
  REQUIRE_FALSE(policy.has_value());
  CHECK(policy.error().input == "--allow");
  CHECK(policy.error().where == "exa mple");
}

TEST_CASE("a declared endpoint with a port does not declare an endpoint without one") {
  auto manifest = parse_manifest(R"(flows:
  - {source: identity, endpoint: "h.example.net:443"}
  - {source: identity, endpoint: "198.51.100.7"}
)",
                                 "m");
  REQUIRE(manifest.has_value());
  const DeclaredFlow& with_port = manifest->flows[0];
  const DeclaredFlow& without = manifest->flows[1];
  CHECK(declared_endpoint_matches(with_port, "https://h.example.net/v1"));
  CHECK(declared_endpoint_matches(with_port, "h.example.net:443"));
  CHECK_FALSE(declared_endpoint_matches(with_port, "h.example.net"));
  CHECK_FALSE(declared_endpoint_matches(with_port, "http://h.example.net/v1"));
  CHECK(declared_endpoint_matches(without, "198.51.100.7"));
  CHECK(declared_endpoint_matches(without, "198.51.100.7:8443"));
  CHECK_FALSE(declared_endpoint_matches(DeclaredFlow{}, "198.51.100.7"));

  // The policy asks the same question.
  auto bare = path(Party::kPlaystation, Party::kUnknown, {"h.example.net"});
  CHECK_FALSE(judge(zero_trust(), bare, {}, *manifest).allowed);
  auto url = path(Party::kPlaystation, Party::kUnknown, {"https://h.example.net/v1"});
  CHECK(judge(zero_trust(), url, {}, *manifest).allowed);
}

TEST_CASE("a declared sink names the sink's API or one of its rules") {
  auto manifest = parse_manifest("flows:\n  - {source: '*', sink: sink.b}\n", "m");
  REQUIRE(manifest.has_value());
  const DeclaredFlow& flow = manifest->flows[0];
  Finding f = path(Party::kOs, Party::kUnknown);
  const std::vector<std::string> a{"sink.a"};
  const std::vector<std::string> ab{"sink.a", "sink.b"};
  CHECK_FALSE(declared_flow_matches(flow, f, "src.rule", a));
  CHECK(declared_flow_matches(flow, f, "src.rule", ab));
  DeclaredFlow by_api = flow;
  by_api.sink = "sink_api";
  CHECK(declared_flow_matches(by_api, f, "src.rule", {}));
  Finding no_sink = f;
  no_sink.sink.reset();
  CHECK_FALSE(declared_flow_matches(by_api, no_sink, "src.rule", ab));
}

TEST_CASE("a report's finding names its sink rules through its id") {
  auto rules = cordon::rules::RuleSet::from_texts({{"p.yaml", R"(pack: p
description: two rules model one API; one models a system call only
sinks:
  - id: sink.a
    apis: [ sink_api ]
    vendor: unknown
    channel: http
    carries: [ arg1 ]
    description: a
    reference: https://example.invalid/a
  - id: sink.b
    apis: [ sink_api ]
    vendor: unknown
    channel: http
    carries: [ arg1 ]
    description: b
    reference: https://example.invalid/b
  - id: sink.raw
    apis: []
    syscalls: [ sendto ]
    vendor: unknown
    channel: udp
    carries: [ arg1 ]
    description: raw
    reference: https://example.invalid/raw
)"}});
  if (!rules) {
    for (const auto& e : rules.error()) MESSAGE(e.message());
  }
  REQUIRE(rules.has_value());
  auto manifest = parse_manifest("flows:\n  - {source: '*', sink: studio.send}\n", "m");
  REQUIRE(manifest.has_value());
  Finding f = path(Party::kOs, Party::kUnknown);
  f.rule = "src.rule";
  f.target = "bin/t";
  f.path = {PathStep{"main", 0x10, std::nullopt, std::nullopt}};
  // A report that names the sink rule: that one.
  f.id = finding_id(f, "sink.b");
  f.sink->rule = "sink.a";
  CHECK(sink_rules_of(f, *rules, *manifest) == std::vector<std::string>{"sink.a"});
  // Reports written before the sink rule was recorded: recovered from the id.
  f.sink->rule.clear();
  f.id = finding_id(f, "sink.b");
  CHECK(sink_rules_of(f, *rules, *manifest) == std::vector<std::string>{"sink.b"});
  // A rule of a pack the report does not have, named by the manifest.
  f.id = finding_id(f, "studio.send");
  CHECK(sink_rules_of(f, *rules, *manifest) == std::vector<std::string>{"studio.send"});
  // An id no candidate gives: every rule that models the API.
  f.id = "0123456789abcdef";
  CHECK(sink_rules_of(f, *rules, *manifest) == std::vector<std::string>{"sink.a", "sink.b"});
  f.sink->api = "sendto";  // a system call
  CHECK(sink_rules_of(f, *rules, *manifest) == std::vector<std::string>{"sink.raw"});
  f.sink.reset();
  CHECK(sink_rules_of(f, *rules, *manifest).empty());
}

TEST_CASE("a callgraph path is a lead: the profile's lead severity, cross-platform at least high") {
  Finding unknown = path(Party::kOs, Party::kUnknown);
  unknown.confidence = Confidence::kCallgraph;
  CHECK(judge(zero_trust(), unknown).severity == Severity::kMedium);
  CHECK(judge(air_gapped(), unknown).severity == Severity::kMedium);
  Finding cross = path(Party::kPlaystation, Party::kMicrosoft);
  cross.confidence = Confidence::kCallgraph;
  CHECK(judge(zero_trust(), cross).severity == Severity::kHigh);
  CHECK(judge(air_gapped(), cross).severity == Severity::kHigh);
  // Never louder than the proof: a profile whose leads are critical.
  auto loud = zero_trust();
  loud.static_policy.lead = Severity::kCritical;
  CHECK(judge(loud, unknown).severity == Severity::kHigh);
  // Allowed flows stay allowed (info).
  Finding same = path(Party::kSteam, Party::kSteam);
  same.confidence = Confidence::kCallgraph;
  CHECK(judge(zero_trust(), same).allowed);
  CHECK(judge(zero_trust(), same).severity == Severity::kInfo);
}
