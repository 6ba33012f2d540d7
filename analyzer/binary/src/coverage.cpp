#include "coverage.h"

#include <algorithm>
#include <bit>

namespace cordon::binary {

CodeCoverage::CodeCoverage(const Image& image) {
  for (const Section& s : image.sections) {
    if (!s.executable || s.bytes.empty()) continue;
    std::uint64_t begin = s.address;
    std::uint64_t end = s.address + s.bytes.size();
    // Overlapping sections (a hostile file) are counted once: each byte
    // belongs to the first area that holds it.
    if (!areas_.empty()) begin = std::max(begin, areas_.back().end);
    if (end <= begin) continue;
    Area area;
    area.begin = begin;
    area.end = end;
    area.bits.assign(static_cast<std::size_t>((end - begin + 63) / 64), 0);
    code_bytes_ += end - begin;
    areas_.push_back(std::move(area));
  }
}

const CodeCoverage::Area* CodeCoverage::area_at(std::uint64_t address) const {
  auto it = std::upper_bound(areas_.begin(), areas_.end(), address,
                             [](std::uint64_t a, const Area& area) { return a < area.begin; });
  if (it == areas_.begin()) return nullptr;
  --it;
  return address < it->end ? &*it : nullptr;
}

void CodeCoverage::mark(std::uint64_t begin, std::uint64_t end) {
  auto it = std::upper_bound(areas_.begin(), areas_.end(), begin,
                             [](std::uint64_t a, const Area& area) { return a < area.begin; });
  if (it != areas_.begin()) --it;
  for (; it != areas_.end() && it->begin < end; ++it) {
    std::uint64_t from = std::max(begin, it->begin) - it->begin;
    std::uint64_t to = std::min(end, it->end);
    if (to <= it->begin) continue;
    to -= it->begin;
    while (from < to) {
      std::uint64_t word = from / 64;
      unsigned bit = static_cast<unsigned>(from % 64);
      std::uint64_t count = std::min<std::uint64_t>(64 - bit, to - from);
      std::uint64_t mask = count == 64 ? ~0ull : ((1ull << count) - 1) << bit;
      it->bits[static_cast<std::size_t>(word)] |= mask;
      from += count;
    }
  }
}

bool CodeCoverage::covered(std::uint64_t address) const {
  const Area* area = area_at(address);
  if (area == nullptr) return false;
  std::uint64_t i = address - area->begin;
  return (area->bits[static_cast<std::size_t>(i / 64)] >> (i % 64) & 1) != 0;
}

std::uint64_t CodeCoverage::covered_bytes() const {
  std::uint64_t total = 0;
  for (const Area& area : areas_) {
    for (std::uint64_t word : area.bits) total += static_cast<std::uint64_t>(std::popcount(word));
  }
  return total;  // bits past an area's end are never set
}

std::vector<ByteRange> CodeCoverage::gaps() const {
  std::vector<ByteRange> out;
  for (const Area& area : areas_) {
    const std::uint64_t size = area.end - area.begin;
    std::uint64_t i = 0;
    while (i < size) {
      const std::uint64_t word = area.bits[static_cast<std::size_t>(i / 64)];
      const unsigned bit = static_cast<unsigned>(i % 64);
      const std::uint64_t rest = word >> bit;
      if ((rest & 1) != 0) {
        // Covered: skip the run of ones in this word.
        unsigned ones = static_cast<unsigned>(std::countr_one(rest));
        i += std::min<std::uint64_t>(ones, 64 - bit);
        continue;
      }
      // Uncovered from i: find the next covered byte.
      std::uint64_t j = i;
      while (j < size) {
        const std::uint64_t w = area.bits[static_cast<std::size_t>(j / 64)];
        const unsigned b = static_cast<unsigned>(j % 64);
        const std::uint64_t r = w >> b;
        if (r == 0) {
          j += 64 - b;
          continue;
        }
        j += static_cast<unsigned>(std::countr_zero(r));
        break;
      }
      j = std::min(j, size);
      out.emplace_back(area.begin + i, area.begin + j);
      i = j;
    }
  }
  return out;
}

}  // namespace cordon::binary
