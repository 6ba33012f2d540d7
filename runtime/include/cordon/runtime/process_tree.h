// Waiting for the title: passes SIGINT/SIGTERM/SIGHUP/SIGQUIT on to it,
// enforces --timeout, and ends the whole tree at once by killing the title's
// init (pid 1 of its pid namespace: the kernel then kills every process in
// it, double-forked daemons included) and, where there is one, the run's
// cgroup. cordon is outside that namespace: the title can neither signal
// nor stop it.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <optional>

namespace cordon::runtime {

class CgroupScope;

// The signals cordon blocks before forking and waits for with a signalfd.
[[nodiscard]] sigset_t supervised_signals();

// How long a title may take to end after cordon passed it SIGTERM or SIGINT
// before the tree is killed (a second such signal kills it at once).
inline constexpr double kGraceSeconds = 3.0;

struct TreeOutcome {
  int status = 0;  // the contract's exit status (title's own, 128+N, 124)
  bool timed_out = false;
  int stopped_by = 0;  // SIGTERM/SIGINT that made cordon end the tree, or 0
};

// Waits for the title's init `init`, with supervised_signals() blocked in
// the caller. Never returns before the whole tree is gone.
[[nodiscard]] TreeOutcome wait_for_tree(pid_t init, std::optional<double> timeout_seconds,
                                        CgroupScope* cgroup);

// Kills and reaps the whole tree. Used after failures.
void kill_tree(pid_t init, CgroupScope* cgroup);

}  // namespace cordon::runtime
