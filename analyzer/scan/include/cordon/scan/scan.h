// `cordon scan` as one library call: finds the targets (files, directories
// searched recursively, a compile database), scans them in parallel within a
// memory budget with per-target error isolation (a target that cannot be
// read, parsed or analysed is a failed target; the others are still scanned),
// reuses cached results, applies the policy and returns the sorted report.
// The caller renders the report and decides the exit status; nothing here
// prints except the progress line, when asked for.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "cordon/flow/finding.h"
#include "cordon/rules/rule_set.h"
#include "cordon/support/error.h"

namespace cordon::scan {

// What to scan and how; the fields mirror `cordon scan`'s options
// (../shared/CONTRACT.md).
struct ScanRequest {
  std::vector<std::string> targets;    // files and directories
  std::optional<std::string> compdb;   // compile_commands.json or a build directory
  std::string profile = "zero-trust";  // a built-in profile's name or a profile file
  std::vector<std::string> rule_dirs;  // extra packs beside the built-in ones
  std::vector<std::string> allow;
  std::optional<std::string> manifest;
  std::optional<std::string> baseline;  // an earlier JSON report
  unsigned jobs = 0;                    // 0: number of CPUs
  std::uint64_t memory_budget = 0;     // bytes the targets running at once may take; 0: half of RAM
  bool progress = false;               // draw the progress line on stderr (a terminal)
  std::optional<double> min_coverage;  // a target under this fraction is a target error
  std::optional<std::string> cache;    // reuse unchanged targets' results kept there
  std::string tool_version;            // the report's, and part of the cache key
  bool record_times = false;           // targets' wall time in the report (else 0.0)
};

// A message the caller shows, in the order the scan found them.
struct Notice {
  enum class Level { kWarning, kError };
  Level level = Level::kWarning;
  Error error;
};

struct ScanReport {
  flow::ScanReport report;         // targets by path, findings sorted (report::sort_report)
  rules::RuleSet rules;            // the rules the scan used (SARIF and GitLab rule metadata)
  std::set<std::string> baseline;  // finding ids of the baseline (empty without one)
  std::vector<Notice> notices;     // target warnings and errors, a cache that cannot be written
  bool target_failed = false;      // a target could not be scanned (it has ok = false)
};

// The inputs that stop a scan before it starts (rules, profile, manifest,
// baseline, policy, cache directory), each error once, in the order to show.
using ScanFailure = std::vector<Error>;

// Scans what `request` names. Fails only on a bad input above; a target that
// cannot be scanned is a failed target in the report and an error notice.
[[nodiscard]] tl::expected<ScanReport, ScanFailure> scan(const ScanRequest& request);

}  // namespace cordon::scan
