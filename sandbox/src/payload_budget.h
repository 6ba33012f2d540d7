// The bytes of title data the supervisor holds at once (payloads and
// control data copied for the sends it performs), bounded in total: a
// title flooding sendmmsg or many threads sending 4 MiB each cannot make
// cordon's memory grow with them. Each notification holds at most one
// message (kMaxPayload + kMaxControl); beyond the total a copy waits for
// bytes to be given back, and fails with ENOBUFS after `kWait` (an answer
// sendmsg(2) may give when buffers are short). Private to the sandbox
// library.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <utility>

namespace cordon::sandbox {

class PayloadBudget {
 public:
  static constexpr std::size_t kTotal = 32u << 20;
  static constexpr std::chrono::milliseconds kWait{2000};

  explicit PayloadBudget(std::size_t total = kTotal) : free_(total), total_(total) {}

  // Takes `bytes` (at most the total), waiting up to `kWait`; false when
  // they did not come free.
  [[nodiscard]] bool take(std::size_t bytes) {
    if (bytes > total_) return false;
    std::unique_lock lock(mutex_);
    if (!freed_.wait_for(lock, kWait, [&] { return free_ >= bytes; })) return false;
    free_ -= bytes;
    return true;
  }
  void give_back(std::size_t bytes) {
    {
      std::lock_guard lock(mutex_);
      free_ += bytes;
    }
    freed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  std::size_t free_;
  std::size_t total_;
};

// Bytes taken from a budget, given back when it goes (RAII).
class BudgetLease {
 public:
  BudgetLease() = default;
  BudgetLease(PayloadBudget* budget, std::size_t bytes) : budget_(budget), bytes_(bytes) {}
  BudgetLease(BudgetLease&& other) noexcept
      : budget_(std::exchange(other.budget_, nullptr)), bytes_(other.bytes_) {}
  BudgetLease& operator=(BudgetLease&& other) noexcept {
    if (this != &other) {
      release();
      budget_ = std::exchange(other.budget_, nullptr);
      bytes_ = other.bytes_;
    }
    return *this;
  }
  BudgetLease(const BudgetLease&) = delete;
  BudgetLease& operator=(const BudgetLease&) = delete;
  ~BudgetLease() { release(); }

  // Takes `bytes` from `budget` (nullptr: no budget, always granted).
  [[nodiscard]] static bool take(PayloadBudget* budget, std::size_t bytes, BudgetLease& out) {
    if (budget == nullptr || bytes == 0) return true;
    if (!budget->take(bytes)) return false;
    out = BudgetLease(budget, bytes);
    return true;
  }

 private:
  void release() {
    if (budget_ != nullptr) budget_->give_back(bytes_);
    budget_ = nullptr;
  }
  PayloadBudget* budget_ = nullptr;
  std::size_t bytes_ = 0;
};

}  // namespace cordon::sandbox
