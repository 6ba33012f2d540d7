#include <doctest/doctest.h>

#include "cordon/flow/policy.h"

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
  f.sink = FindingSink{"sink_api", vendor, cordon::rules::Channel::kHttp};
  f.endpoints = std::move(endpoints);
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
