// Finding the built-in packs: the same relative layout in the build tree and
// under an install prefix (bin/cordon next to share/cordon/rules).
#include "cordon/rules/rules_dir.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace cordon::rules {

Result<RulesDirs> builtin_rules_dirs() {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path root;
  std::string origin;
  if (const char* env = std::getenv("CORDON_RULES_DIR"); env != nullptr && *env != '\0') {
    root = env;
    origin = "CORDON_RULES_DIR";
  } else {
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
      return fail(ErrorKind::kSystem, "/proc/self/exe", "",
                  "cannot find the running executable: " + ec.message());
    }
    root = exe.parent_path().parent_path() / "share" / "cordon" / "rules";
    origin = "the executable's ../share/cordon/rules";
  }
  RulesDirs dirs{(root / "packs").string(), (root / "profiles").string()};
  for (const std::string& dir : {dirs.packs, dirs.profiles}) {
    if (!fs::is_directory(dir, ec)) {
      return fail(ErrorKind::kIo, dir, "",
                  "built-in rules directory not found (from " + origin +
                      "); set CORDON_RULES_DIR to the directory holding packs/ and profiles/");
    }
  }
  return dirs;
}

}  // namespace cordon::rules
