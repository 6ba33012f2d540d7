// The targets of a scan on up to -j workers within a memory budget
// (target_scheduler.h), each isolated: an exception on one target (a bug,
// exhaustion) makes it a failed target and the others go on.
#pragma once

#include <cstdint>
#include <vector>

#include "target_scan.h"
#include "targets.h"

namespace cordon::scan {

struct Parallelism {
  unsigned jobs = 1;
  std::uint64_t memory_budget = 0;
  bool progress = false;  // draw the progress line (scan_progress.h)
};

// One outcome per target, in the targets' order, so the report does not
// depend on -j, the budget or which target finished first.
[[nodiscard]] std::vector<Outcome> scan_all(const std::vector<Target>& targets,
                                            const TargetContext& base, const Parallelism& parallel);

// Half the memory the scan may have (the machine's physical memory, or its
// cgroup's limit when lower: a CI container), the other half left to the
// rest and to estimates that fall short.
[[nodiscard]] std::uint64_t default_memory_budget();

}  // namespace cordon::scan
