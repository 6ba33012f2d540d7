// How much of a binary target's code the scan analysed: the fraction, its
// wording in reports, and the policy that turns a low one into a warning or,
// under --min-coverage, into a target error.
#pragma once

#include <optional>
#include <string>

#include "cordon/flow/finding.h"

namespace cordon::report {

// Below this fraction an ok target carries a warning.
inline constexpr double kCoverageWarningFraction = 0.9;

// covered / code, or nullopt for a target without machine code (sources, a
// binary with no executable bytes): nothing to cover, nothing missed.
[[nodiscard]] std::optional<double> coverage_fraction(const flow::TargetStats& stats);

// "97.3%": rounded down to a tenth of a percent, so a target just under a
// threshold never prints as being at it.
[[nodiscard]] std::string coverage_percent(const flow::TargetStats& stats);

// "1.2 MiB", "840 KiB", "512 bytes".
[[nodiscard]] std::string byte_size_text(std::uint64_t bytes);

// Adds the low-coverage warning to an ok binary target and, when
// `min_coverage` is given and not met, makes it a target error that says so.
void apply_coverage_policy(flow::TargetResult& target, std::optional<double> min_coverage);

}  // namespace cordon::report
