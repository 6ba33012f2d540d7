// Which of a title's declared flows (its manifest) cover a scan finding or
// an endpoint. A finding is declared exactly when the scan's policy finds it
// declared: both ask flow::declared_flow_matches; the sink rule a JSON
// report does not carry is recovered by flow::sink_rules_of. An endpoint's
// scan spellings are matched as the policy matches a finding's endpoints
// (flow::declared_endpoint_matches); only a run-time lookup, which has no
// port, is declared by a pattern naming its host on any port (as the
// sandbox lets a title resolve a name allowed on some port).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cordon/flow/finding.h"
#include "cordon/flow/manifest.h"
#include "cordon/join/join.h"
#include "cordon/rules/endpoint.h"
#include "cordon/rules/rule_set.h"

namespace cordon::join {

class Declarations {
 public:
  Declarations(const flow::Manifest& manifest, const rules::RuleSet& rules);

  // The first flow that declares the finding (an exfiltration path).
  [[nodiscard]] Declaration for_finding(const flow::Finding& finding) const;

  // The first flow that names a destination (an endpoint pattern or a
  // vendor) matching one of the scan's `spellings` of an endpoint or one of
  // the run's `observed` queries, and `vendor`. An observed query of a name
  // without a port is a lookup: the name is declared on any port.
  [[nodiscard]] Declaration for_destination(const std::vector<std::string>& spellings,
                                            const std::vector<rules::EndpointQuery>& observed,
                                            rules::Party vendor) const;

 private:
  // Whether flow `index`'s pattern matches a run-time query.
  [[nodiscard]] bool observed_matches(std::size_t index, rules::EndpointQuery query) const;
  [[nodiscard]] static Declaration by(std::size_t index, const flow::DeclaredFlow& flow);

  const flow::Manifest& manifest_;
  const rules::RuleSet& rules_;
  std::vector<std::uint16_t> pattern_ports_;  // per flow: its pattern's port, 0 for none
};

}  // namespace cordon::join
