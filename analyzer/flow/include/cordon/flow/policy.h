// The policy that turns a path into a severity and an `allowed` verdict, per
// the contract: cross-platform flows are critical; flows to unknown,
// third-party or not-allowlisted destinations are high; same-vendor flows
// (under a profile that allows them), declared flows and allowlisted
// endpoints are allowed with severity info. Under a profile with no network
// at all (air-gapped) nothing is allowed and every path is at least high.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cordon/flow/finding.h"
#include "cordon/flow/manifest.h"
#include "cordon/rules/endpoint.h"
#include "cordon/rules/model.h"
#include "cordon/support/error.h"

namespace cordon::flow {

struct Policy {
  rules::Profile profile;
  rules::EndpointMatcher allow;  // profile.allow plus --allow
  Manifest manifest;
  bool air_gapped = false;  // the profile's runtime allows no network at all
};

// Builds the policy; `extra_allow` (from --allow) is appended to the
// profile's allow list. A bad pattern is an error naming it.
[[nodiscard]] Result<Policy> make_policy(rules::Profile profile,
                                         const std::vector<std::string>& extra_allow,
                                         Manifest manifest);

// Platforms of one owner count as one family: Xbox titles report to
// Microsoft services (PlayFab, Azure), so xbox and microsoft are one family.
[[nodiscard]] bool is_platform(rules::Party party);
[[nodiscard]] bool same_family(rules::Party a, rules::Party b);

struct Verdict {
  rules::Severity severity = rules::Severity::kHigh;
  bool allowed = false;
  std::string why;  // lower-case clause for the message: "cross-platform flow"
};

// Whether a manifest flow's `source` names the finding's source: "*", the
// source API, its rule id (`source_rule`), its data kind or its platform.
[[nodiscard]] bool declared_source_matches(const std::string& declared, const Finding& finding,
                                           const std::string& source_rule);

// Judges an exfiltration path whose source, sink (vendor already resolved)
// and endpoints are filled in.
[[nodiscard]] Verdict judge_path(const Policy& policy, const Finding& finding,
                                 const std::string& source_rule, const std::string& sink_rule);

// True when `url` (an endpoint string of the target) matches the allow list.
[[nodiscard]] bool is_allowlisted(const Policy& policy, const std::string& endpoint);

}  // namespace cordon::flow
