// The linear sweep of the code no function reached: alignment padding
// (nop, int3, zero fill) is recognised as such, and the first byte after it
// becomes a function start when it decodes as code, so functions that
// nothing the file names or calls directly (prologue-free ones, callbacks
// whose address we did not see, code of a binary without unwind tables) are
// analysed too.
#pragma once

#include <cstdint>
#include <vector>

#include "capstone_handle.h"
#include "coverage.h"
#include "image.h"

namespace cordon::binary {

struct GapSweep {
  std::vector<ByteRange> padding;     // to mark as covered: checked, nothing to analyse
  std::vector<std::uint64_t> starts;  // sorted function starts that decode as code
};

struct GapSweepOptions {
  bool find_starts = true;
  // Starts taken per gap: 1 lets each start's recursive descent claim its
  // own blocks (a loop aligned after a return stays in its function) before
  // the next pass looks again; more finish a gap full of unreached functions
  // in fewer passes.
  std::size_t starts_per_gap = 1;
};

// True when linear decoding at `at` looks like the start of code (no
// undecodable bytes before a jump, return or trap, not padding). `cs` may
// have details off.
[[nodiscard]] bool looks_like_code(const Image& image, const CapstoneHandle& cs, std::uint64_t at);

// `cs` may have details off. Sections marked plt are skipped (they are stubs).
[[nodiscard]] GapSweep sweep_gaps(const Image& image, const CodeCoverage& coverage,
                                  const CapstoneHandle& cs, const GapSweepOptions& options);

}  // namespace cordon::binary
