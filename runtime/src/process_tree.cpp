#include "cordon/runtime/process_tree.h"

#include <errno.h>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>

#include "cgroup_scope.h"
#include "cordon/runtime/launcher.h"
#include "cordon/support/unique_fd.h"

namespace cordon::runtime {
namespace {

int status_of(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return kExitSandbox;
}

UniqueFd timer_after(double seconds) {
  UniqueFd timer(timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC));
  itimerspec when{};
  double whole = 0;
  const double fraction = std::modf(seconds, &whole);
  when.it_value.tv_sec = static_cast<time_t>(whole);
  when.it_value.tv_nsec = static_cast<long>(fraction * 1e9);
  if (when.it_value.tv_sec == 0 && when.it_value.tv_nsec == 0) when.it_value.tv_nsec = 1;
  timerfd_settime(timer.get(), 0, &when, nullptr);
  return timer;
}

}  // namespace

sigset_t supervised_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, sig);
  return set;
}

void kill_tree(pid_t init, CgroupScope* cgroup) {
  // The init first: its death takes the namespace down; the cgroup catches
  // anything that could ever have left it.
  kill(init, SIGKILL);
  if (cgroup != nullptr) cgroup->kill_all();
  for (;;) {
    int status = 0;
    const pid_t reaped = waitpid(init, &status, __WALL);
    if (reaped < 0 && errno == EINTR) continue;
    break;
  }
  if (cgroup != nullptr) cgroup->kill_all();
}

TreeOutcome wait_for_tree(pid_t init, std::optional<double> timeout_seconds, CgroupScope* cgroup) {
  TreeOutcome outcome;
  const sigset_t signals = supervised_signals();
  UniqueFd sigfd(signalfd(-1, &signals, SFD_CLOEXEC));
  UniqueFd timer;
  if (timeout_seconds) timer = timer_after(*timeout_seconds);
  UniqueFd grace;
  bool done = false;
  while (!done) {
    pollfd fds[3] = {{sigfd.get(), POLLIN, 0}, {timer.get(), POLLIN, 0}, {grace.get(), POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (timer && (fds[1].revents & POLLIN) != 0) {
      outcome.timed_out = true;
      outcome.status = kExitTimeout;
      break;
    }
    if (grace && (fds[2].revents & POLLIN) != 0) {
      outcome.status = 128 + outcome.stopped_by;
      break;
    }
    if ((fds[0].revents & POLLIN) == 0) continue;
    signalfd_siginfo info{};
    if (::read(sigfd.get(), &info, sizeof(info)) != static_cast<ssize_t>(sizeof(info))) continue;
    const int sig = static_cast<int>(info.ssi_signo);
    if (sig == SIGTERM || sig == SIGINT) {
      if (outcome.stopped_by != 0) {  // asked twice: no more grace
        outcome.status = 128 + outcome.stopped_by;
        break;
      }
      outcome.stopped_by = sig;
      grace = timer_after(kGraceSeconds);
    }
    if (sig != SIGCHLD) {
      kill(init, sig);  // the init passes it on to the title
      continue;
    }
    for (;;) {
      int status = 0;
      const pid_t pid = waitpid(-1, &status, WNOHANG | __WALL);
      if (pid <= 0) break;
      if (pid == init) {
        outcome.status = status_of(status);
        done = true;
      }
    }
  }
  if (!done) kill_tree(init, cgroup);
  if (cgroup != nullptr) cgroup->kill_all();
  return outcome;
}

}  // namespace cordon::runtime
