// The registers as they were at the branches into a block. Blocks are lifted
// in address order, so without this a block placed after a return or a jump
// (a cold path, the far side of an if) would start from the state the
// previous block ended in: often an epilogue that popped the registers
// holding the function's pointers.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>

#include "dataflow.h"

namespace cordon::binary {

template <std::size_t N>
class BranchStates {
 public:
  // The first branch to `target` decides its entry state (a later one may
  // differ; one state per block keeps this linear).
  void save(std::uint64_t target, const Value (&regs)[N]) {
    // A bound for junk that branches everywhere: past it, blocks start from
    // the previous block's state, as without this.
    constexpr std::size_t kMaxStates = 8192;
    if (states_.size() >= kMaxStates) return;
    auto [it, inserted] = states_.try_emplace(target);
    if (inserted) std::copy(std::begin(regs), std::end(regs), it->second.begin());
  }
  // Restores the entry state of a block not reached by falling through.
  void restore(std::uint64_t address, Value (&regs)[N]) const {
    auto found = states_.find(address);
    if (found != states_.end()) std::copy(found->second.begin(), found->second.end(), regs);
  }
  void clear() {
    if (states_.bucket_count() > 256) {
      states_ = {};  // clear() would walk every bucket of the last big function
    } else {
      states_.clear();
    }
  }

 private:
  std::unordered_map<std::uint64_t, std::array<Value, N>> states_;
};

}  // namespace cordon::binary
