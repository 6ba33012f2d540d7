#include "cordon/report/file_digest.h"

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/SHA256.h>

#include <fmt/format.h>

#include "cordon/support/file_reader.h"

namespace cordon::report {

Result<std::string> sha256_file(const std::string& path, std::size_t max_bytes) {
  auto file = MappedFile::open(path, max_bytes);
  if (!file) return fail(file.error());
  llvm::SHA256 hash;
  auto bytes = file->bytes();
  hash.update(llvm::ArrayRef<std::uint8_t>(bytes.data(), bytes.size()));
  llvm::StringRef digest = hash.final();
  std::string out;
  out.reserve(64);
  for (char c : digest) out += fmt::format("{:02x}", static_cast<unsigned char>(c));
  return out;
}

}  // namespace cordon::report
