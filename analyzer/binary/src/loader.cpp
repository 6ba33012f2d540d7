#include "loader.h"

#include <cstring>

namespace cordon::binary {
namespace {

bool has_prefix(std::span<const std::uint8_t> bytes, const char* magic, std::size_t n) {
  return bytes.size() >= n && std::memcmp(bytes.data(), magic, n) == 0;
}

bool is_macho(std::span<const std::uint8_t> bytes) {
  static constexpr std::uint8_t kMagics[][4] = {{0xfe, 0xed, 0xfa, 0xce},
                                                {0xfe, 0xed, 0xfa, 0xcf},
                                                {0xce, 0xfa, 0xed, 0xfe},
                                                {0xcf, 0xfa, 0xed, 0xfe},
                                                {0xca, 0xfe, 0xba, 0xbe}};
  for (const auto& magic : kMagics) {
    if (bytes.size() >= 4 && std::memcmp(bytes.data(), magic, 4) == 0) return true;
  }
  return false;
}

}  // namespace

Result<Image> load_image(std::span<const std::uint8_t> bytes, const std::string& input,
                         const ImageLimits& limits) {
  if (bytes.empty()) return fail(ErrorKind::kParse, input, "", "empty file");
  if (has_prefix(bytes,
                 "\x7f"
                 "ELF",
                 4))
    return load_elf(bytes, input, limits);
  if (has_prefix(bytes, "MZ", 2)) return load_pe(bytes, input, limits);
  if (is_macho(bytes)) {
    return fail(ErrorKind::kUnsupported, input, "header", "mach-o is not supported");
  }
  return fail(ErrorKind::kParse, input, "header", "not an elf or pe file");
}

}  // namespace cordon::binary
