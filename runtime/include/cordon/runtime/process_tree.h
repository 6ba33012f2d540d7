// Waiting for the title: forwards SIGINT/SIGTERM/SIGHUP/SIGQUIT to it,
// enforces --timeout, reaps orphans (cordon is a child subreaper), and once
// the title is gone kills whatever is left of its tree, so no process of the
// title outlives `cordon run`.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <optional>

namespace cordon::runtime {

// The signals cordon blocks before forking and waits for with a signalfd.
[[nodiscard]] sigset_t supervised_signals();

struct TreeOutcome {
  int status = 0;  // the contract's exit status (title's own, 128+N, 124)
  bool timed_out = false;
};

// Waits for `title` (the leader of its own process group), with
// supervised_signals() blocked in the caller. Never returns before every
// process of the tree has been reaped.
[[nodiscard]] TreeOutcome wait_for_tree(pid_t title, std::optional<double> timeout_seconds);

// Kills and reaps everything left: the title's process group and every
// process reparented to cordon. Used after the title ended and on failures.
void kill_tree(pid_t title);

}  // namespace cordon::runtime
