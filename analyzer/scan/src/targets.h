// Which targets a scan has: the files named, the binaries found under the
// directories named (searched recursively), and each analysed slice of a
// universal Mach-O file; targets that discovery already knows cannot be
// scanned carry their error instead of failing the scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordon::scan {

// The largest file a scan reads.
inline constexpr std::size_t kMaxTargetBytes = std::size_t{2} << 30;

struct Target {
  std::string path;                   // as reported: the file, or "file[arch]" for a slice
  std::optional<std::string> error;   // set when discovery already knows it cannot be scanned
  std::string file;                   // the file to read (empty: `path`)
  std::string slice;                  // the architecture of a universal Mach-O file's slice
  std::vector<std::string> warnings;  // found by discovery (slices not analysed)
  std::uint64_t code_bytes = 0;       // from its section headers, before the scan

  [[nodiscard]] const std::string& file_path() const { return file.empty() ? path : file; }
};

// The targets of `arguments` (files and directories), sorted by path, each
// once, with their code size estimated. A named file that is missing, empty
// or not a binary is a target with an error; under a directory, files that
// do not look like binaries are skipped silently, directory symlinks are not
// followed and unreadable directories are skipped.
[[nodiscard]] std::vector<Target> discover(const std::vector<std::string>& arguments);

// The format a failed target most likely has, from its magic: "elf", "pe",
// "macho" or "unknown".
[[nodiscard]] std::string guess_format(const std::string& path);

}  // namespace cordon::scan
