// A title's declared data flows (`--manifest FILE`): flows it declares are
// still reported, but as allowed (severity info). The format is documented in
// docs/usage.md:
//
//   title: Example Game            # optional, for people
//   flows:
//     - source: identity            # a source API, a source rule id, a data class
//                                   #   or a platform ("*" for any source)
//       sink: curl_easy_perform     # optional: a sink API or sink rule id
//       endpoint: "*.example.net"   # optional: an endpoint pattern (as --allow)
//       vendor: microsoft           # optional: the receiving vendor
//       reason: leaderboard upload  # optional, for people
//
// A finding matches a declared flow when every field the flow gives matches:
// policy.h's declared_flow_matches, the one test the scan's policy and
// `cordon report` both call. A pattern with a port does not declare an
// endpoint whose port is not known (docs/usage.md, "Manifest").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cordon/rules/endpoint.h"
#include "cordon/rules/model.h"
#include "cordon/support/error.h"

namespace cordon::flow {

struct DeclaredFlow {
  std::string source;                   // api, rule id, data class, platform or "*"
  std::optional<std::string> sink;      // api or rule id
  std::optional<std::string> endpoint;  // pattern text, as written
  std::optional<rules::EndpointMatcher>
      endpoint_matcher;  // one of the finding's endpoints must match
  std::optional<rules::Party> vendor;
  std::string reason;
};

struct Manifest {
  std::string title;
  std::vector<DeclaredFlow> flows;
};

// Parses a manifest. Errors name the file, line:column and the fault
// (unknown key, bad endpoint pattern, unknown vendor, missing source).
[[nodiscard]] Result<Manifest> load_manifest(const std::string& path);
[[nodiscard]] Result<Manifest> parse_manifest(const std::string& text, const std::string& name);

}  // namespace cordon::flow
