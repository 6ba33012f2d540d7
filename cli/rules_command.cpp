// `cordon rules check|list`: placeholder until the rules library lands.
#include <cstdio>

#include "cli/options.h"

namespace cordon::cli {

int run_rules_command(const RulesOptions& /*options*/) {
  std::fprintf(stderr, "cordon: error: 'rules' is not available in this build yet\n");
  return kExitUsage;
}

}  // namespace cordon::cli
