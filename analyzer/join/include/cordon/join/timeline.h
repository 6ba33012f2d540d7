// A run's events over time, for the report's timeline: counts per time
// bucket and verdict, bounded whatever the length of the run. Buckets are
// aligned to multiples of their width (1 ms, doubled while more than
// kMaxBuckets are occupied), so the result does not depend on the order of
// the log's lines. Per-endpoint lanes can be added on the same axis.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace cordon::join {

// Microseconds since the Unix epoch of an RFC 3339 UTC timestamp
// ("2026-11-28T10:00:00.123456Z", fraction optional); nullopt when it is
// not one.
[[nodiscard]] std::optional<std::int64_t> parse_timestamp_us(std::string_view ts);

struct TimelineBucket {
  std::int64_t start_us = 0;  // since the epoch
  std::size_t allow = 0;
  std::size_t deny = 0;
  std::size_t audit = 0;
};

class Timeline {
 public:
  static constexpr std::size_t kMaxBuckets = 240;

  void add(std::string_view ts, std::string_view verdict);

  [[nodiscard]] std::vector<TimelineBucket> buckets() const;  // by start
  [[nodiscard]] std::int64_t bucket_us() const { return width_us_; }
  [[nodiscard]] std::optional<std::int64_t> first_us() const { return first_us_; }
  [[nodiscard]] std::optional<std::int64_t> last_us() const { return last_us_; }
  [[nodiscard]] std::size_t timed() const { return timed_; }
  [[nodiscard]] std::size_t untimed() const { return untimed_; }  // no parseable ts

 private:
  std::int64_t width_us_ = 1000;
  std::map<std::int64_t, std::array<std::size_t, 3>> counts_;  // bucket index -> allow/deny/audit
  std::optional<std::int64_t> first_us_;
  std::optional<std::int64_t> last_us_;
  std::size_t timed_ = 0;
  std::size_t untimed_ = 0;
};

}  // namespace cordon::join
