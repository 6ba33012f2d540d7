// Bounded whole-file reads and read-only mappings of hostile inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cordon/support/error.h"
#include "cordon/support/unique_fd.h"

namespace cordon {

// Reads a regular file of at most `max_bytes`. Errors (missing, directory,
// too large, unreadable) name the path and the reason.
[[nodiscard]] Result<std::string> read_text_file(const std::string& path, std::size_t max_bytes);

// A read-only private mapping of a whole regular file; unmapped on destruction.
// An empty file maps to an empty span.
class MappedFile {
 public:
  [[nodiscard]] static Result<MappedFile> open(const std::string& path, std::size_t max_bytes);

  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  ~MappedFile();

  [[nodiscard]] std::span<const std::uint8_t> bytes() const noexcept { return {data_, size_}; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  MappedFile() = default;
  void unmap() noexcept;

  std::string path_;
  const std::uint8_t* data_ = nullptr;  // non-owning view of the mapping below
  std::size_t size_ = 0;
  bool mapped_ = false;
};

}  // namespace cordon
