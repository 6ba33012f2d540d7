// Runs fn(begin, end) over [0, count) split into contiguous chunks on up to
// `jobs` threads (the calling thread included). Each index is visited once;
// fn must only write state owned by its own indexes.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace cordon::binary {

template <typename F>
void parallel_chunks(std::size_t count, unsigned jobs, F&& fn) {
  constexpr std::size_t kChunk = 256;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (;;) {
      std::size_t begin = next.fetch_add(kChunk);
      if (begin >= count) return;
      fn(begin, std::min(count, begin + kChunk));
    }
  };
  unsigned threads = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(count / kChunk)));
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
}

}  // namespace cordon::binary
