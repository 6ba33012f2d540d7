#include "target_pool.h"

#include <unistd.h>

#include <algorithm>
#include <exception>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "scan_progress.h"
#include "target_scheduler.h"

namespace cordon::scan {
namespace {

// A target's estimated peak working memory: its code bytes times what the
// scan keeps per code byte (decoded functions, the graph, the dataflow
// state; measured in bench/scan, see docs/analysis.md), plus a fixed part.
std::uint64_t memory_cost(const Target& t) {
  constexpr std::uint64_t kBytesPerCodeByte = 32;
  constexpr std::uint64_t kPerTarget = std::uint64_t{4} << 20;
  return t.code_bytes * kBytesPerCodeByte + kPerTarget;
}

}  // namespace

std::vector<Outcome> scan_all(const std::vector<Target>& targets, const TargetContext& base,
                              const Parallelism& parallel) {
  std::vector<Outcome> outcomes(targets.size());
  std::vector<std::uint64_t> costs;
  std::uint64_t total_bytes = 0;
  for (const Target& t : targets) {
    costs.push_back(memory_cost(t));
    total_bytes += t.code_bytes;
  }
  TargetScheduler scheduler(std::move(costs), parallel.memory_budget);
  const unsigned jobs = parallel.jobs;
  unsigned workers = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(targets.size())));
  ScanProgress progress(targets.size(), total_bytes, parallel.progress);
  auto work = [&]() {
    while (auto slot = scheduler.acquire()) {
      const std::size_t i = slot->index;
      TargetContext context = base;
      // A target that runs alone (the only one, or over the budget) has the
      // workers' threads for its own functions instead.
      context.front_end_jobs = targets.size() == 1 || slot->alone ? jobs : 1;
      try {
        outcomes[i] = scan_binary(targets[i], context);
      } catch (const std::exception& e) {
        // A bug or exhaustion on one target must not end the others.
        outcomes[i] = Outcome{};
        outcomes[i].target.path = targets[i].path;
        outcomes[i].target.ok = false;
        outcomes[i].target.format = guess_format(targets[i].file_path());
        outcomes[i].target.error = fmt::format("{}: internal error: {}", targets[i].path, e.what());
      }
      scheduler.release(*slot);
      progress.done(targets[i].path, targets[i].code_bytes);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
  return outcomes;
}

std::uint64_t default_memory_budget() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGESIZE);
  std::uint64_t memory = pages > 0 && page_size > 0 ? static_cast<std::uint64_t>(pages) *
                                                          static_cast<std::uint64_t>(page_size)
                                                    : std::uint64_t{8} << 30;
  std::ifstream limit("/sys/fs/cgroup/memory.max");  // "max" when there is none
  std::uint64_t cgroup = 0;
  if (limit >> cgroup && cgroup > 0) memory = std::min(memory, cgroup);
  return memory / 2;
}

}  // namespace cordon::scan
