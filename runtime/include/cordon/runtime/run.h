// `cordon run` end to end: builds the filter and the decider from a plan,
// launches the title, supervises it and its tree, writes the audit log and
// the summary. Knows nothing of the CLI.
#pragma once

#include "cordon/runtime/run_plan.h"

namespace cordon::runtime {

// Runs the plan's command. Returns the contract's exit status: the title's
// own, 128+N on signal N, 124 on timeout, 125 sandbox set-up failed, 126 not
// executable, 127 not found. Errors are printed as one "cordon: error:" line.
[[nodiscard]] int run_title(const RunPlan& plan);

// "~" and "~/x" become $HOME and $HOME/x; other paths are returned as given.
[[nodiscard]] std::string expand_home(const std::string& path);

}  // namespace cordon::runtime
