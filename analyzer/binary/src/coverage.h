// Which executable bytes of an image the scan analysed: one bit per
// file-backed byte of each executable section. Function discovery reads the
// gaps (code nothing reached yet); the report gives the covered fraction.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "image.h"

namespace cordon::binary {

using ByteRange = std::pair<std::uint64_t, std::uint64_t>;  // [begin, end)

class CodeCoverage {
 public:
  explicit CodeCoverage(const Image& image);

  // Marks [begin, end), clipped to the executable sections.
  void mark(std::uint64_t begin, std::uint64_t end);
  [[nodiscard]] bool covered(std::uint64_t address) const;
  // Executable bytes in the file (the denominator), and those marked.
  [[nodiscard]] std::uint64_t code_bytes() const { return code_bytes_; }
  [[nodiscard]] std::uint64_t covered_bytes() const;
  // The maximal unmarked ranges, in address order.
  [[nodiscard]] std::vector<ByteRange> gaps() const;

 private:
  struct Area {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    std::vector<std::uint64_t> bits;  // bit i: byte begin + i is covered
  };
  [[nodiscard]] const Area* area_at(std::uint64_t address) const;

  std::vector<Area> areas_;  // sorted by begin, non-overlapping
  std::uint64_t code_bytes_ = 0;
};

}  // namespace cordon::binary
