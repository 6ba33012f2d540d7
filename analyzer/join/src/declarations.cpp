#include "declarations.h"

#include <algorithm>

#include <fmt/format.h>

#include "cordon/flow/policy.h"

namespace cordon::join {

Declarations::Declarations(const flow::Manifest& manifest, const rules::RuleSet& rules)
    : manifest_(manifest), rules_(rules) {
  for (const auto& flow : manifest_.flows) {
    std::uint16_t port = 0;
    if (flow.endpoint) {
      if (auto parsed = rules::parse_endpoint_pattern(*flow.endpoint)) port = parsed->port_low;
    }
    pattern_ports_.push_back(port);
  }
}

Declaration Declarations::by(std::size_t index, const flow::DeclaredFlow& flow) {
  std::string text = fmt::format("flows[{}]", index);
  if (!flow.reason.empty()) text += ": " + flow.reason;
  return {true, std::move(text)};
}

bool Declarations::observed_matches(std::size_t index, rules::EndpointQuery query) const {
  // A lookup names a host but no port: it is declared when the pattern
  // declares the host on some port, as the sandbox resolves a name that is
  // allowed on some port. Connections carry their port and match as it is.
  if (query.port == 0 && query.host && !query.ip) query.port = pattern_ports_[index];
  return manifest_.flows[index].endpoint_matcher->match(query).has_value();
}

Declaration Declarations::for_finding(const flow::Finding& finding) const {
  if (finding.kind != flow::FindingKind::kExfiltrationPath) return {};
  // An exfiltration path's rule is its source entry's id.
  const std::vector<std::string> sink_rules = flow::sink_rules_of(finding, rules_, manifest_);
  for (std::size_t i = 0; i < manifest_.flows.size(); ++i) {
    if (flow::declared_flow_matches(manifest_.flows[i], finding, finding.rule, sink_rules)) {
      return by(i, manifest_.flows[i]);
    }
  }
  return {};
}

Declaration Declarations::for_destination(const std::vector<std::string>& spellings,
                                          const std::vector<rules::EndpointQuery>& observed,
                                          rules::Party vendor) const {
  for (std::size_t i = 0; i < manifest_.flows.size(); ++i) {
    const auto& flow = manifest_.flows[i];
    if (!flow.endpoint_matcher && !flow.vendor) continue;  // names no destination
    if (flow.vendor && *flow.vendor != vendor) continue;
    if (flow.endpoint_matcher) {
      bool any = std::any_of(spellings.begin(), spellings.end(), [&flow](const std::string& text) {
        return flow::declared_endpoint_matches(flow, text);
      });
      any = any || std::any_of(observed.begin(), observed.end(),
                               [this, i](const rules::EndpointQuery& query) {
                                 return observed_matches(i, query);
                               });
      if (!any) continue;
    }
    return by(i, flow);
  }
  return {};
}

}  // namespace cordon::join
