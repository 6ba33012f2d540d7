#include "cordon/join/timeline.h"

#include <charconv>

namespace cordon::join {
namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool number(std::string_view text, std::size_t at, std::size_t length, unsigned& out) {
  if (at + length > text.size()) return false;
  const char* begin = text.data() + at;
  auto [end, ec] = std::from_chars(begin, begin + length, out);
  return ec == std::errc() && end == begin + length;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

std::optional<std::int64_t> parse_timestamp_us(std::string_view ts) {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (ts.size() < 20 || ts[4] != '-' || ts[7] != '-' || (ts[10] != 'T' && ts[10] != 't') ||
      ts[13] != ':' || ts[16] != ':' || !number(ts, 0, 4, year) || !number(ts, 5, 2, month) ||
      !number(ts, 8, 2, day) || !number(ts, 11, 2, hour) || !number(ts, 14, 2, minute) ||
      !number(ts, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t at = 19;
  std::int64_t micros = 0;
  if (at < ts.size() && ts[at] == '.') {
    ++at;
    std::size_t digits = 0;
    while (at < ts.size() && ts[at] >= '0' && ts[at] <= '9') {
      if (digits < 6) micros = micros * 10 + (ts[at] - '0');
      ++digits;
      ++at;
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t i = digits; i < 6; ++i) micros *= 10;
  }
  if (at + 1 != ts.size() || (ts[at] != 'Z' && ts[at] != 'z')) return std::nullopt;
  const std::int64_t days = days_from_civil(year, month, day);
  return ((days * 24 + hour) * 60 + minute) * 60'000'000 + std::int64_t{second} * 1'000'000 +
         micros;
}

void Timeline::add(std::string_view ts, std::string_view verdict) {
  const auto at = parse_timestamp_us(ts);
  if (!at) {
    ++untimed_;
    return;
  }
  ++timed_;
  if (!first_us_ || *at < *first_us_) first_us_ = *at;
  if (!last_us_ || *at > *last_us_) last_us_ = *at;
  const std::size_t slot = verdict == "deny" ? 1 : verdict == "audit" ? 2 : 0;
  ++counts_[floor_div(*at, width_us_)][slot];
  while (counts_.size() > kMaxBuckets) {
    // Twice as wide: bucket i of the new width holds old buckets 2i, 2i+1.
    std::map<std::int64_t, std::array<std::size_t, 3>> wider;
    for (const auto& [index, counts] : counts_) {
      auto& merged = wider[floor_div(index, 2)];
      for (std::size_t i = 0; i < 3; ++i) merged[i] += counts[i];
    }
    counts_ = std::move(wider);
    width_us_ *= 2;
  }
}

std::vector<TimelineBucket> Timeline::buckets() const {
  std::vector<TimelineBucket> out;
  out.reserve(counts_.size());
  for (const auto& [index, counts] : counts_) {
    out.push_back({index * width_us_, counts[0], counts[1], counts[2]});
  }
  return out;
}

}  // namespace cordon::join
