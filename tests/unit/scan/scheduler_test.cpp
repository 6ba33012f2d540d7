// The target scheduler (which target starts next under -j and the memory
// budget) and the progress line's durations, single-threaded: every
// acquire below can be granted at once, so none blocks.
#include <doctest/doctest.h>

#include <vector>

#include "scan_progress.h"
#include "target_scheduler.h"

using cordon::scan::ScanProgress;
using cordon::scan::TargetScheduler;

TEST_CASE("the largest target starts first; smaller ones fill the budget beside it") {
  TargetScheduler scheduler({10, 60, 30, 20}, /*budget=*/100);
  auto first = scheduler.acquire();
  REQUIRE(first);
  CHECK(first->index == 1);  // cost 60
  CHECK_FALSE(first->alone);
  auto second = scheduler.acquire();
  REQUIRE(second);
  CHECK(second->index == 2);  // cost 30: 90 in use
  auto third = scheduler.acquire();
  REQUIRE(third);
  CHECK(third->index == 0);  // cost 10 fits (100); cost 20 would not
  scheduler.release(*first);
  auto fourth = scheduler.acquire();
  REQUIRE(fourth);
  CHECK(fourth->index == 3);
  scheduler.release(*second);
  scheduler.release(*third);
  scheduler.release(*fourth);
  CHECK_FALSE(scheduler.acquire());
}

TEST_CASE("a target over the budget runs alone when nothing else runs") {
  TargetScheduler scheduler({500, 5}, /*budget=*/100);
  auto big = scheduler.acquire();
  REQUIRE(big);
  CHECK(big->index == 0);
  CHECK(big->alone);
  scheduler.release(*big);
  auto small = scheduler.acquire();
  REQUIRE(small);
  CHECK(small->index == 1);
  CHECK_FALSE(small->alone);
  scheduler.release(*small);
  CHECK_FALSE(scheduler.acquire());
}

TEST_CASE("equal costs keep the targets' order") {
  TargetScheduler scheduler({7, 7, 7}, /*budget=*/1000);
  std::vector<std::size_t> order;
  while (auto slot = scheduler.acquire()) order.push_back(slot->index);
  CHECK(order == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("the progress line's durations") {
  CHECK(ScanProgress::duration_text(0.2) == "<1s");
  CHECK(ScanProgress::duration_text(-3) == "<1s");
  CHECK(ScanProgress::duration_text(42.4) == "42s");
  CHECK(ScanProgress::duration_text(185) == "3m05s");
  CHECK(ScanProgress::duration_text(7620) == "2h07m");
}
