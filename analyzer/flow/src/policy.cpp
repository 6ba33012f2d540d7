#include "cordon/flow/policy.h"

#include <algorithm>

#include <fmt/format.h>

namespace cordon::flow {
namespace {

bool flow_matches(const DeclaredFlow& flow, const Finding& finding, const std::string& source_rule,
                  const std::string& sink_rule) {
  if (!declared_source_matches(flow.source, finding, source_rule)) return false;
  if (flow.sink &&
      (!finding.sink || (*flow.sink != finding.sink->api && *flow.sink != sink_rule))) {
    return false;
  }
  if (flow.vendor && (!finding.sink || *flow.vendor != finding.sink->vendor)) return false;
  if (flow.endpoint_matcher) {
    bool any = std::any_of(finding.endpoints.begin(), finding.endpoints.end(),
                           [&flow](const std::string& text) {
                             auto url = rules::parse_url(text);
                             return url && flow.endpoint_matcher->match_url(*url).has_value();
                           });
    if (!any) return false;
  }
  return true;
}

}  // namespace

bool declared_source_matches(const std::string& declared, const Finding& finding,
                             const std::string& source_rule) {
  if (declared == "*") return true;
  if (!finding.source) return false;
  return declared == finding.source->api || declared == source_rule ||
         declared == rules::to_string(finding.source->data) ||
         declared == rules::to_string(finding.source->platform);
}

Result<Policy> make_policy(rules::Profile profile, const std::vector<std::string>& extra_allow,
                           Manifest manifest) {
  Policy policy;
  for (const auto& text : extra_allow) profile.allow.push_back(text);
  for (const auto& text : profile.allow) {
    if (auto added = policy.allow.add(text, "allow:" + text, rules::Party::kUnknown); !added) {
      return fail(ErrorKind::kUsage, "--allow", text, added.error().reason);
    }
  }
  policy.air_gapped = profile.runtime_policy.network == rules::NetworkPolicy::kNone;
  policy.profile = std::move(profile);
  policy.manifest = std::move(manifest);
  return policy;
}

bool is_platform(rules::Party party) {
  switch (party) {
    case rules::Party::kPlaystation:
    case rules::Party::kXbox:
    case rules::Party::kMicrosoft:
    case rules::Party::kSteam:
    case rules::Party::kEpic:
    case rules::Party::kNintendo:
      return true;
    case rules::Party::kOs:
    case rules::Party::kThirdParty:
    case rules::Party::kUnknown:
      return false;
  }
  return false;
}

bool same_family(rules::Party a, rules::Party b) {
  auto family = [](rules::Party p) {
    return p == rules::Party::kXbox ? rules::Party::kMicrosoft : p;
  };
  return family(a) == family(b);
}

bool is_allowlisted(const Policy& policy, const std::string& endpoint) {
  auto url = rules::parse_url(endpoint);
  return url && policy.allow.match_url(*url).has_value();
}

Verdict judge_path(const Policy& policy, const Finding& finding, const std::string& source_rule,
                   const std::string& sink_rule) {
  const auto& sp = policy.profile.static_policy;
  rules::Party platform = finding.source ? finding.source->platform : rules::Party::kUnknown;
  rules::Party vendor = finding.sink ? finding.sink->vendor : rules::Party::kUnknown;
  bool cross = is_platform(platform) && is_platform(vendor) && !same_family(platform, vendor);
  // What the title declares or the user allowlists is allowed, except under a
  // profile without any network, where nothing may leave at all.
  if (!policy.air_gapped) {
    for (const auto& flow : policy.manifest.flows) {
      if (flow_matches(flow, finding, source_rule, sink_rule)) {
        return {sp.allowed_flow, true, "declared in the manifest"};
      }
    }
    if (!finding.endpoints.empty() &&
        std::all_of(finding.endpoints.begin(), finding.endpoints.end(),
                    [&policy](const std::string& e) { return is_allowlisted(policy, e); })) {
      return {sp.allowed_flow, true, "every endpoint is allowlisted"};
    }
  }
  if (cross) {
    return {sp.cross_platform, false,
            fmt::format("cross-platform flow: {} data to {}", rules::to_string(platform),
                        rules::to_string(vendor))};
  }
  if (policy.air_gapped) {
    return {std::max(sp.unallowed_destination, rules::Severity::kHigh), false,
            fmt::format("profile '{}' allows no network at all", policy.profile.name)};
  }
  if (sp.allow_same_vendor && is_platform(platform) && same_family(platform, vendor)) {
    return {sp.allowed_flow, true,
            fmt::format("same-vendor flow ({}) allowed by profile '{}'", rules::to_string(vendor),
                        policy.profile.name)};
  }
  switch (vendor) {
    case rules::Party::kUnknown:
      return {sp.unallowed_destination, false, "the destination is unknown"};
    case rules::Party::kThirdParty:
      return {sp.unallowed_destination, false, "the destination is a third party"};
    case rules::Party::kPlaystation:
    case rules::Party::kXbox:
    case rules::Party::kMicrosoft:
    case rules::Party::kSteam:
    case rules::Party::kEpic:
    case rules::Party::kNintendo:
    case rules::Party::kOs:
      break;
  }
  return {sp.unallowed_destination, false,
          fmt::format("the destination ({}) is not allowlisted", rules::to_string(vendor))};
}

}  // namespace cordon::flow
