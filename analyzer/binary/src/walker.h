// Recursive descent over one function: decode from the start, follow
// branches that stay inside the function, stop at returns and jumps out, and
// hand every decoded instruction to the arch lifter at once (nothing per
// instruction is kept). Blocks are taken lowest address first, so the
// lifter's "last definition" state follows the function's layout.
#pragma once

#include <capstone/capstone.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <queue>
#include <unordered_set>
#include <vector>

#include "lift_context.h"
#include "lifted_function.h"

namespace cordon::binary {

enum class Step { kNext, kEndBlock };

// The range a function may span: up to the next known start, its section's
// end and a hard cap, so a function never decodes its neighbour.
struct FunctionRange {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  [[nodiscard]] bool contains(std::uint64_t a) const { return a >= start && a < end; }
};

class Worklist {
 public:
  void push(std::uint64_t address) { queue_.push(address); }
  [[nodiscard]] bool empty() const { return queue_.empty(); }
  std::uint64_t pop() {
    std::uint64_t a = queue_.top();
    queue_.pop();
    return a;
  }
  void clear() { queue_ = {}; }

 private:
  std::priority_queue<std::uint64_t, std::vector<std::uint64_t>, std::greater<>> queue_;
};

inline FunctionRange function_range(const LiftContext& context, std::uint64_t start) {
  constexpr std::uint64_t kMaxFunctionBytes = 16ull << 20;
  const Section* s = context.image->section_at(start);
  FunctionRange r{start, start};
  if (s == nullptr) return r;
  std::uint64_t section_end = s->address + s->bytes.size();
  r.end = std::min({context.next_start(start), section_end, start + kMaxFunctionBytes});
  if (r.end < start) r.end = start;
  return r;
}

// Lifter must provide: void begin(const FunctionRange&, LiftedFunction&, Worklist&),
// Step step(const cs_insn&) which may push targets of the same function,
// void enter_block(std::uint64_t) for a block that is not fallen into, and
// void fall_into(std::uint64_t) before an instruction reached by falling
// through (a branch may have reached it too), and kSkipsUnknownWords with
// Step unknown(address, word) for a 4-byte word Capstone cannot decode.
// Targets past the range that are no known start (split-off cold blocks,
// code without unwind info) belong to the function too and are decoded up
// to the next known start; `outside` remembers what was decoded there. Such
// a target that an earlier round already decoded is left alone: it is code
// of a function found after this one was cut short, or a tail shared with
// it, and decoding it again counted it twice (supertuxkart without
// .eh_frame: 1.64 MB of 15.7 MB decoded twice, 3.70 M instructions against
// objdump's 3.44 M; now 0.19 MB and 3.37 M).
template <typename Lifter>
void walk_function(const LiftContext& context, csh handle, cs_insn* insn, std::uint64_t start,
                   Lifter& lifter, LiftedFunction& out, std::vector<bool>& visited,
                   std::unordered_set<std::uint64_t>& outside) {
  out.start = start;
  FunctionRange range = function_range(context, start);
  if (range.end <= range.start) return;
  visited.assign(static_cast<std::size_t>(range.end - range.start), false);
  if (outside.bucket_count() > 256) {
    outside = {};  // clear() would walk every bucket of the last big function
  } else {
    outside.clear();
  }
  Worklist work;
  work.push(start);
  lifter.begin(range, out, work);
  std::uint64_t fall_through = start;  // where the last lifted instruction continues
  while (!work.empty()) {
    std::uint64_t address = work.pop();
    std::uint64_t limit = 0;
    const Section* section = context.image->section_at(address);
    if (section == nullptr || !section->executable) continue;
    if (range.contains(address)) {
      if (visited[address - range.start]) continue;
      limit = range.end;
    } else {
      if (outside.count(address) != 0) continue;
      // Code past the range that an earlier round already decoded is
      // another function's (a start found later cut this one short, or a
      // shared tail): decoding it again would count it twice.
      if (context.decoded != nullptr && context.decoded->covered(address)) continue;
      limit = std::min(context.next_start(address), section->address + section->bytes.size());
    }
    if (limit <= address) continue;
    // The first instruction of a block entered by a branch starts from that
    // branch's state; every other one is fallen into.
    std::uint64_t entered_at = address != fall_through ? address : ~0ull;
    if (entered_at != ~0ull) lifter.enter_block(address);
    fall_through = 0;
    const std::uint8_t* code = section->bytes.data() + (address - section->address);
    std::size_t size = static_cast<std::size_t>(limit - address);
    const std::uint64_t run_begin = address;
    std::uint64_t run_end = address;  // the bytes decoded here: what the scan covered
    bool over_budget = false;
    for (;;) {
      bool decoded = cs_disasm_iter(handle, &code, &size, &address, insn);
      // A fixed-width word Capstone does not know is stepped over (the lifter
      // says what it may do); otherwise undecodable bytes end the run. Mach-O
      // only for now (Apple's arm64 code uses LSE atomics and pointer
      // authentication throughout): the labelled results of the ELF and PE
      // AArch64 titles are to be re-checked before they change too.
      if (!decoded &&
          (!Lifter::kSkipsUnknownWords || size < 4 || context.image->format != Format::kMachO)) {
        break;
      }
      std::uint64_t at = decoded ? insn->address : address;
      std::uint64_t length = decoded ? insn->size : 4;
      if (range.contains(at)) {
        if (visited[at - range.start]) break;  // joined a block already lifted
        visited[at - range.start] = true;
      } else if (!outside.insert(at).second) {
        break;
      }
      if (out.instructions >= context.max_instructions) {
        out.budget_exceeded = true;
        over_budget = true;
        break;
      }
      ++out.instructions;
      if (at != entered_at) lifter.fall_into(at);
      run_end = at + length;
      Step step = Step::kNext;
      if (decoded) {
        step = lifter.step(*insn);
      } else {
        std::uint32_t word = 0;
        std::memcpy(&word, code, 4);
        code += 4;
        size -= 4;
        address += 4;
        step = lifter.unknown(at, word);
      }
      if (step == Step::kEndBlock) break;
      fall_through = at + length;
    }
    out.add_extent(run_begin, run_end);
    if (over_budget) return;
  }
}

}  // namespace cordon::binary
