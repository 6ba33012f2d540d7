#include "cordon/sandbox/landlock.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>

namespace cordon::sandbox {
namespace {

constexpr std::uint64_t kFileRights =
    LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE;
constexpr std::uint64_t kReadRights =
    LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;

std::uint64_t handled_rights(int abi) {
  std::uint64_t rights = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;  // ABI 1: bits 0..12
  if (abi >= 2) rights |= 1ULL << 13;                             // REFER
  if (abi >= 3) rights |= 1ULL << 14;                             // TRUNCATE
  if (abi >= 5) rights |= 1ULL << 15;                             // IOCTL_DEV
  return rights;
}

std::uint64_t file_rights(int abi) {
  std::uint64_t rights = kFileRights;
  if (abi >= 3) rights |= 1ULL << 14;
  if (abi >= 5) rights |= 1ULL << 15;
  return rights;
}

// What may be done beneath a restricted path: nothing for a denied one,
// reading for a read-only one.
enum class Restriction { kDeny, kReadOnly };

class RulesetBuilder {
 public:
  RulesetBuilder(int ruleset, int abi) : ruleset_(ruleset), abi_(abi), all_(handled_rights(abi)) {}

  // Grants `rights` on the file or directory `fd`.
  int grant(int fd, std::uint64_t rights) {
    struct stat st {};
    if (fstat(fd, &st) != 0) return errno;
    if (S_ISLNK(st.st_mode)) return 0;  // reached through its target's own rules
    landlock_path_beneath_attr attr{};
    attr.allowed_access = S_ISDIR(st.st_mode) ? rights : rights & file_rights(abi_);
    attr.parent_fd = fd;
    if (attr.allowed_access == 0) return 0;
    if (syscall(SYS_landlock_add_rule, ruleset_, LANDLOCK_RULE_PATH_BENEATH, &attr, 0) != 0)
      return errno;
    return 0;
  }

  // `dir` lies on the way to restricted paths: every entry off that way gets
  // every right, the ways are followed, the restricted ends get theirs.
  int cover(const std::filesystem::path& dir,
            const std::map<std::filesystem::path, Restriction>& restricted) {
    if (const auto it = restricted.find(dir); it != restricted.end()) {
      // Nested restrictions beneath a read-only path are refined further
      // down; a denied path is the end of the way.
      if (it->second == Restriction::kDeny) return 0;
      bool nested = false;
      for (const auto& [path, r] : restricted) nested |= path != dir && is_beneath(path, dir);
      if (!nested) return grant_path(dir, kReadRights);
    }
    std::set<std::string> ways;  // names of the entries leading to restricted paths
    for (const auto& [path, r] : restricted) {
      if (path == dir || !is_beneath(path, dir)) continue;
      ways.insert(path.lexically_relative(dir).begin()->string());
    }
    const auto it = restricted.find(dir);
    const std::uint64_t here = it != restricted.end() ? kReadRights : all_;
    if (int err = grant_path(dir, LANDLOCK_ACCESS_FS_READ_DIR); err != 0) return err;
    UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir_fd) return errno == ENOENT ? 0 : errno;
    DIR* listing = fdopendir(::dup(dir_fd.get()));
    if (listing == nullptr) return errno;
    std::vector<std::string> names;
    while (dirent* entry = readdir(listing)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    closedir(listing);
    for (const auto& name : names) {
      if (ways.count(name) != 0) continue;
      UniqueFd entry(::openat(dir_fd.get(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
      if (!entry) continue;  // gone meanwhile
      if (int err = grant(entry.get(), here); err != 0) return err;
    }
    for (const auto& name : ways) {
      if (int err = cover(dir / name, restricted); err != 0) return err;
    }
    return 0;
  }

 private:
  static bool is_beneath(const std::filesystem::path& path, const std::filesystem::path& dir) {
    const auto rel = path.lexically_relative(dir);
    return !rel.empty() && *rel.begin() != "..";
  }
  int grant_path(const std::filesystem::path& path, std::uint64_t rights) {
    UniqueFd fd(::open(path.c_str(), O_PATH | O_CLOEXEC));
    if (!fd) return errno == ENOENT ? 0 : errno;
    return grant(fd.get(), rights);
  }

  int ruleset_;
  int abi_;
  std::uint64_t all_;
};

// Linux 6.12 (ABI 6) added `scoped` after the network rights; Debian 12's
// headers predate both, so the attribute is spelled out here.
struct RulesetAttr {
  std::uint64_t handled_access_fs;
  std::uint64_t handled_access_net;
  std::uint64_t scoped;
};
constexpr std::uint64_t kScopeSignal = 1ULL << 1;  // LANDLOCK_SCOPE_SIGNAL

}  // namespace

int landlock_abi_version() {
  const long v = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  return v < 0 ? 0 : static_cast<int>(v);
}

Result<UniqueFd> build_landlock_ruleset(const LandlockRules& rules) {
  const int abi = landlock_abi_version();
  if (abi <= 0)
    return fail(ErrorKind::kUnsupported, "landlock", "", "not available in this kernel");
  const bool scope = rules.scope_signals && abi >= 6;
  if (rules.empty() && !scope)
    return fail(ErrorKind::kUnsupported, "landlock", "",
                "signal scoping needs Landlock ABI 6 (Linux 6.12)");
  RulesetAttr attr{};
  attr.handled_access_fs = rules.empty() ? 0 : handled_rights(abi);
  std::size_t size = sizeof(attr.handled_access_fs);
  if (scope) {
    attr.scoped = kScopeSignal;
    size = sizeof(attr);
  }
  UniqueFd ruleset(static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, size, 0)));
  if (!ruleset)
    return fail(ErrorKind::kSandbox, "landlock", "landlock_create_ruleset", errno_text(errno));
  if (rules.empty()) return ruleset;

  // Canonical existing paths only; a path that does not exist yet lies in
  // an ancestor that gets no write-creating rights, so it stays unreachable.
  std::map<std::filesystem::path, Restriction> restricted;
  const auto add = [&](const std::string& text, Restriction r) {
    std::error_code ec;
    const auto path = std::filesystem::canonical(text, ec);
    if (ec || path == "/") return;
    auto [it, inserted] = restricted.emplace(path, r);
    if (!inserted && r == Restriction::kDeny) it->second = r;
  };
  for (const auto& p : rules.deny_paths) add(p, Restriction::kDeny);
  for (const auto& p : rules.read_only_paths) add(p, Restriction::kReadOnly);
  RulesetBuilder builder(ruleset.get(), abi);
  if (restricted.empty()) {
    UniqueFd root(::open("/", O_PATH | O_CLOEXEC));
    if (int err = builder.grant(root.get(), handled_rights(abi)); err != 0)
      return fail(ErrorKind::kSandbox, "landlock", "/", errno_text(err));
  } else if (int err = builder.cover("/", restricted); err != 0) {
    return fail(ErrorKind::kSandbox, "landlock", "landlock_add_rule", errno_text(err));
  }
  return ruleset;
}

int landlock_restrict_self(int ruleset_fd) {
  if (syscall(SYS_landlock_restrict_self, ruleset_fd, 0) != 0) return errno;
  return 0;
}

}  // namespace cordon::sandbox
