// `cordon scan`: placeholder until the scan issue lands; says so and exits 2.
#include <cstdio>

#include "cli/options.h"

namespace cordon::cli {

int run_scan_command(const ScanOptions& /*options*/) {
  std::fprintf(stderr, "cordon: error: 'scan' is not available in this build yet\n");
  return kExitUsage;
}

}  // namespace cordon::cli
