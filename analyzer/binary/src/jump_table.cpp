#include "jump_table.h"

#include <algorithm>
#include <cstring>

namespace cordon::binary {

std::vector<std::uint64_t> jump_table_targets(const Image& image, const JumpTable& t,
                                              std::uint64_t low, std::uint64_t high) {
  std::vector<std::uint64_t> out;
  const Section* table_section = image.section_at(t.table);
  const Section* code = image.section_at(low);
  if (table_section == nullptr || table_section->writable || code == nullptr || !code->executable) {
    return out;
  }
  if (t.entry_size != 1 && t.entry_size != 2 && t.entry_size != 4 && t.entry_size != 8) return out;
  if (t.shift > 3) return out;
  high = std::min<std::uint64_t>(high, code->address + code->bytes.size());
  // Without the range check's bound, the table ends at the first entry that
  // is no case of this function; with it, at the bound too (a table may be
  // followed by another function's, whose entries can look valid).
  const std::uint32_t limit =
      t.bound != 0 ? std::min(t.bound, kMaxJumpTableEntries) : kMaxJumpTableEntries;
  // Offsets into the section's bytes, so no address arithmetic can wrap.
  const std::uint64_t first = t.table - table_section->address;
  const std::uint64_t size = table_section->bytes.size();
  for (std::uint32_t i = 0; i < limit; ++i) {
    const std::uint64_t offset = first + static_cast<std::uint64_t>(i) * t.entry_size;
    if (offset >= size || size - offset < t.entry_size) break;
    const std::uint64_t at = table_section->address + offset;
    const std::uint8_t* p = table_section->bytes.data() + offset;
    std::uint64_t raw = 0;
    std::memcpy(&raw, p, t.entry_size);  // little-endian on both architectures
    std::uint64_t value = raw;
    if (t.is_signed && t.entry_size < 8) {
      const unsigned bits = 8u * t.entry_size;
      const std::uint64_t sign = 1ull << (bits - 1);
      value = (raw ^ sign) - sign;  // sign-extended
    }
    std::uint64_t target = t.base + (value << t.shift);
    if (t.base == 0 && t.entry_size == 8) {
      if (auto relocated = image.pointer_at(at)) target = *relocated;
    }
    if (target < low || target >= high) break;
    if (image.arch == Arch::kAArch64 && target % 4 != 0) break;
    out.push_back(target);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace cordon::binary
