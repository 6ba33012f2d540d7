// `cordon run`: loads the profile, adds --allow, and hands the plan to the
// runtime. Only wiring: the runtime and the sandbox do the work.
#include <cstdio>

#include "cli/options.h"
#include "cordon/rules/profile_loader.h"
#include "cordon/rules/rules_dir.h"
#include "cordon/runtime/launcher.h"
#include "cordon/runtime/run.h"
#include "cordon/runtime/run_plan.h"
#include "cordon/support/diagnostics.h"

namespace cordon::cli {

int run_run_command(const RunOptions& options) {
  const auto fail = [](const Error& error) {
    print_error(error);
    return runtime::kExitSandbox;
  };
  auto dirs = rules::builtin_rules_dirs();
  if (!dirs) return fail(dirs.error());
  auto profile = rules::load_profile(options.profile, dirs->profiles);
  if (!profile) return fail(profile.error());
  profile->allow.insert(profile->allow.end(), options.allow.begin(), options.allow.end());
  if (options.print_profile) {
    std::fputs(rules::dump_profile(*profile).c_str(), stdout);
    return kExitClean;
  }
  auto plan = runtime::PlanBuilder()
                  .profile(*profile)
                  .mode(options.mode)
                  .audit_file(options.audit)
                  .timeout(options.timeout_seconds)
                  .resolver(options.resolver)
                  .command(options.command)
                  .build();
  if (!plan) return fail(plan.error());
  return runtime::run_title(*plan);
}

}  // namespace cordon::cli
