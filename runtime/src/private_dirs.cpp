#include "private_dirs.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <utility>

namespace cordon::runtime {

std::vector<std::string> server_dir_candidates(unsigned uid) {
  const std::string id = std::to_string(uid);
  return {"/tmp/.wine-" + id, "/run/user/" + id + "/wine"};
}

Result<PrivateDirs> PrivateDirs::create(unsigned uid) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/cordon-tmp-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr)
    return fail(ErrorKind::kIo, pattern, "mkdtemp", errno_text(errno));
  PrivateDirs dirs;
  dirs.tmp_ = pattern;
  dirs.targets_.push_back(pattern);
  // Only existing ones: where none exists, no server outside can be there
  // (it makes its directory before it listens), and cordon makes nothing
  // in the user's directories.
  for (const auto& dir : server_dir_candidates(uid)) {
    struct stat st {};
    if (lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) dirs.targets_.push_back(dir);
  }
  return dirs;
}

PrivateDirs::PrivateDirs(PrivateDirs&& other) noexcept
    : tmp_(std::exchange(other.tmp_, "")), targets_(std::move(other.targets_)) {}

PrivateDirs::~PrivateDirs() {
  if (!tmp_.empty()) (void)::rmdir(tmp_.c_str());
}

}  // namespace cordon::runtime
