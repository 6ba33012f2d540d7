// The null front end: program graphs written by hand in YAML, so the path
// engine is tested without parsing any binary. A fixture holds a graph, a
// rule pack fragment, the profile, and the findings expected (see
// tests/fixtures/flow/README.md for the format).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cordon/flow/finding.h"
#include "cordon/flow/program_graph.h"
#include "cordon/support/error.h"

namespace cordon::testing {

struct Fixture {
  std::string name;
  flow::ProgramGraph graph{"fixture"};
  std::vector<std::pair<std::string, std::string>> packs;  // (name, YAML text) of rule packs
  std::string profile = "zero-trust";                      // built-in name
  std::vector<std::string> allow;                          // as --allow
  std::vector<std::string> accepted_sanitizers;
  std::optional<bool> allow_same_vendor;  // overrides the profile when set
  std::string manifest;                   // YAML text, may be empty
  std::vector<std::string> kinds;         // finding kinds compared
  std::vector<std::string> expected;      // summaries, see summary()
};

[[nodiscard]] Result<Fixture> load_fixture(const std::string& path);

// "kind rule severity [allowed] [src=API] [sink=API/vendor] [confidence]
//  [path=f1>f2] [ep=e1,e2]": one line that pins every field a test cares for.
[[nodiscard]] std::string summary(const flow::Finding& finding);

}  // namespace cordon::testing
