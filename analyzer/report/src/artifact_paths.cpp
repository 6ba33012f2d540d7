#include "cordon/report/artifact_paths.h"

#include <fmt/format.h>

namespace cordon::report {
namespace {

namespace fs = std::filesystem;

fs::path absolute_normal(const fs::path& path, const fs::path& base) {
  fs::path out = path.is_absolute() ? path : base / path;
  out = out.lexically_normal();
  // "/a/b/" and "/a/b" name one directory.
  if (out.has_relative_path() && !out.has_filename()) out = out.parent_path();
  return out;
}

}  // namespace

SourceRoot source_root(const std::optional<std::string>& root,
                       const std::filesystem::path& working_directory) {
  const fs::path cwd = absolute_normal(working_directory, "/");
  if (!root) return {cwd};
  return {absolute_normal(*root, cwd)};
}

ArtifactPath artifact_path(const std::string& path, const SourceRoot& root,
                           const std::filesystem::path& working_directory) {
  const fs::path absolute = absolute_normal(path, absolute_normal(working_directory, "/"));
  const fs::path relative = absolute.lexically_relative(root.dir);
  if (!relative.empty() && *relative.begin() != ".." && relative != ".") {
    return {relative.generic_string(), true};
  }
  return {absolute.generic_string(), false};
}

std::string uri_of(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string directory_file_uri(const std::filesystem::path& dir) {
  std::string text = dir.generic_string();
  if (text.empty() || text.back() != '/') text += '/';
  return "file://" + uri_of(text);
}

}  // namespace cordon::report
