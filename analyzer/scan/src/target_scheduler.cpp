#include "target_scheduler.h"

#include <algorithm>
#include <numeric>

namespace cordon::scan {

TargetScheduler::TargetScheduler(std::vector<std::uint64_t> costs, std::uint64_t budget)
    : costs_(std::move(costs)), pending_(costs_.size()), budget_(budget) {
  std::iota(pending_.begin(), pending_.end(), std::size_t{0});
  std::stable_sort(pending_.begin(), pending_.end(),
                   [this](std::size_t a, std::size_t b) { return costs_[a] > costs_[b]; });
}

std::optional<TargetScheduler::Slot> TargetScheduler::acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (pending_.empty()) return std::nullopt;
    auto chosen = pending_.end();
    if (running_ == 0) {
      chosen = pending_.begin();  // the largest left, even over the budget
    } else {
      chosen = std::find_if(pending_.begin(), pending_.end(), [this](std::size_t i) {
        return in_use_ <= budget_ && costs_[i] <= budget_ - in_use_;
      });
    }
    if (chosen != pending_.end()) {
      const std::size_t index = *chosen;
      pending_.erase(chosen);
      in_use_ += costs_[index];
      ++running_;
      return Slot{index, costs_[index] > budget_};
    }
    changed_.wait(lock);
  }
}

void TargetScheduler::release(const Slot& slot) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    in_use_ -= costs_[slot.index];
    --running_;
  }
  changed_.notify_all();
}

}  // namespace cordon::scan
