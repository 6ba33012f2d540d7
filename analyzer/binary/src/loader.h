// Loading an executable image: sniff the format, hand the bytes to the ELF or
// PE loader. Every loader validates through Expected-returning LLVM calls or
// bounded reads; a malformed file gives an Error, never a crash.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cordon/support/error.h"
#include "image.h"

namespace cordon::binary {

// `bytes` must outlive the returned Image (sections view into it). `slice`
// names the architecture to load from a universal (fat) Mach-O file
// ("x86_64", "arm64", "arm64e"); it must be empty for any other file.
[[nodiscard]] Result<Image> load_image(std::span<const std::uint8_t> bytes,
                                       const std::string& input, const ImageLimits& limits,
                                       const std::string& slice = {});

// A universal (fat) Mach-O header: 0xcafebabe/0xcafebabf and fewer than 43
// architectures (more is a Java class file, which shares the magic).
[[nodiscard]] bool is_universal_macho(std::span<const std::uint8_t> bytes);

struct UniversalSlice {
  std::string arch;  // LLVM's architecture flag name: x86_64, arm64, arm64e, i386, ...
  std::span<const std::uint8_t> bytes;
  bool analysed = false;  // CPU_TYPE_X86_64 or CPU_TYPE_ARM64
};

// The slices of a universal file, in header order. A slice outside the
// file, overlapping the header or another slice, or two slices of one
// architecture are kParse errors.
[[nodiscard]] Result<std::vector<UniversalSlice>> universal_slices(
    std::span<const std::uint8_t> bytes, const std::string& input);

[[nodiscard]] Result<Image> load_elf(std::span<const std::uint8_t> bytes, const std::string& input,
                                     const ImageLimits& limits);
[[nodiscard]] Result<Image> load_pe(std::span<const std::uint8_t> bytes, const std::string& input,
                                    const ImageLimits& limits);
// A thin 64-bit little-endian Mach-O image (one slice of a universal file).
[[nodiscard]] Result<Image> load_macho(std::span<const std::uint8_t> bytes,
                                       const std::string& input, const ImageLimits& limits);

// Function starts, and their extents, from the FDEs of an .eh_frame section
// mapped at `address`. Stops at the first malformed record (what came before
// it is kept); at most `max_starts` are added.
void parse_eh_frame(std::span<const std::uint8_t> section, std::uint64_t address,
                    std::uint64_t max_starts, std::vector<std::uint64_t>& starts,
                    std::vector<CodeRange>& ranges);

}  // namespace cordon::binary
