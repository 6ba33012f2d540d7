#include "cordon/runtime/process_tree.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include "cordon/runtime/launcher.h"
#include "cordon/support/unique_fd.h"

namespace cordon::runtime {
namespace {

int status_of(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return kExitSandbox;
}

// Every child of every thread of cordon: orphans of the title land here.
void kill_children() {
  DIR* tasks = opendir("/proc/self/task");
  if (tasks == nullptr) return;
  while (dirent* task = readdir(tasks)) {
    if (task->d_name[0] == '.') continue;
    std::ifstream children(std::string("/proc/self/task/") + task->d_name + "/children");
    long pid = 0;
    while (children >> pid) {
      if (pid > 0) kill(static_cast<pid_t>(pid), SIGKILL);
    }
  }
  closedir(tasks);
}

}  // namespace

sigset_t supervised_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, sig);
  return set;
}

void kill_tree(pid_t title) {
  for (;;) {
    kill(-title, SIGKILL);
    kill_children();
    int status = 0;
    const pid_t reaped = waitpid(-1, &status, __WALL);
    if (reaped < 0 && errno == EINTR) continue;
    if (reaped < 0) return;  // ECHILD: nothing left
  }
}

TreeOutcome wait_for_tree(pid_t title, std::optional<double> timeout_seconds) {
  TreeOutcome outcome;
  const sigset_t signals = supervised_signals();
  UniqueFd sigfd(signalfd(-1, &signals, SFD_CLOEXEC));
  UniqueFd timer;
  if (timeout_seconds) {
    timer.reset(timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC));
    itimerspec when{};
    double whole = 0;
    const double fraction = std::modf(*timeout_seconds, &whole);
    when.it_value.tv_sec = static_cast<time_t>(whole);
    when.it_value.tv_nsec = static_cast<long>(fraction * 1e9);
    if (when.it_value.tv_sec == 0 && when.it_value.tv_nsec == 0) when.it_value.tv_nsec = 1;
    timerfd_settime(timer.get(), 0, &when, nullptr);
  }
  bool title_done = false;
  while (!title_done) {
    pollfd fds[2] = {{sigfd.get(), POLLIN, 0}, {timer.get(), POLLIN, 0}};
    const int ready = poll(fds, timer ? 2 : 1, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (timer && (fds[1].revents & POLLIN) != 0) {
      outcome.timed_out = true;
      outcome.status = kExitTimeout;
      break;
    }
    if ((fds[0].revents & POLLIN) == 0) continue;
    signalfd_siginfo info{};
    if (::read(sigfd.get(), &info, sizeof(info)) != static_cast<ssize_t>(sizeof(info))) continue;
    if (info.ssi_signo != SIGCHLD) {
      kill(title, static_cast<int>(info.ssi_signo));
      continue;
    }
    // SIGCHLD coalesces: reap everything that is ready.
    for (;;) {
      int status = 0;
      const pid_t pid = waitpid(-1, &status, WNOHANG | __WALL);
      if (pid <= 0) break;
      if (pid == title) {
        outcome.status = status_of(status);
        title_done = true;
      }
    }
  }
  kill_tree(title);
  return outcome;
}

}  // namespace cordon::runtime
