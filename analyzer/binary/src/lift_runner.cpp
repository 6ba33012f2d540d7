#include "lift_runner.h"

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "capstone_handle.h"
#include "lifters.h"

namespace cordon::binary {
namespace {

constexpr std::size_t kChunk = 32;

}  // namespace

Result<std::vector<LiftedFunction>> lift_functions(const LiftContext& context,
                                                   const std::vector<std::uint64_t>& starts,
                                                   unsigned jobs) {
  std::vector<LiftedFunction> results(starts.size());
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::optional<Error> error;

  auto worker = [&] {
    auto cs = CapstoneHandle::open(context.image->arch);
    if (!cs) {
      std::lock_guard lock(error_mutex);
      error = cs.error();
      return;
    }
    auto lifter = make_lifter(context, *cs);
    for (;;) {
      std::size_t begin = next.fetch_add(kChunk);
      if (begin >= starts.size()) return;
      std::size_t end = std::min(starts.size(), begin + kChunk);
      for (std::size_t i = begin; i < end; ++i) {
        LiftedFunction& f = results[i];
        lifter->lift(starts[i], f);
        // Results wait for the merge: give back the growth slack.
        f.nodes.shrink_to_fit();
        f.edges.shrink_to_fit();
        f.calls.shrink_to_fit();
        f.refs.shrink_to_fit();
      }
    }
  };

  unsigned threads =
      std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(starts.size() / kChunk + 1)));
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  }
  if (error) return fail(*error);
  return results;
}

}  // namespace cordon::binary
