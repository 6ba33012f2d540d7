// Baselines: an earlier JSON report. Findings whose id it holds are not new:
// they are still reported but do not count for the exit status.
#pragma once

#include <set>
#include <string>

#include "cordon/support/error.h"

namespace cordon::report {

// The finding ids of a JSON report. A missing file, bad JSON, or a report
// without a "findings" array of objects with string ids is an error naming
// the file and the fault.
[[nodiscard]] Result<std::set<std::string>> load_baseline_ids(const std::string& path);
[[nodiscard]] Result<std::set<std::string>> parse_baseline_ids(const std::string& text,
                                                               const std::string& name);

}  // namespace cordon::report
