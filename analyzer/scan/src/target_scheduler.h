// Which target `cordon scan` starts next: under -j N workers and a memory
// budget across the targets running at once. Each target's cost is its
// estimated peak working memory; a target starts only while the costs of
// those running plus its own stay within the budget, so N large targets
// never run together into the machine's limit. A target whose cost alone is
// over the budget runs when nothing else does, and nothing starts beside it.
// The largest targets go first (the scan ends sooner when a large one does
// not start last); smaller ones fill the budget beside them. The order only
// decides when a target runs: each outcome keeps its target's index.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

namespace cordon::scan {

class TargetScheduler {
 public:
  TargetScheduler(std::vector<std::uint64_t> costs, std::uint64_t budget);

  struct Slot {
    std::size_t index;  // the target's index in `costs`
    bool alone;         // nothing else runs beside it (its cost is over the budget)
  };

  // Blocks until a target may start; nullopt once every target has started.
  [[nodiscard]] std::optional<Slot> acquire();
  // The target of `slot` is done: its cost leaves the budget.
  void release(const Slot& slot);

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::uint64_t> costs_;
  std::vector<std::size_t> pending_;  // most costly first
  std::uint64_t budget_;
  std::uint64_t in_use_ = 0;
  std::size_t running_ = 0;
};

}  // namespace cordon::scan
