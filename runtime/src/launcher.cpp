#include "cordon/runtime/launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "cordon/sandbox/dns_sockets.h"
#include "cordon/sandbox/landlock.h"
#include "cordon/sandbox/namespaces.h"
#include "cordon/support/strings.h"

extern char** environ;

namespace cordon::runtime {
namespace {

enum class MessageKind : int { kListener = 1, kSetupFailed = 2, kExecFailed = 3 };

struct ChildMessage {
  MessageKind kind;
  int value;    // kListener: the listener's descriptor number in the child
  int dns_udp;  // kListener: the DNS view's sockets in the child, or -1
  int dns_tcp;
  int error;  // errno
  char step[120];
};

void send_message(int fd, MessageKind kind, int value, int error, const char* step,
                  int dns_udp = -1, int dns_tcp = -1) {
  ChildMessage m{};
  m.kind = kind;
  m.value = value;
  m.dns_udp = dns_udp;
  m.dns_tcp = dns_tcp;
  m.error = error;
  if (step != nullptr) std::strncpy(m.step, step, sizeof(m.step) - 1);
  (void)!::write(fd, &m, sizeof(m));
}

// Closes every descriptor above stderr except the `count` sorted ones in `keep`.
int close_inherited(const int* keep, int count) {
  unsigned first = 3;
  for (int i = 0; i < count; ++i) {
    const auto fd = static_cast<unsigned>(keep[i]);
    if (fd < first) continue;
    if (fd > first && syscall(SYS_close_range, first, fd - 1, 0U) != 0) return errno;
    first = fd + 1;
  }
  if (syscall(SYS_close_range, first, ~0U, 0U) != 0) return errno;
  return 0;
}

struct ChildArgs {
  const LaunchSpec* spec;
  bool user_namespace;
  std::vector<char*> argv;
  std::vector<char*> envp;
  int status_fd;
  int go_fd;
};

// How long the title's remaining processes have to end after SIGTERM once
// the title ended: Wine's wineserver writes the prefix's registry on
// SIGTERM (a prefix made in a run is complete for the next one); a process
// that ignores it costs the run this long at most.
constexpr int kGraceMilliseconds = 5000;

// Reaps every child that ended; returns false once none is left.
bool reap_children(pid_t title, int* title_status) {
  for (;;) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG | __WALL);
    if (pid < 0) return errno != ECHILD;
    if (pid == 0) return true;
    if (pid == title)
      *title_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
}

// pid 1 of the title's pid namespace after the title started: passes on
// what cordon sends (signals from inside the namespace are not passed on:
// the title cannot bounce them off its init), reaps orphans, and exits
// with the title's status once the title ended and the processes it left
// ended on SIGTERM (or kGraceMilliseconds passed). Its exit makes the kernel
// kill every process left in the namespace: nothing the title started
// outlives it.
[[noreturn]] void init_loop(pid_t title, int signal_fd) {
  int title_status = -1;
  timespec deadline{};
  for (;;) {
    if (title_status >= 0) {
      timespec now{};
      clock_gettime(CLOCK_MONOTONIC, &now);
      const long left =
          (deadline.tv_sec - now.tv_sec) * 1000 + (deadline.tv_nsec - now.tv_nsec) / 1000000;
      pollfd p{signal_fd, POLLIN, 0};
      if (left <= 0 || poll(&p, 1, static_cast<int>(left)) == 0) _exit(title_status);
    }
    signalfd_siginfo info{};
    const ssize_t n = ::read(signal_fd, &info, sizeof(info));
    if (n != static_cast<ssize_t>(sizeof(info))) {
      if (n < 0 && errno == EINTR) continue;
      _exit(kExitSandbox);
    }
    if (info.ssi_signo != SIGCHLD) {
      // Sent from outside the namespace (cordon) only: the sender's pid is
      // not visible here and reads as 0.
      if (info.ssi_pid == 0 && title_status < 0) kill(title, static_cast<int>(info.ssi_signo));
      continue;
    }
    const bool running = title_status < 0;
    const bool others = reap_children(title, &title_status);
    if (title_status < 0) continue;
    if (!others) _exit(title_status);
    if (running) {
      // The title just ended: the rest of its tree is asked to end.
      kill(-1, SIGTERM);
      clock_gettime(CLOCK_MONOTONIC, &deadline);
      deadline.tv_sec += kGraceMilliseconds / 1000;
    }
  }
}

// The title itself, forked by the init once cordon supervises.
[[noreturn]] void title_main(const ChildArgs& a) {
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGQUIT}) signal(sig, SIG_DFL);
  sigprocmask(SIG_SETMASK, &a.spec->original_mask, nullptr);
  // Its own session: no controlling terminal to inject input into.
  setsid();
  execve(a.spec->program.c_str(), a.argv.data(), a.envp.data());
  send_message(a.status_fd, MessageKind::kExecFailed, 0, errno, "execve");
  _exit(errno == ENOENT ? kExitNotFound : kExitNotExecutable);
}

// The launch checklist. Runs in the cloned init (pid 1 of new user, pid and
// mount namespaces); each step either succeeds or reports which step failed
// and exits 125: the title never runs with part of the sandbox missing.
[[noreturn]] void child_main(const ChildArgs& a) {
  const auto failed = [&](const char* step, int error) {
    send_message(a.status_fd, MessageKind::kSetupFailed, 0, error, step);
    _exit(kExitSandbox);
  };
  // 1. Every signal cordon forwards is read from a signalfd; none has a
  //    handler, and the kernel ignores SIGKILL and SIGSTOP sent to a pid
  //    namespace's init from inside it.
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGQUIT}) signal(sig, SIG_DFL);
  sigset_t forwarded;
  sigemptyset(&forwarded);
  for (int sig : {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2})
    sigaddset(&forwarded, sig);
  sigprocmask(SIG_BLOCK, &forwarded, nullptr);
  // 2. Out of cordon's session and process group: a terminal's Ctrl-C
  //    reaches cordon, which decides what the title gets.
  if (setsid() < 0) failed("setsid", errno);
  // 3. Die with cordon, even if cordon is killed (the namespace then dies
  //    with it); not dumpable, so a title running as root in its user
  //    namespace cannot reach into this process's memory.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) failed("prctl(PR_SET_PDEATHSIG)", errno);
  // 4. No descriptor of cordon's leaks into the title (stdin/out/err stay).
  int keep[3] = {a.status_fd, a.go_fd, a.spec->landlock_ruleset};
  std::sort(keep, keep + 3);
  if (int err = close_inherited(keep, 3); err != 0) failed("close_range", err);
  // 5. cordon writes the id maps of the new user namespace, then sends one
  //    byte (EOF: cordon is gone).
  char go = 0;
  if (::read(a.go_fd, &go, 1) != 1) _exit(kExitSandbox);
  // 6. Network: only its own loopback, and the DNS view's sockets on it.
  int dns_udp = -1;
  int dns_tcp = -1;
  if (a.spec->network_namespace) {
    if (int err = sandbox::bring_up_loopback(); err != 0) failed("loopback up (SIOCSIFFLAGS)", err);
    if (a.spec->dns_listen_length != 0) {
      const char* step = "dns view";
      if (int err =
              sandbox::open_dns_sockets(reinterpret_cast<const sockaddr*>(&a.spec->dns_listen),
                                        a.spec->dns_listen_length, &dns_udp, &dns_tcp, &step);
          err != 0)
        failed(step, err);
    }
  }
  // 7. Mounts: one-way propagation, a /proc of the title's own pid
  //    namespace, then the file policy and the per-run files.
  if (int err = sandbox::make_mounts_private(a.user_namespace); err != 0)
    failed("mount --make-rslave / (or a private root in a chroot)", err);
  if (int err = sandbox::mount_proc(); err != 0) failed("mount /proc for the pid namespace", err);
  for (const auto& step : a.spec->mounts) {
    const int err = sandbox::apply_mount_step(step);
    if (err != 0 && err != ENOENT) failed("file policy mount", err);
  }
  // 8. No new privileges: setuid programs cannot shed the filter, and
  //    seccomp and Landlock require it of an unprivileged caller.
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) failed("prctl(PR_SET_NO_NEW_PRIVS)", errno);
  // 9. Landlock: signal scoping and the second layer of the file policy.
  if (a.spec->landlock_ruleset >= 0) {
    if (int err = sandbox::landlock_restrict_self(a.spec->landlock_ruleset); err != 0)
      failed("landlock_restrict_self", err);
    ::close(a.spec->landlock_ruleset);
  }
  // 10. seccomp LAST: from here on every call of this process and of the
  //     title it forks is filtered, the set-up calls above included.
  const int listener = sandbox::install_filter(a.spec->filter);
  if (listener < 0) failed("seccomp filter with a user-notification listener", -listener);
  const int signal_fd = signalfd(-1, &forwarded, SFD_CLOEXEC);
  if (signal_fd < 0) failed("signalfd", errno);
  send_message(a.status_fd, MessageKind::kListener, listener, 0, nullptr, dns_udp, dns_tcp);
  // 11. Wait until the parent took the listener (pidfd_getfd) and supervises.
  //     Only then may this process become undumpable, out of reach of a
  //     title running as root in its user namespace (an ordinary user's
  //     cordon could neither write its id maps nor take its listener then).
  if (::read(a.go_fd, &go, 1) != 1) _exit(kExitSandbox);
  if (prctl(PR_SET_DUMPABLE, 0) != 0) _exit(kExitSandbox);
  ::close(listener);
  if (dns_udp >= 0) ::close(dns_udp);
  if (dns_tcp >= 0) ::close(dns_tcp);
  ::close(a.go_fd);
  // 12. The title, as pid 2; this process stays its init.
  const pid_t title = fork();
  if (title < 0) failed("fork of the title", errno);
  if (title == 0) {
    ::close(signal_fd);
    title_main(a);
  }
  ::close(a.status_fd);  // the title's copy closes on execve: EOF tells cordon it runs
  init_loop(title, signal_fd);
}

LaunchFailure sandbox_failure(std::string where, std::string reason) {
  return LaunchFailure{kExitSandbox,
                       Error{ErrorKind::kSandbox, "sandbox", std::move(where), std::move(reason)}};
}

int exec_status(int error) {
  return error == ENOENT || error == ENOTDIR ? kExitNotFound : kExitNotExecutable;
}

}  // namespace

LaunchResult<std::string> resolve_program(const std::string& name) {
  const auto check = [](const std::string& path) -> int {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return errno;
    if (S_ISDIR(st.st_mode)) return EISDIR;
    if (access(path.c_str(), X_OK) != 0) return errno;
    return 0;
  };
  if (name.empty())
    return tl::unexpected(
        LaunchFailure{kExitNotFound, Error{ErrorKind::kUsage, "", "", "empty program name"}});
  if (name.find('/') != std::string::npos) {
    if (int err = check(name); err != 0)
      return tl::unexpected(
          LaunchFailure{exec_status(err), Error{ErrorKind::kIo, name, "", errno_text(err)}});
    return name;
  }
  const char* env_path = std::getenv("PATH");
  const std::string search = env_path != nullptr ? env_path : "/usr/local/bin:/usr/bin:/bin";
  int first_error = ENOENT;
  for (const auto& dir : split(search, ':')) {
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    const int err = check(candidate);
    if (err == 0) return candidate;
    if (err != ENOENT && err != ENOTDIR && first_error == ENOENT) first_error = err;
  }
  return tl::unexpected(
      LaunchFailure{exec_status(first_error),
                    Error{ErrorKind::kIo, name, "",
                          first_error == ENOENT ? "command not found" : errno_text(first_error)}});
}

LaunchResult<Child> start_child(const LaunchSpec& spec) {
  int status_pipe[2];
  int go_pipe[2];
  if (pipe2(status_pipe, O_CLOEXEC) != 0)
    return tl::unexpected(sandbox_failure("pipe2", errno_text(errno)));
  UniqueFd status_read(status_pipe[0]), status_write(status_pipe[1]);
  if (pipe2(go_pipe, O_CLOEXEC) != 0)
    return tl::unexpected(sandbox_failure("pipe2", errno_text(errno)));
  UniqueFd go_read(go_pipe[0]), go_write(go_pipe[1]);

  ChildArgs args{&spec, true, {}, {}, status_write.get(), go_read.get()};
  for (const auto& arg : spec.argv) args.argv.push_back(const_cast<char*>(arg.c_str()));
  args.argv.push_back(nullptr);
  for (const auto& entry : spec.environment) args.envp.push_back(const_cast<char*>(entry.c_str()));
  args.envp.push_back(nullptr);

  // One user namespace for everyone, root included: it owns the pid, mount
  // and network namespaces (so the title's mounts never propagate back,
  // even where "/" is no mount point), and a title running as root holds
  // capabilities only inside it.
  const unsigned long flags =
      CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | (spec.network_namespace ? CLONE_NEWNET : 0UL);
  const uid_t uid = geteuid();
  const gid_t gid = getegid();
  long cloned = syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (cloned < 0 && errno == EPERM && uid == 0) {
    // Root in a chroot: the kernel refuses user namespaces there. Root
    // needs none to make the others.
    args.user_namespace = false;
    cloned = syscall(SYS_clone, (flags & ~static_cast<unsigned long>(CLONE_NEWUSER)) | SIGCHLD,
                     nullptr, nullptr, nullptr, 0);
  }
  if (cloned < 0)
    return tl::unexpected(sandbox_failure(
        "clone(CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNS) (user namespaces disabled, or an "
        "ordinary user in a chroot, where the kernel refuses them?)",
        errno_text(errno)));
  if (cloned == 0) child_main(args);
  const auto pid = static_cast<pid_t>(cloned);

  Child child;
  child.pid = pid;
  status_write.reset();
  go_read.reset();
  const auto reap = [pid] {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  };
  if (spec.cgroup_procs >= 0) {
    // Before the init may fork: every process of the title starts in the
    // cgroup. Where the kernel refuses the move, the pid namespace alone
    // contains the tree.
    const std::string text = std::to_string(pid) + "\n";
    (void)!::write(spec.cgroup_procs, text.data(), text.size());
  }
  const char* map_step = "id maps";
  if (int err =
          args.user_namespace ? sandbox::write_id_maps(pid, uid, gid, uid == 0, &map_step) : 0;
      err != 0) {
    reap();
    return tl::unexpected(sandbox_failure(map_step, errno_text(err)));
  }
  const char maps_done = 1;
  if (::write(go_write.get(), &maps_done, 1) != 1) {
    const int err = errno;
    reap();
    return tl::unexpected(sandbox_failure("release after the id maps", errno_text(err)));
  }
  ChildMessage m{};
  const ssize_t n = ::read(status_read.get(), &m, sizeof(m));
  if (n != static_cast<ssize_t>(sizeof(m))) {
    reap();
    return tl::unexpected(sandbox_failure("child", "the sandboxed child ended during set-up"));
  }
  if (m.kind == MessageKind::kSetupFailed) {
    reap();
    return tl::unexpected(sandbox_failure(m.step, errno_text(m.error)));
  }
  const long pidfd = syscall(SYS_pidfd_open, pid, 0);
  if (pidfd < 0) {
    reap();
    return tl::unexpected(sandbox_failure("pidfd_open", errno_text(errno)));
  }
  UniqueFd pidfd_owner(static_cast<int>(pidfd));
  const long listener = syscall(SYS_pidfd_getfd, pidfd_owner.get(), m.value, 0);
  if (listener < 0) {
    reap();
    return tl::unexpected(
        sandbox_failure("pidfd_getfd of the seccomp listener", errno_text(errno)));
  }
  child.listener.reset(static_cast<int>(listener));
  for (auto [number, into] :
       {std::pair{m.dns_udp, &child.dns_udp}, std::pair{m.dns_tcp, &child.dns_tcp}}) {
    if (number < 0) continue;
    const long fd = syscall(SYS_pidfd_getfd, pidfd_owner.get(), number, 0);
    if (fd < 0) {
      reap();
      return tl::unexpected(sandbox_failure("pidfd_getfd of the dns view", errno_text(errno)));
    }
    into->reset(static_cast<int>(fd));
  }
  child.status = std::move(status_read);
  child.go = std::move(go_write);
  return child;
}

LaunchResult<void> release_child(Child& child) {
  const char go = 1;
  if (::write(child.go.get(), &go, 1) != 1)
    return tl::unexpected(sandbox_failure("release", errno_text(errno)));
  child.go.reset();
  ChildMessage m{};
  const ssize_t n = ::read(child.status.get(), &m, sizeof(m));
  child.status.reset();
  if (n == 0) return {};  // the pipe closed on execve: the title runs
  if (n == static_cast<ssize_t>(sizeof(m)) && m.kind == MessageKind::kExecFailed) {
    return tl::unexpected(LaunchFailure{exec_status(m.error),
                                        Error{ErrorKind::kIo, "execve", "", errno_text(m.error)}});
  }
  return tl::unexpected(sandbox_failure("child", "unexpected message from the sandboxed child"));
}

}  // namespace cordon::runtime
