#include "scan_progress.h"

#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "cordon/report/coverage.h"
#include "cordon/support/terminal_text.h"

namespace cordon::scan {
namespace {

// Each target weighs its code bytes plus this much, so a directory of tiny
// or failing targets still moves the estimate.
constexpr double kTargetWeight = 64.0 * 1024.0;

}  // namespace

ScanProgress::ScanProgress(std::size_t targets, std::uint64_t total_bytes, bool enabled)
    : targets_(targets), total_bytes_(total_bytes), enabled_(enabled) {}

ScanProgress::~ScanProgress() {
  if (enabled_ && drawn_) std::fprintf(stderr, "\r\x1b[K");
}

std::string ScanProgress::duration_text(double seconds) {
  if (!(seconds >= 1.0)) return "<1s";
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
}

void ScanProgress::done(const std::string& path, std::uint64_t bytes) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  done_bytes_ += bytes;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  // The time left at the rate so far, weighed by code bytes (what a scan's
  // time grows with).
  const double weight_done = static_cast<double>(done_bytes_) + kTargetWeight * done_;
  const double weight_all = static_cast<double>(total_bytes_) + kTargetWeight * targets_;
  const double left = weight_done > 0 ? elapsed * (weight_all - weight_done) / weight_done : 0;
  constexpr std::size_t kWidth = 20;
  const std::size_t filled = targets_ == 0 ? kWidth : done_ * kWidth / targets_;
  // A hostile file name must not drive the terminal.
  const std::string shown = terminal_text(shorten(path, 40));
  const std::string line =
      fmt::format("\r\x1b[K[{}{}] {}/{} targets, {} of {} of code, {} left  {}",
                  std::string(filled, '#'), std::string(kWidth - filled, '.'), done_, targets_,
                  report::byte_size_text(done_bytes_), report::byte_size_text(total_bytes_),
                  done_ == targets_ ? "none" : duration_text(left), shown);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace cordon::scan
