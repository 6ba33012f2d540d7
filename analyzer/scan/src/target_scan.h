// One target's scan: a binary target through the binary front end and the
// flow analysis, its results taken from and kept in the cache; and the
// compile database's units as one source graph. Each gives its outcome:
// the target's entry in the report and its findings.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cordon/flow/finding.h"
#include "cordon/flow/policy.h"
#include "cordon/report/scan_cache.h"
#include "cordon/rules/rule_set.h"
#include "cordon/support/error.h"
#include "targets.h"

namespace cordon::scan {

// --cache: the directory and the digest of every input a target's results
// depend on besides the target itself.
struct TargetCache {
  TargetCache(report::ScanCache kept, std::string digest)
      : store(std::move(kept)), inputs(std::move(digest)) {}

  report::ScanCache store;
  std::string inputs;
  std::once_flag warned;
  std::optional<Error> unwritable;  // the first entry that could not be written
};

struct TargetContext {
  const rules::RuleSet& rules;
  const flow::Policy& policy;
  unsigned front_end_jobs = 1;
  TargetCache* cache = nullptr;
  bool record_times = false;  // wall time in the report, else 0.0 (a byte-identical report)
};

struct Outcome {
  bool listed = true;  // false: findings only (the whole compile database)
  flow::TargetResult target;
  std::vector<flow::Finding> findings;
};

// The outcome of one binary target; a target that cannot be read or parsed
// is a failed target (ok = false, its error naming it). Throws only on a bug
// or exhaustion (the caller isolates the target).
[[nodiscard]] Outcome scan_binary(const Target& t, const TargetContext& context);

// The units of a compile database in one graph: one listed outcome per
// unit, and one unlisted outcome holding every finding (each names the unit
// holding its path's first step that is a unit, else the database). Fails
// when the database cannot be read.
[[nodiscard]] Result<std::vector<Outcome>> scan_sources(const std::string& compdb,
                                                        const TargetContext& context,
                                                        unsigned jobs);

// A target's wall time as the report shows it (`record`: else 0.0).
[[nodiscard]] double report_seconds(std::chrono::steady_clock::duration elapsed, bool record);

}  // namespace cordon::scan
