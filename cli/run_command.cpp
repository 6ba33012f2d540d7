// `cordon run`: placeholder until the run issue lands; says so and exits 2.
#include <cstdio>

#include "cli/options.h"

namespace cordon::cli {

int run_run_command(const RunOptions& /*options*/) {
  std::fprintf(stderr, "cordon: error: 'run' is not available in this build yet\n");
  return kExitUsage;
}

}  // namespace cordon::cli
