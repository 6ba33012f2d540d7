#include "cordon/binary/binary_front_end.h"

#include <malloc.h>

#include <cstring>

#include "cordon/support/file_reader.h"
#include "graph_builder.h"
#include "loader.h"

namespace cordon::binary {

bool looks_like_binary(std::span<const std::uint8_t> header) {
  auto starts = [&](const char* magic, std::size_t n) {
    return header.size() >= n && std::memcmp(header.data(), magic, n) == 0;
  };
  if (starts("\x7f"
             "ELF",
             4) ||
      starts("MZ", 2))
    return true;
  static constexpr std::uint8_t kMachO[][4] = {{0xfe, 0xed, 0xfa, 0xce},
                                               {0xfe, 0xed, 0xfa, 0xcf},
                                               {0xce, 0xfa, 0xed, 0xfe},
                                               {0xcf, 0xfa, 0xed, 0xfe}};
  for (const auto& magic : kMachO) {
    if (header.size() >= 4 && std::memcmp(header.data(), magic, 4) == 0) return true;
  }
  if (is_universal_macho(header)) return true;
  // A bare COFF object: machine AMD64 / ARM64 / I386 in the first two bytes.
  if (header.size() >= 20) {
    unsigned machine = header[0] | (header[1] << 8);
    unsigned optional_size = header[16] | (header[17] << 8);
    if ((machine == 0x8664 || machine == 0xaa64 || machine == 0x14c) && optional_size == 0) {
      return true;
    }
  }
  return false;
}

namespace {

Result<BinaryGraph> load_and_build(const std::string& path, const FrontEndOptions& options) {
  auto file = MappedFile::open(path, static_cast<std::size_t>(options.max_file_bytes));
  if (!file) return fail(file.error());
  ImageLimits limits;
  limits.max_symbols = options.max_symbols;
  std::string target = options.slice.empty() ? path : slice_target_name(path, options.slice);
  auto image = load_image(file->bytes(), target, limits, options.slice);
  if (!image) return fail(image.error());
  return build_graph(*image, target, options);
}

}  // namespace

std::string slice_target_name(const std::string& path, const std::string& arch) {
  return path + "[" + arch + "]";
}

Result<std::vector<UniversalSliceInfo>> universal_slices(const std::string& path,
                                                         std::uint64_t max_file_bytes) {
  auto file = MappedFile::open(path, static_cast<std::size_t>(max_file_bytes));
  if (!file) return fail(file.error());
  std::vector<UniversalSliceInfo> out;
  if (!is_universal_macho(file->bytes())) return out;
  auto slices = binary::universal_slices(file->bytes(), path);
  if (!slices) return fail(slices.error());
  for (auto& slice : *slices) out.push_back({std::move(slice.arch), slice.analysed});
  return out;
}

Result<BinaryGraph> build_binary_graph(const std::string& path, const FrontEndOptions& options) {
  auto built = load_and_build(path, options);
  // The lifter threads' malloc arenas still hold the per-function state the
  // merge freed, and the main arena the image's tables: hand the free pages
  // back before the analysis grows the heap again (glibc keeps them otherwise).
  malloc_trim(0);
  return built;
}

}  // namespace cordon::binary
