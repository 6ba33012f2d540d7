#include "cordon/report/coverage.h"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

namespace cordon::report {

std::optional<double> coverage_fraction(const flow::TargetStats& stats) {
  if (stats.code_bytes == 0) return std::nullopt;
  return static_cast<double>(stats.covered_bytes) / static_cast<double>(stats.code_bytes);
}

std::string coverage_percent(const flow::TargetStats& stats) {
  auto fraction = coverage_fraction(stats);
  if (!fraction) return "-";
  // Integer arithmetic: 0.8999... must not print as 90.0%. Targets are at
  // most a few GiB, far from overflowing the product.
  const std::uint64_t covered = std::min(stats.covered_bytes, stats.code_bytes);
  const std::uint64_t tenths = covered <= UINT64_MAX / 1000
                                   ? covered * 1000 / stats.code_bytes
                                   : covered / (stats.code_bytes / 1000 + 1);
  return fmt::format("{}.{}%", tenths / 10, tenths % 10);
}

std::string byte_size_text(std::uint64_t bytes) {
  constexpr double kKiB = 1024.0;
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  const double value = static_cast<double>(bytes);
  if (value < kKiB * kKiB) return fmt::format("{:.0f} KiB", value / kKiB);
  if (value < kKiB * kKiB * kKiB) return fmt::format("{:.1f} MiB", value / (kKiB * kKiB));
  return fmt::format("{:.2f} GiB", value / (kKiB * kKiB * kKiB));
}

void apply_coverage_policy(flow::TargetResult& target, std::optional<double> min_coverage) {
  if (!target.ok) return;
  auto fraction = coverage_fraction(target.stats);
  if (!fraction) return;
  const std::string what =
      fmt::format("the scan analysed {} of the {} of executable code ({} of {} bytes)",
                  coverage_percent(target.stats), byte_size_text(target.stats.code_bytes),
                  target.stats.covered_bytes, target.stats.code_bytes);
  if (min_coverage && *fraction < *min_coverage) {
    target.ok = false;
    target.error = fmt::format("{}: {}, under --min-coverage {}", target.path, what, *min_coverage);
    return;
  }
  if (*fraction < kCoverageWarningFraction) {
    target.warnings.push_back(fmt::format("{}: paths through the rest are not reported", what));
  }
}

}  // namespace cordon::report
