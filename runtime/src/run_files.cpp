#include "cordon/runtime/run_files.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cordon/support/unique_fd.h"

namespace cordon::runtime {
namespace {

unsigned random_nibble() {
  unsigned char b = 0;
  while (getrandom(&b, 1, 0) != 1) {
  }
  return b & 0xf;
}

}  // namespace

std::string fresh_value(const std::string& original) {
  static constexpr char kLower[] = "0123456789abcdef";
  static constexpr char kUpper[] = "0123456789ABCDEF";
  if (original.empty()) {
    std::string out;
    for (int i = 0; i < 32; ++i) out += kLower[random_nibble()];
    return out + "\n";
  }
  std::string out = original;
  for (char& c : out) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) continue;
    const bool upper = std::isupper(static_cast<unsigned char>(c)) != 0;
    c = (upper ? kUpper : kLower)[random_nibble()];
  }
  return out;
}

Result<RunFiles> RunFiles::create() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/cordon-run-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr)
    return fail(ErrorKind::kIo, pattern, "mkdtemp", errno_text(errno));
  return RunFiles(pattern);
}

RunFiles::~RunFiles() {
  if (dir_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

Status RunFiles::add(const std::string& target, const std::string& content) {
  const std::string path = dir_ + "/" + std::to_string(binds_.size());
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!fd ||
      ::write(fd.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size()))
    return fail(ErrorKind::kIo, path, "", "cannot write a per-run file: " + errno_text(errno));
  binds_.emplace_back(path, target);
  return {};
}

Result<std::string> RunFiles::placeholder() {
  const std::string path = dir_ + "/cover-" + std::to_string(placeholders_++);
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0));
  if (!fd)
    return fail(ErrorKind::kIo, path, "", "cannot create a cover file: " + errno_text(errno));
  return path;
}

Status RunFiles::mask(const std::string& target) {
  if (access(target.c_str(), F_OK) != 0) return {};
  std::ifstream in(target);
  std::stringstream original;
  if (in) original << in.rdbuf();
  // Bounded: these are short id files; a large one is not an id.
  std::string text = original.str().substr(0, 4096);
  return add(target, fresh_value(text));
}

}  // namespace cordon::runtime
