// SARIF 2.1.0: one run; a reportingDescriptor per rule id used (with the
// rule's description, help, and CWE tags); a result per finding with its
// location (file/line when known, else the target with the function as a
// logical location and the address), a codeFlow of the path, and the finding
// id as partialFingerprints["cordonFindingId/v1"]. Target errors become
// tool execution notifications.
#pragma once

#include <string>

#include "cordon/flow/finding.h"
#include "cordon/rules/rule_set.h"

namespace cordon::report {

inline constexpr const char* kInformationUri = "https://cordon.invalid/docs/usage.md";

// `rules` supplies descriptions and references; ids not in it (cordon's own
// aggregate rules such as "cordon.network-capability") get built-in text.
[[nodiscard]] std::string render_sarif(const flow::ScanReport& report, const rules::RuleSet* rules);

// "error" for critical and high, "warning" for medium, "note" for low and info.
[[nodiscard]] const char* sarif_level(rules::Severity severity);

}  // namespace cordon::report
