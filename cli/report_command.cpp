// `cordon report`: placeholder until the report issue lands; says so and exits 2.
#include <cstdio>

#include "cli/options.h"

namespace cordon::cli {

int run_report_command(const ReportOptions& /*options*/) {
  std::fprintf(stderr, "cordon: error: 'report' is not available in this build yet\n");
  return kExitUsage;
}

}  // namespace cordon::cli
