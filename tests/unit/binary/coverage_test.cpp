// What the scan says it covered: the coverage map, the gap sweep's padding
// and starts on hand-made code, and the covered fraction of compiled programs.
#include <doctest/doctest.h>

#include <array>

#include "capstone_handle.h"
#include "coverage.h"
#include "gap_sweep.h"
#include "graph_probe.h"

namespace cordon::binary::test {
namespace {

Image image_with_text(std::span<const std::uint8_t> code, std::uint64_t address) {
  Image image;
  Section text;
  text.name = ".text";
  text.address = address;
  text.size = code.size();
  text.bytes = code;
  text.executable = true;
  image.sections.push_back(text);
  image.finish();
  return image;
}

}  // namespace

TEST_CASE("coverage: marks, counts and gaps over the executable bytes") {
  std::array<std::uint8_t, 300> code{};
  Image image = image_with_text(code, 0x1000);
  Section data;
  data.name = ".data";
  data.address = 0x5000;
  data.size = 64;
  data.bytes = std::span<const std::uint8_t>(code.data(), 64);
  image.sections.push_back(data);
  image.finish();
  CodeCoverage coverage(image);
  CHECK(coverage.code_bytes() == 300);  // data is no code
  CHECK(coverage.covered_bytes() == 0);
  coverage.mark(0x0f00, 0x1010);  // clipped to the section
  coverage.mark(0x1040, 0x10c1);  // across word boundaries
  coverage.mark(0x1050, 0x1060);  // overlapping: counted once
  coverage.mark(0x5000, 0x5040);  // not code: ignored
  CHECK(coverage.covered_bytes() == 0x10 + 0x81);
  CHECK(coverage.covered(0x1000));
  CHECK_FALSE(coverage.covered(0x1010));
  CHECK(coverage.covered(0x10c0));
  CHECK_FALSE(coverage.covered(0x10c1));
  auto gaps = coverage.gaps();
  REQUIRE(gaps.size() == 2);
  CHECK(gaps[0] == ByteRange{0x1010, 0x1040});
  CHECK(gaps[1] == ByteRange{0x10c1, 0x1000 + 300});
  coverage.mark(0x1000, 0x2000);
  CHECK(coverage.covered_bytes() == 300);
  CHECK(coverage.gaps().empty());
}

TEST_CASE("gap sweep: padding is padding, code after it is a start, junk is neither") {
  // ret | int3 nop, nopl 0(%rax) | push rbp; mov rbp,rsp; pop rbp; ret | ff ff ff ff
  const std::array<std::uint8_t, 19> code = {0xc3, 0xcc, 0x90, 0x0f, 0x1f, 0x40, 0x00,
                                             0x55, 0x48, 0x89, 0xe5, 0x5d, 0xc3, 0xcc,
                                             0xff, 0xff, 0xff, 0xff, 0xff};
  Image image = image_with_text(code, 0x400000);
  CodeCoverage coverage(image);
  coverage.mark(0x400000, 0x400001);  // the ret, analysed
  auto cs = CapstoneHandle::open(Arch::kX86_64, /*detail=*/false);
  REQUIRE(cs);
  GapSweepOptions padding_only;
  padding_only.find_starts = false;
  GapSweep swept = sweep_gaps(image, coverage, *cs, padding_only);
  REQUIRE(swept.padding.size() == 1);
  CHECK(swept.padding[0] == ByteRange{0x400001, 0x400007});
  CHECK(swept.starts.empty());

  GapSweep found = sweep_gaps(image, coverage, *cs, GapSweepOptions{});
  CHECK(found.starts == std::vector<std::uint64_t>{0x400007});
  coverage.mark(0x400001, 0x40000d);
  found = sweep_gaps(image, coverage, *cs, GapSweepOptions{});
  CHECK(found.starts.empty());  // the int3 is padding, 0xff is no instruction
  CHECK(found.padding == std::vector<ByteRange>{{0x40000d, 0x40000e}});
}

TEST_CASE("gap sweep: aarch64 nops and zero words are padding") {
  // ret | nop | 0 | stp x29, x30, [sp, #-16]!; ldp x29, x30, [sp], #16; ret
  const std::array<std::uint8_t, 24> code = {0xc0, 0x03, 0x5f, 0xd6, 0x1f, 0x20, 0x03, 0xd5,
                                             0x00, 0x00, 0x00, 0x00, 0xfd, 0x7b, 0xbf, 0xa9,
                                             0xfd, 0x7b, 0xc1, 0xa8, 0xc0, 0x03, 0x5f, 0xd6};
  Image image = image_with_text(code, 0x10000);
  image.arch = Arch::kAArch64;
  CodeCoverage coverage(image);
  coverage.mark(0x10000, 0x10004);
  auto cs = CapstoneHandle::open(Arch::kAArch64, /*detail=*/false);
  REQUIRE(cs);
  GapSweep found = sweep_gaps(image, coverage, *cs, GapSweepOptions{});
  CHECK(found.padding == std::vector<ByteRange>{{0x10004, 0x1000c}});
  CHECK(found.starts == std::vector<std::uint64_t>{0x1000c});
}

TEST_CASE("coverage of compiled programs: nearly every code byte is analysed") {
  for (const char* name : {"leak_O0", "leak_O2", "leak_pie_stripped"}) {
    CAPTURE(name);
    auto built = build_binary_graph(input(name), FrontEndOptions{});
    REQUIRE(built);
    CHECK(built->code_bytes > 0);
    CHECK(built->covered_bytes <= built->code_bytes);
    CHECK(static_cast<double>(built->covered_bytes) >=
          0.9 * static_cast<double>(built->code_bytes));
  }
}

}  // namespace cordon::binary::test
