#include "declarations.h"

#include <algorithm>

#include <fmt/format.h>

#include "cordon/flow/policy.h"

namespace cordon::join {
Declarations::Declarations(const flow::Manifest& manifest, const rules::RuleSet& rules)
    : manifest_(manifest), rules_(rules) {
  for (const auto& flow : manifest_.flows) {
    std::optional<rules::EndpointPattern> pattern;
    if (flow.endpoint) {
      if (auto parsed = rules::parse_endpoint_pattern(*flow.endpoint)) pattern = *parsed;
    }
    patterns_.push_back(std::move(pattern));
  }
}

template <typename T>
void Declarations::with_declared_port(T& endpoint, std::size_t index) const {
  const auto& pattern = patterns_[index];
  if (endpoint.port == 0 && pattern && pattern->port_low != 0) endpoint.port = pattern->port_low;
}

Declaration Declarations::by(std::size_t index, const flow::DeclaredFlow& flow) {
  std::string text = fmt::format("flows[{}]", index);
  if (!flow.reason.empty()) text += ": " + flow.reason;
  return {true, std::move(text)};
}

bool Declarations::finding_matches(std::size_t index, const flow::Finding& finding) const {
  const flow::DeclaredFlow& flow = manifest_.flows[index];
  // An exfiltration path's rule is its source entry's id.
  if (!flow::declared_source_matches(flow.source, finding, finding.rule)) return false;
  if (flow.sink) {
    if (!finding.sink) return false;
    if (*flow.sink != finding.sink->api) {
      auto entries = rules_.by_api(finding.sink->api);
      bool by_id = std::any_of(entries.begin(), entries.end(), [&flow](const rules::ApiEntry* e) {
        return e->kind == rules::EntryKind::kSink && e->id == *flow.sink;
      });
      if (!by_id) return false;
    }
  }
  if (flow.vendor && (!finding.sink || *flow.vendor != finding.sink->vendor)) return false;
  if (flow.endpoint_matcher) {
    bool any = std::any_of(finding.endpoints.begin(), finding.endpoints.end(),
                           [this, &flow, index](const std::string& text) {
                             auto url = rules::parse_url(text);
                             if (!url) return false;
                             with_declared_port(*url, index);
                             return flow.endpoint_matcher->match_url(*url).has_value();
                           });
    if (!any) return false;
  }
  return true;
}

Declaration Declarations::for_finding(const flow::Finding& finding) const {
  for (std::size_t i = 0; i < manifest_.flows.size(); ++i) {
    if (finding_matches(i, finding)) return by(i, manifest_.flows[i]);
  }
  return {};
}

Declaration Declarations::for_destination(const std::vector<rules::Url>& urls,
                                          const std::vector<rules::EndpointQuery>& queries,
                                          rules::Party vendor) const {
  for (std::size_t i = 0; i < manifest_.flows.size(); ++i) {
    const auto& flow = manifest_.flows[i];
    if (!flow.endpoint_matcher && !flow.vendor) continue;  // names no destination
    if (flow.vendor && *flow.vendor != vendor) continue;
    if (flow.endpoint_matcher) {
      bool any = std::any_of(urls.begin(), urls.end(), [this, &flow, i](rules::Url url) {
        with_declared_port(url, i);
        return flow.endpoint_matcher->match_url(url).has_value();
      });
      for (std::size_t q = 0; !any && q < queries.size(); ++q) {
        rules::EndpointQuery query = queries[q];
        with_declared_port(query, i);
        any = flow.endpoint_matcher->match(query).has_value();
      }
      if (!any) continue;
    }
    return by(i, flow);
  }
  return {};
}

}  // namespace cordon::join
