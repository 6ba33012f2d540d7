// The registers as they are at the branches into a block. Blocks are lifted
// in address order, so without this a block placed after a return or a jump
// (a cold path, the far side of an if) would start from the state the
// previous block ended in: often an epilogue that popped the registers
// holding the function's pointers.
//
// Where several edges meet (branches to one block, or a branch to the block
// the previous one falls into), a register that holds nothing or a constant
// on one edge and data on another takes the data: the value is the data on
// at least one path, and a constant on the other path carries none (the
// zeroed defaults of an `if (ok) x = read(); else x = 0;` no longer erase
// what was read). Two different data values keep the first edge's (a merge
// node per register and join would grow large titles' graphs by a tenth).
// Branches back to a block already lifted (loops) change nothing.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "dataflow.h"

namespace cordon::binary {

template <std::size_t N>
class BranchStates {
 public:
  // Starts a function spanning [start, end): targets in that range are
  // remembered in a bitmap, so the lifter can ask at every instruction
  // whether one falls into a block a branch already reached.
  // `call_clobbered[r]`: register r does not survive a call.
  void reset(std::uint64_t start, std::uint64_t end, const std::array<bool, N>& call_clobbered,
             const LiftContext& context) {
    call_clobbered_ = &call_clobbered;
    context_ = &context;
    if (states_.bucket_count() > 256) {
      states_ = {};  // clear() would walk every bucket of the last big function
    } else {
      states_.clear();
    }
    start_ = start;
    targets_.assign(static_cast<std::size_t>(end - start), false);
  }

  void save(std::uint64_t target, const Value (&regs)[N]) {
    // A bound for junk that branches everywhere: past it, blocks start from
    // the previous block's state, as without this.
    constexpr std::size_t kMaxStates = 8192;
    auto found = states_.find(target);
    if (found != states_.end()) {
      join(found->second.data(), regs);
      return;
    }
    if (states_.size() >= kMaxStates) return;
    auto& state = states_[target];
    std::copy(std::begin(regs), std::end(regs), state.begin());
    if (target - start_ < targets_.size())
      targets_[static_cast<std::size_t>(target - start_)] = true;
  }
  // Restores the entry state of a block not reached by falling through.
  void restore(std::uint64_t address, Value (&regs)[N]) const {
    auto found = states_.find(address);
    if (found != states_.end()) std::copy(found->second.begin(), found->second.end(), regs);
  }
  // Whether a branch seen so far goes to `address`.
  [[nodiscard]] bool is_target(std::uint64_t address) const {
    return address - start_ < targets_.size() &&
           targets_[static_cast<std::size_t>(address - start_)];
  }
  // Falling into `address`: when a branch reached it too, joins that state in.
  void fall_into(std::uint64_t address, Value (&regs)[N]) const {
    if (address - start_ >= targets_.size() ||
        !targets_[static_cast<std::size_t>(address - start_)])
      return;
    auto found = states_.find(address);
    if (found != states_.end()) join(regs, found->second.data());
  }

 private:
  static bool data(const Value& v) {
    switch (v.kind) {
      case Value::Kind::kNone:
      case Value::Kind::kConst:
        return false;
      case Value::Kind::kNode:
      case Value::Kind::kParam:
      case Value::Kind::kStack:
        return true;
    }
    return false;
  }
  // Data on the other edge replaces, on this one: a plain number (a zeroed
  // default), or nothing in a register calls preserve (a value the lifter
  // lost track of). Nothing in a call-clobbered register is what a call
  // left: code after the join does not read it, whatever the other edge
  // holds, so taking that would only add arguments to later calls. An
  // address (a string, a global) is a value of its own and stays.
  void join(Value* into, const Value* other) const {
    for (std::size_t r = 0; r < N; ++r) {
      if (!data(other[r]) || data(into[r])) continue;
      bool take = into[r].is_const() ? context_->image->section_at(into[r].address()) == nullptr
                                     : !(*call_clobbered_)[r];
      if (take) into[r] = other[r];
    }
  }

  std::unordered_map<std::uint64_t, std::array<Value, N>> states_;
  const std::array<bool, N>* call_clobbered_ = nullptr;
  const LiftContext* context_ = nullptr;
  std::uint64_t start_ = 0;
  std::vector<bool> targets_;
};

}  // namespace cordon::binary
