// Function starts a Mach-O image records for the unwinder and the linker:
// LC_FUNCTION_STARTS (ULEB128 deltas) and the compact __unwind_info
// section. Both stop at the first malformed record (what came before is
// kept) and add at most `max_starts`.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cordon::binary {

// `data`: the LC_FUNCTION_STARTS payload; deltas start at `text_base` (the
// __TEXT segment's address).
void parse_function_starts(std::span<const std::uint8_t> data, std::uint64_t text_base,
                           std::uint64_t max_starts, std::vector<std::uint64_t>& starts);

// `section`: the __unwind_info bytes; function offsets are from `image_base`.
void parse_unwind_info(std::span<const std::uint8_t> section, std::uint64_t image_base,
                       std::uint64_t max_starts, std::vector<std::uint64_t>& starts);

}  // namespace cordon::binary
