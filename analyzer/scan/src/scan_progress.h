// The progress line of `cordon scan` on standard error: targets done of all,
// bytes of code done of all, and the time left at the rate so far, redrawn
// in place. Drawn only when standard error is a terminal and --quiet is not
// given, so logs and pipelines never see it; cleared before the report.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace cordon::scan {

class ScanProgress {
 public:
  // `total_bytes`: the code bytes of every target (their estimates).
  ScanProgress(std::size_t targets, std::uint64_t total_bytes, bool enabled);
  ~ScanProgress();
  ScanProgress(const ScanProgress&) = delete;
  ScanProgress& operator=(const ScanProgress&) = delete;

  // A target of `bytes` code bytes is done.
  void done(const std::string& path, std::uint64_t bytes);

  // "<1s", "42s", "3m05s", "2h07m".
  [[nodiscard]] static std::string duration_text(double seconds);

 private:
  std::mutex mutex_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::size_t targets_;
  std::uint64_t total_bytes_;
  std::size_t done_ = 0;
  std::uint64_t done_bytes_ = 0;
  bool enabled_;
  bool drawn_ = false;
};

}  // namespace cordon::scan
