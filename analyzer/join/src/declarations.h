// Which of a title's declared flows (its manifest) cover a scan finding or
// an endpoint. Findings are matched as the scan's policy matches them
// (source, sink, vendor, endpoint: every field the flow gives must match);
// the policy's matcher is not public and needs the sink's rule id, which a
// JSON report does not carry, so the sink id is found again from the rules.
// One difference: an endpoint without a port matches a pattern with one
// (with_declared_port), so a run's lookups and a binary's bare addresses
// are declared by "host:port" as the connections to them are.
#pragma once

#include <optional>
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

  // The first flow that declares the finding.
  [[nodiscard]] Declaration for_finding(const flow::Finding& finding) const;

  // The first flow that names a destination (an endpoint pattern or a
  // vendor) matching one of `urls`/`queries` and `vendor`. A query without a
  // port (a lookup, a bare host in a binary) matches a pattern with a port:
  // the name is declared.
  [[nodiscard]] Declaration for_destination(const std::vector<rules::Url>& urls,
                                            const std::vector<rules::EndpointQuery>& queries,
                                            rules::Party vendor) const;

 private:
  [[nodiscard]] bool finding_matches(std::size_t index, const flow::Finding& finding) const;
  // An endpoint without a port (a host or address in a binary, whose port is
  // set elsewhere; a DNS lookup) takes the port of flow `index`'s pattern:
  // declaring "host:443" declares the host.
  template <typename T>
  void with_declared_port(T& endpoint, std::size_t index) const;
  [[nodiscard]] static Declaration by(std::size_t index, const flow::DeclaredFlow& flow);

  const flow::Manifest& manifest_;
  const rules::RuleSet& rules_;
  std::vector<std::optional<rules::EndpointPattern>> patterns_;  // per flow
};

}  // namespace cordon::join
