// SARIF 2.1.0 as GitHub code scanning takes it, as is: one run; a
// reportingDescriptor per rule id and severity used (code scanning reads the
// severity from the rule, so a rule whose findings differ in severity gets
// one descriptor each, "<rule>/<severity>"), with the rule's description,
// help (text and markdown), helpUri to the rule's reference, and
// properties tags, precision and security-severity; a result per finding
// with its location (file/line when known, else the target with the
// function as a logical location and the address) relative to %SRCROOT%, a
// codeFlow of the path, the finding id as
// partialFingerprints["cordonFindingId/v1"], an accepted suppression when
// the finding is allowed, and baselineState against a baseline. The run
// carries automationDetails.id so scans of several builds of one title stay
// apart. Target errors become tool execution notifications.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "cordon/flow/finding.h"
#include "cordon/rules/rule_set.h"

namespace cordon::report {

inline constexpr const char* kInformationUri = "https://cordon.invalid/docs/usage.md";

struct SarifOptions {
  // %SRCROOT% (the repository checkout): artifact paths under it are
  // relative to it; unset: the working directory is the root.
  std::optional<std::string> root;
  // Where relative target paths start; empty: the process's working directory.
  std::filesystem::path working_directory;
  // runs[].automationDetails.id is category + "/"; empty: "cordon/<profile>".
  std::string category;
  // Finding ids of the --baseline, when one was given (baselineState).
  const std::set<std::string>* baseline = nullptr;
};

// `rules` supplies descriptions and references; ids not in it (cordon's own
// aggregate rules such as "cordon.network-capability") get built-in text.
[[nodiscard]] std::string render_sarif(const flow::ScanReport& report, const rules::RuleSet* rules,
                                       const SarifOptions& options = {});

// "error" for critical and high, "warning" for medium, "note" for low and info.
[[nodiscard]] const char* sarif_level(rules::Severity severity);

// GitHub's numeric security severity: critical 9.5, high 8.0, medium 5.5,
// low 3.0, info 0.0 (GitHub: over 9.0 critical, 7.0-8.9 high, 4.0-6.9
// medium, 0.1-3.9 low).
[[nodiscard]] const char* security_severity(rules::Severity severity);

// The descriptor id of a finding: "<rule>/<severity>".
[[nodiscard]] std::string sarif_rule_id(const flow::Finding& finding);

}  // namespace cordon::report
