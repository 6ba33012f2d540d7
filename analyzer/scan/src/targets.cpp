#include "targets.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "cordon/binary/binary_front_end.h"

namespace cordon::scan {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kHeaderBytes = 64;

// A binary file as targets: one per slice of a universal Mach-O file (each
// named "file[arch]"), else the file itself. A universal header that cannot
// be read is one target error for the file. Slices of architectures cordon
// does not analyse (i386, ppc: the old slices of SDK dylibs) are no targets;
// each analysed slice of the file says which were left out, and a file of
// such slices only is a target error.
void add_binary(const std::string& path, std::vector<Target>& out) {
  auto slices = binary::universal_slices(path, kMaxTargetBytes);
  if (!slices) {
    const Error& error = slices.error();
    out.push_back({path, error.where.empty() ? error.reason : error.where + ": " + error.reason});
    return;
  }
  if (slices->empty()) {
    out.push_back({path, std::nullopt});
    return;
  }
  std::vector<std::string> left_out;
  for (const auto& slice : *slices) {
    if (!slice.analysed) left_out.push_back(slice.arch);
  }
  std::string left = fmt::format("{}", fmt::join(left_out, ", "));
  if (left_out.size() == slices->size()) {
    out.push_back(
        {path, fmt::format("universal file of {} slices only: no x86-64 or arm64 slice", left)});
    return;
  }
  for (const auto& slice : *slices) {
    if (!slice.analysed) continue;
    Target t{binary::slice_target_name(path, slice.arch), std::nullopt, path, slice.arch, {}};
    if (!left_out.empty()) {
      t.warnings.push_back(
          fmt::format("the universal file's {} slice{} not analysed (only x86-64 and arm64 are)",
                      left, left_out.size() == 1 ? " is" : "s are"));
    }
    out.push_back(std::move(t));
  }
}

// The first bytes of a file, or nullopt when it cannot be read.
std::optional<std::vector<std::uint8_t>> read_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<std::uint8_t> bytes(kHeaderBytes);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

bool is_binary(const std::string& path) {
  auto header = read_header(path);
  return header && binary::looks_like_binary(*header);
}

// A directory, searched recursively: directory symlinks are not followed (no
// loops, no escaping the tree), unreadable directories are skipped, and files
// that do not look like binaries are skipped silently.
void walk_directory(const std::string& root, std::vector<Target>& out) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.push_back({root, fmt::format("cannot read directory: {}", ec.message())});
    return;
  }
  std::set<std::pair<dev_t, ino_t>> seen;  // hard links and file symlinks: scan once
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const fs::directory_entry& entry = *it;
    std::error_code type_ec;
    if (!entry.is_regular_file(type_ec) || type_ec) continue;
    struct stat st {};
    if (::stat(entry.path().c_str(), &st) != 0) continue;
    if (!seen.emplace(st.st_dev, st.st_ino).second) continue;
    std::string path = entry.path().string();
    if (is_binary(path)) add_binary(path, out);
  }
}

}  // namespace

std::vector<Target> discover(const std::vector<std::string>& arguments) {
  std::vector<Target> out;
  for (const auto& argument : arguments) {
    std::error_code ec;
    fs::file_status status = fs::status(argument, ec);
    if (ec || !fs::exists(status)) {
      out.push_back({argument, "no such file or directory"});
    } else if (fs::is_directory(status)) {
      walk_directory(argument, out);
    } else if (!fs::is_regular_file(status)) {
      out.push_back({argument, "not a regular file"});
    } else {
      // Named explicitly: a file that is not a binary is an error, not a skip.
      auto header = read_header(argument);
      if (!header) {
        out.push_back({argument, "cannot open the file"});
      } else if (header->empty()) {
        out.push_back({argument, "empty file"});
      } else if (!binary::looks_like_binary(*header)) {
        out.push_back({argument, "not an ELF, PE/COFF or Mach-O file"});
      } else {
        add_binary(argument, out);
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Target& a, const Target& b) { return a.path < b.path; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Target& a, const Target& b) { return a.path == b.path; }),
            out.end());
  for (Target& t : out) {
    if (!t.error)
      t.code_bytes = binary::code_bytes_estimate(t.file_path(), t.slice, kMaxTargetBytes);
  }
  return out;
}

// The format a failed target most likely has, from its magic.
std::string guess_format(const std::string& path) {
  auto header = read_header(path);
  if (header && header->size() >= 4 && (*header)[0] == 0x7f && (*header)[1] == 'E' &&
      (*header)[2] == 'L' && (*header)[3] == 'F') {
    return "elf";
  }
  if (header && header->size() >= 2 && (*header)[0] == 'M' && (*header)[1] == 'Z') return "pe";
  if (header && binary::looks_like_binary(*header)) return "macho";  // the other magics known
  return "unknown";
}

}  // namespace cordon::scan
