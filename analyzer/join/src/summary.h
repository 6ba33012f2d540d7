// Counts over a join that every rendering shows.
#pragma once

#include <cstddef>

#include "cordon/join/join.h"

namespace cordon::join {

// Lists (pids, executables) show at most this many entries, then a count.
inline constexpr std::size_t kMaxListed = 16;

struct Summary {
  std::size_t matched = 0;
  std::size_t unpredicted = 0;
  std::size_t unexercised = 0;
  std::size_t predicted = 0;
  std::size_t observed = 0;
  std::size_t undeclared = 0;
  std::size_t flows_exercised = 0;
  std::size_t flows_unexercised = 0;
  std::size_t flows_no_endpoint = 0;
  std::size_t flows_undeclared = 0;
  std::size_t other_events = 0;
};

[[nodiscard]] Summary summarize(const JoinReport& report);

}  // namespace cordon::join
