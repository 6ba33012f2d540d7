#include "cordon/runtime/run_files.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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
  // Stand-in directories are not listable (0111): opened up again, deepest
  // last, so that remove_all can list them.
  for (const auto& w : stand_ins_)
    if (w.directory) (void)::chmod(w.stand_in.c_str(), 0700);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void RunFiles::mirror(const std::string& real, const std::string& copy, int depth) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::directory_iterator it(real, fs::directory_options::skip_permission_denied, ec);
  std::vector<std::pair<std::string, bool>> names;  // sorted: the same tree every run
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    const bool directory = it->is_directory(type_ec) && !it->is_symlink(type_ec);
    names.emplace_back(it->path().filename().string(), directory);
  }
  std::sort(names.begin(), names.end());
  for (const auto& [name, directory] : names) {
    if (mirrored_ >= kMaxMirrored) return;
    const std::string from = real + "/" + name;
    const std::string to = copy + "/" + name;
    if (directory) {
      if (::mkdir(to.c_str(), 0700) != 0) continue;
      ++mirrored_;
      if (depth < kMaxDepth) mirror(from, to, depth + 1);
      stand_ins_.push_back({to, from, true});
    } else {
      UniqueFd fd(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444));
      if (!fd) continue;
      ++mirrored_;
      stand_ins_.push_back({to, from, false});
    }
  }
}

Result<std::string> RunFiles::stand_in(const std::string& real) {
  const std::string path = dir_ + "/deny-" + std::to_string(stand_in_dirs_++);
  std::error_code ec;
  if (std::filesystem::is_directory(real, ec)) {
    if (::mkdir(path.c_str(), 0700) != 0)
      return fail(ErrorKind::kIo, path, "", "cannot create a stand-in: " + errno_text(errno));
    mirror(real, path, 1);
    stand_ins_.push_back({path, real, true});
    return path;
  }
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444));
  if (!fd) return fail(ErrorKind::kIo, path, "", "cannot create a stand-in: " + errno_text(errno));
  stand_ins_.push_back({path, real, false});
  return path;
}

void RunFiles::seal() {
  for (const auto& w : stand_ins_)
    if (w.directory) (void)::chmod(w.stand_in.c_str(), 0111);
}

std::vector<RunFiles::Watched> RunFiles::watched() const {
  return stand_ins_;
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
  if (auto added = add(target, fresh_value(text)); !added) return added;
  stand_ins_.push_back({binds_.back().first, target, false});
  return {};
}

}  // namespace cordon::runtime
