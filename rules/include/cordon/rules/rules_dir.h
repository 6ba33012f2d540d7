// Where the built-in packs and profiles are: ../share/cordon/rules relative
// to the running executable (build tree and install prefix alike), or
// $CORDON_RULES_DIR when set.
#pragma once

#include <string>

#include "cordon/support/error.h"

namespace cordon::rules {

struct RulesDirs {
  std::string packs;     // .../rules/packs
  std::string profiles;  // .../rules/profiles
};

// The built-in packs/ and profiles/ directories. An error (kIo) names the
// missing directory and where the lookup came from; nothing is created.
[[nodiscard]] Result<RulesDirs> builtin_rules_dirs();

}  // namespace cordon::rules
