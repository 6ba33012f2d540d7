// Paths as code-scanning services want them. GitHub and GitLab show a result
// on a file of the repository, so a target or source file under the
// repository's checkout (the source root) is written relative to it; one
// outside stays absolute. The root is --sarif-root, or else the working
// directory. Lexical only: the same command line gives the same paths
// whatever the file system holds.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace cordon::report {

struct SourceRoot {
  std::filesystem::path dir;  // absolute, normal, without a trailing '/'
};

// `root` (relative to `working_directory`), or the working directory itself.
[[nodiscard]] SourceRoot source_root(const std::optional<std::string>& root,
                                     const std::filesystem::path& working_directory);

struct ArtifactPath {
  std::string path;  // relative to the root ("build/game"), or absolute
  bool relative = false;
};

// `path` as given on the command line or in a compile database: relative
// ones are relative to `working_directory`.
[[nodiscard]] ArtifactPath artifact_path(const std::string& path, const SourceRoot& root,
                                         const std::filesystem::path& working_directory);

// A path as a URI reference: unreserved characters and '/' kept, the rest
// percent-encoded (a file name may hold spaces or '#').
[[nodiscard]] std::string uri_of(const std::string& path);

// "file:///abs/dir/" for a directory (with the final '/' SARIF's base ids need).
[[nodiscard]] std::string directory_file_uri(const std::filesystem::path& dir);

}  // namespace cordon::report
