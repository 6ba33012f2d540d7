// The policy that turns a path into a severity and an `allowed` verdict, per
// the contract: cross-platform flows are critical; flows to unknown,
// third-party or not-allowlisted destinations are high; same-vendor flows
// (under a profile that allows them), declared flows and allowlisted
// endpoints are allowed with severity info. Under a profile with no network
// at all (air-gapped) nothing is allowed and every path is at least high.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/flow/finding.h"
#include "cordon/flow/manifest.h"
#include "cordon/rules/endpoint.h"
#include "cordon/rules/model.h"
#include "cordon/rules/rule_set.h"
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

// An endpoint string of a finding, read as the scanner reads the strings it
// reports (EndpointJudge): a URL, host[:port] or IP literal; for text the URL
// parser refuses as a whole that starts with a scheme and an authority it
// accepts, that scheme and authority. nullopt for text that names no endpoint.
[[nodiscard]] std::optional<rules::Url> endpoint_url(std::string_view text);

// Whether a manifest flow's `endpoint` pattern matches one endpoint string of
// a finding (false when the flow gives no pattern). A pattern without a port
// matches the host on any port; an endpoint without a port (a bare host or
// address, whose port the program sets elsewhere) matches only a pattern
// without one: "h.example:443" does not declare a bare "h.example".
[[nodiscard]] bool declared_endpoint_matches(const DeclaredFlow& flow, std::string_view endpoint);

// The one test of "does this manifest flow declare this finding", used by the
// scan's policy and by `cordon report`: every field the flow gives matches:
// `source` (declared_source_matches), `sink` (the sink API, or the id of a
// rule in `sink_rules`: the sink rules that model the finding's sink), `vendor`
// (the sink's vendor) and `endpoint` (one of the finding's endpoints,
// declared_endpoint_matches). The scan passes the one sink rule it matched.
[[nodiscard]] bool declared_flow_matches(const DeclaredFlow& flow, const Finding& finding,
                                         const std::string& source_rule,
                                         std::span<const std::string> sink_rules);

// The sink rules of an exfiltration path read back from a JSON report: the
// `sink.rule` it names; for a report written before sink rules were recorded,
// which names the sink's API only, recovered: the report's finding id hashes the
// sink rule (finding_id): the candidates (the sink rules of `rules` that name
// the API, and the `sink` ids the manifest declares) whose hash gives the
// finding's id; when none does (a report whose ids were made otherwise, such
// as a compile-database scan's, whose findings name the unit file but were
// hashed with the database), the sink rules of `rules` that name the API.
[[nodiscard]] std::vector<std::string> sink_rules_of(const Finding& finding,
                                                     const rules::RuleSet& rules,
                                                     const Manifest& manifest);

// The severity of a lead (a callgraph-confidence path, a write to a
// descriptor of unknown origin) whose proven form would be `proven`: the
// profile's `lead` severity, never above `proven`; a cross-platform lead
// stays at least high.
[[nodiscard]] rules::Severity lead_severity(const Policy& policy, rules::Severity proven,
                                            bool cross_platform);

// Judges an exfiltration path whose source, sink (vendor already resolved),
// endpoints and confidence are filled in: a callgraph-confidence path is a
// lead (lead_severity).
[[nodiscard]] Verdict judge_path(const Policy& policy, const Finding& finding,
                                 const std::string& source_rule, const std::string& sink_rule);

// True when `url` (an endpoint string of the target) matches the allow list.
[[nodiscard]] bool is_allowlisted(const Policy& policy, const std::string& endpoint);

}  // namespace cordon::flow
