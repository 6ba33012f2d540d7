#include "macho_starts.h"

#include "cordon/support/bounded_reader.h"

namespace cordon::binary {
namespace {

// A ULEB128 at `offset`, advancing it; nullopt when truncated or wider than 64 bits.
std::optional<std::uint64_t> read_uleb(std::span<const std::uint8_t> data, std::size_t& offset) {
  std::uint64_t value = 0;
  for (unsigned shift = 0; offset < data.size(); shift += 7) {
    std::uint8_t byte = data[offset++];
    if (shift >= 64 || (shift == 63 && (byte & 0x7e) != 0)) return std::nullopt;
    value |= std::uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

constexpr std::uint32_t kRegularPage = 2;
constexpr std::uint32_t kCompressedPage = 3;

}  // namespace

void parse_function_starts(std::span<const std::uint8_t> data, std::uint64_t text_base,
                           std::uint64_t max_starts, std::vector<std::uint64_t>& starts) {
  std::uint64_t address = text_base;
  std::size_t offset = 0;
  std::uint64_t added = 0;
  while (offset < data.size() && added < max_starts) {
    auto delta = read_uleb(data, offset);
    if (!delta || *delta == 0) return;  // 0 ends the list (padding follows)
    auto next = checked_add(address, *delta);
    if (!next) return;
    address = *next;
    starts.push_back(address);
    ++added;
  }
}

void parse_unwind_info(std::span<const std::uint8_t> section, std::uint64_t image_base,
                       std::uint64_t max_starts, std::vector<std::uint64_t>& starts) {
  BoundedReader reader(section);
  auto version = reader.read<std::uint32_t>(0);
  auto index_offset = reader.read<std::uint32_t>(20);
  auto index_count = reader.read<std::uint32_t>(24);
  if (!version || *version != 1 || !index_offset || !index_count) return;
  std::uint64_t added = 0;
  auto add = [&](std::uint64_t function_offset) {
    starts.push_back(image_base + function_offset);
    return ++added < max_starts;
  };
  // The last index entry is a sentinel: the end of the last function.
  for (std::uint32_t i = 0; i + 1 < *index_count; ++i) {
    std::uint64_t entry = *index_offset + 12ull * i;
    auto function_offset = reader.read<std::uint32_t>(entry);
    auto page_offset = reader.read<std::uint32_t>(entry + 4);
    if (!function_offset || !page_offset) return;
    if (*page_offset == 0) continue;
    auto kind = reader.read<std::uint32_t>(*page_offset);
    auto entries_offset = reader.read<std::uint16_t>(*page_offset + 4ull);
    auto entry_count = reader.read<std::uint16_t>(*page_offset + 6ull);
    if (!kind || !entries_offset || !entry_count) return;
    std::uint64_t first = std::uint64_t{*page_offset} + *entries_offset;
    for (std::uint16_t e = 0; e < *entry_count; ++e) {
      if (*kind == kRegularPage) {
        auto offset = reader.read<std::uint32_t>(first + 8ull * e);
        if (!offset) return;
        if (!add(*offset)) return;
      } else if (*kind == kCompressedPage) {
        auto word = reader.read<std::uint32_t>(first + 4ull * e);
        if (!word) return;
        if (!add(std::uint64_t{*function_offset} + (*word & 0xffffffu))) return;
      } else {
        return;
      }
    }
  }
}

}  // namespace cordon::binary
