#include "loader.h"

#include <llvm/Object/MachOUniversal.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "cordon/support/bounded_reader.h"
#include "cordon/support/strings.h"
#include "llvm_error.h"

namespace cordon::binary {
namespace {

bool has_prefix(std::span<const std::uint8_t> bytes, const char* magic, std::size_t n) {
  return bytes.size() >= n && std::memcmp(bytes.data(), magic, n) == 0;
}

bool is_thin_macho(std::span<const std::uint8_t> bytes) {
  static constexpr std::uint8_t kMagics[][4] = {{0xfe, 0xed, 0xfa, 0xce},
                                                {0xfe, 0xed, 0xfa, 0xcf},
                                                {0xce, 0xfa, 0xed, 0xfe},
                                                {0xcf, 0xfa, 0xed, 0xfe}};
  for (const auto& magic : kMagics) {
    if (has_prefix(bytes, reinterpret_cast<const char*>(magic), 4)) return true;
  }
  return false;
}

// Universal headers are big-endian.
std::uint32_t big_endian32(std::span<const std::uint8_t> bytes, std::size_t at) {
  return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
         (std::uint32_t{bytes[at + 2]} << 8) | bytes[at + 3];
}

constexpr std::uint32_t kMaxUniversalArchs = 43;  // Java class files start at version 45

}  // namespace

bool is_universal_macho(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 8) return false;
  std::uint32_t magic = big_endian32(bytes, 0);
  if (magic != 0xcafebabe && magic != 0xcafebabf) return false;
  std::uint32_t count = big_endian32(bytes, 4);
  return count > 0 && count < kMaxUniversalArchs;
}

Result<std::vector<UniversalSlice>> universal_slices(std::span<const std::uint8_t> bytes,
                                                     const std::string& input) {
  if (!is_universal_macho(bytes)) {
    return fail(ErrorKind::kParse, input, "universal header", "not a universal mach-o file");
  }
  bool wide = big_endian32(bytes, 0) == 0xcafebabf;
  std::uint64_t count = big_endian32(bytes, 4);
  std::uint64_t entry = wide ? 32 : 20;
  std::uint64_t header_end = 8 + count * entry;
  if (header_end > bytes.size()) {
    return fail(ErrorKind::kParse, input, "universal header",
                fmt::format("{} architectures do not fit in the file", count));
  }
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char*>(bytes.data()), bytes.size()), input);
  auto universal = llvm::object::MachOUniversalBinary::create(buffer);
  if (!universal) {
    return fail(ErrorKind::kParse, input, "universal header",
                llvm_error_text(universal.takeError()));
  }
  std::vector<UniversalSlice> out;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  for (const auto& object : (*universal)->objects()) {
    std::uint64_t offset = object.getOffset();
    std::uint64_t size = object.getSize();
    auto slice = BoundedReader(bytes).slice(offset, size);
    std::string arch = object.getArchFlagName();
    if (arch.empty()) arch = fmt::format("cpu{}", object.getCPUType());
    if (!slice || offset < header_end) {
      return fail(ErrorKind::kParse, input, "universal header",
                  fmt::format("slice {} (0x{:x}+0x{:x}) lies outside the file or over the header",
                              printable(arch), offset, size));
    }
    for (const auto& other : out) {
      if (other.arch == arch) {
        return fail(ErrorKind::kParse, input, "universal header",
                    fmt::format("two slices for {}", printable(arch)));
      }
    }
    ranges.emplace_back(offset, size);
    bool analysed = object.getCPUType() == llvm::MachO::CPU_TYPE_X86_64 ||
                    object.getCPUType() == llvm::MachO::CPU_TYPE_ARM64;
    out.push_back({std::move(arch), *slice, analysed});
  }
  std::sort(ranges.begin(), ranges.end());
  for (std::size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i - 1].first + ranges[i - 1].second > ranges[i].first) {
      return fail(
          ErrorKind::kParse, input, "universal header",
          fmt::format("slices at 0x{:x} and 0x{:x} overlap", ranges[i - 1].first, ranges[i].first));
    }
  }
  return out;
}

Result<Image> load_image(std::span<const std::uint8_t> bytes, const std::string& input,
                         const ImageLimits& limits, const std::string& slice) {
  if (bytes.empty()) return fail(ErrorKind::kParse, input, "", "empty file");
  if (is_universal_macho(bytes)) {
    auto slices = universal_slices(bytes, input);
    if (!slices) return fail(slices.error());
    if (slice.empty()) {
      return fail(ErrorKind::kUnsupported, input, "universal header",
                  fmt::format("a universal file of {} slices: each is scanned as its own target",
                              slices->size()));
    }
    for (const auto& s : *slices) {
      if (s.arch == slice) return load_macho(s.bytes, input, limits);
    }
    return fail(ErrorKind::kParse, input, "universal header",
                fmt::format("no {} slice", printable(slice)));
  }
  if (!slice.empty()) {
    return fail(ErrorKind::kParse, input, "header", "not a universal mach-o file");
  }
  if (has_prefix(bytes,
                 "\x7f"
                 "ELF",
                 4))
    return load_elf(bytes, input, limits);
  if (has_prefix(bytes, "MZ", 2)) return load_pe(bytes, input, limits);
  if (is_thin_macho(bytes)) return load_macho(bytes, input, limits);
  return fail(ErrorKind::kParse, input, "header", "not an elf, pe or mach-o file");
}

}  // namespace cordon::binary
