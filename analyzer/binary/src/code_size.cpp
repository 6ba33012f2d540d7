// A target's executable bytes read from its section headers alone, before it
// is scanned: `cordon scan -j` weighs each target's memory by them. Nothing
// is decoded; a file LLVM cannot read counts as no code (its scan fails fast).
#include <llvm/Object/ObjectFile.h>

#include <algorithm>

#include "cordon/binary/binary_front_end.h"
#include "cordon/support/file_reader.h"
#include "loader.h"

namespace cordon::binary {

std::uint64_t code_bytes_estimate(const std::string& path, const std::string& slice,
                                  std::uint64_t max_file_bytes) {
  auto file = MappedFile::open(path, static_cast<std::size_t>(max_file_bytes));
  if (!file) return 0;
  std::span<const std::uint8_t> bytes = file->bytes();
  if (!slice.empty()) {
    auto slices = universal_slices(bytes, path);
    if (!slices) return 0;
    auto it = std::find_if(slices->begin(), slices->end(),
                           [&slice](const UniversalSlice& s) { return s.arch == slice; });
    if (it == slices->end()) return 0;
    bytes = it->bytes;
  }
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path);
  auto object = llvm::object::ObjectFile::createObjectFile(buffer);
  if (!object) {
    llvm::consumeError(object.takeError());
    return 0;
  }
  std::uint64_t total = 0;
  for (const llvm::object::SectionRef& section : (*object)->sections()) {
    if (section.isText() && !section.isVirtual()) total += section.getSize();
  }
  // A hostile header may claim more than the file holds.
  return std::min<std::uint64_t>(total, bytes.size());
}

}  // namespace cordon::binary
