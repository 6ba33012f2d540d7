#include "cordon/flow/policy.h"

#include <algorithm>

#include <fmt/format.h>

#include "cordon/flow/finding_id.h"

namespace cordon::flow {

bool declared_source_matches(const std::string& declared, const Finding& finding,
                             const std::string& source_rule) {
  if (declared == "*") return true;
  if (!finding.source) return false;
  return declared == finding.source->api || declared == source_rule ||
         declared == rules::to_string(finding.source->data) ||
         declared == rules::to_string(finding.source->platform);
}

std::optional<rules::Url> endpoint_url(std::string_view text) {
  if (auto url = rules::parse_url(text)) return url;
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  auto authority_end = text.find_first_of("/?#", scheme_end + 3);
  return rules::parse_url(text.substr(0, authority_end));
}

bool declared_endpoint_matches(const DeclaredFlow& flow, std::string_view endpoint) {
  if (!flow.endpoint_matcher) return false;
  // The matcher's own rule: a port of 0 (unknown) matches only patterns
  // without a port, as an allowlist entry "host:443" admits no other port.
  auto url = endpoint_url(endpoint);
  return url && flow.endpoint_matcher->match_url(*url).has_value();
}

bool declared_flow_matches(const DeclaredFlow& flow, const Finding& finding,
                           const std::string& source_rule,
                           std::span<const std::string> sink_rules) {
  if (!declared_source_matches(flow.source, finding, source_rule)) return false;
  if (flow.sink) {
    if (!finding.sink) return false;
    if (*flow.sink != finding.sink->api &&
        std::find(sink_rules.begin(), sink_rules.end(), *flow.sink) == sink_rules.end()) {
      return false;
    }
  }
  if (flow.vendor && (!finding.sink || *flow.vendor != finding.sink->vendor)) return false;
  if (flow.endpoint_matcher &&
      std::none_of(finding.endpoints.begin(), finding.endpoints.end(),
                   [&flow](const std::string& e) { return declared_endpoint_matches(flow, e); })) {
    return false;
  }
  return true;
}

std::vector<std::string> sink_rules_of(const Finding& finding, const rules::RuleSet& rules,
                                       const Manifest& manifest) {
  if (!finding.sink) return {};
  if (!finding.sink->rule.empty()) return {finding.sink->rule};  // the report names it
  std::vector<std::string> modelling;  // the packs' sink rules naming the API
  auto add_sinks = [&modelling](const std::vector<const rules::ApiEntry*>& entries) {
    for (const auto* entry : entries) {
      if (entry->kind == rules::EntryKind::kSink &&
          std::find(modelling.begin(), modelling.end(), entry->id) == modelling.end()) {
        modelling.push_back(entry->id);
      }
    }
  };
  add_sinks(rules.by_api(finding.sink->api));
  add_sinks(rules.by_syscall(finding.sink->api));
  // A sink rule of a pack the report was not given (`cordon scan --rules`)
  // is known by name only where the manifest declares it.
  std::vector<std::string> candidates = modelling;
  for (const auto& flow : manifest.flows) {
    if (flow.sink &&
        std::find(candidates.begin(), candidates.end(), *flow.sink) == candidates.end()) {
      candidates.push_back(*flow.sink);
    }
  }
  std::vector<std::string> hashed;
  for (const auto& id : candidates) {
    if (finding_id(finding, id) == finding.id) hashed.push_back(id);
  }
  return hashed.empty() ? modelling : hashed;
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
    case rules::Party::kApple:
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
  auto url = endpoint_url(endpoint);
  return url && policy.allow.match_url(*url).has_value();
}

namespace {

Verdict judge_flow(const Policy& policy, const Finding& finding, const std::string& source_rule,
                   const std::string& sink_rule) {
  const auto& sp = policy.profile.static_policy;
  rules::Party platform = finding.source ? finding.source->platform : rules::Party::kUnknown;
  rules::Party vendor = finding.sink ? finding.sink->vendor : rules::Party::kUnknown;
  bool cross = is_platform(platform) && is_platform(vendor) && !same_family(platform, vendor);
  // What the title declares or the user allowlists is allowed, except under a
  // profile without any network, where nothing may leave at all.
  if (!policy.air_gapped) {
    for (const auto& flow : policy.manifest.flows) {
      if (declared_flow_matches(flow, finding, source_rule, std::span(&sink_rule, 1))) {
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
    case rules::Party::kApple:
    case rules::Party::kOs:
      break;
  }
  return {sp.unallowed_destination, false,
          fmt::format("the destination ({}) is not allowlisted", rules::to_string(vendor))};
}

}  // namespace

rules::Severity lead_severity(const Policy& policy, rules::Severity proven, bool cross_platform) {
  const auto& sp = policy.profile.static_policy;
  // A lead is never louder than the proof would be; a cross-platform one
  // stays at least high (or what the profile gives cross-platform flows,
  // when that is lower).
  rules::Severity floor = cross_platform ? std::min(proven, rules::Severity::kHigh) : sp.lead;
  return std::min(proven, std::max(sp.lead, floor));
}

Verdict judge_path(const Policy& policy, const Finding& finding, const std::string& source_rule,
                   const std::string& sink_rule) {
  Verdict verdict = judge_flow(policy, finding, source_rule, sink_rule);
  if (!verdict.allowed && finding.confidence == Confidence::kCallgraph) {
    rules::Party platform = finding.source ? finding.source->platform : rules::Party::kUnknown;
    rules::Party vendor = finding.sink ? finding.sink->vendor : rules::Party::kUnknown;
    bool cross = is_platform(platform) && is_platform(vendor) && !same_family(platform, vendor);
    verdict.severity = lead_severity(policy, verdict.severity, cross);
  }
  return verdict;
}

}  // namespace cordon::flow
