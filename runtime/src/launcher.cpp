#include "cordon/runtime/launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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
  std::vector<char*> argv;
  pid_t parent;
  uid_t uid;
  gid_t gid;
  int status_fd;
  int go_fd;
};

// The launch checklist. Runs in the forked child; each step either succeeds
// or reports which step failed and exits 125: the title never runs with part
// of the sandbox missing.
[[noreturn]] void child_main(const ChildArgs& a) {
  const auto failed = [&](const char* step, int error) {
    send_message(a.status_fd, MessageKind::kSetupFailed, 0, error, step);
    _exit(kExitSandbox);
  };
  // 1. Signals as the title expects them, not as cordon set them.
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGQUIT}) signal(sig, SIG_DFL);
  sigprocmask(SIG_SETMASK, &a.spec->original_mask, nullptr);
  // 2. Its own session and process group: the tree can be killed as one,
  //    and the title has no controlling terminal to inject input into.
  if (setsid() < 0) failed("setsid", errno);
  // 3. Die with cordon, even if cordon is killed.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) failed("prctl(PR_SET_PDEATHSIG)", errno);
  if (getppid() != a.parent) _exit(kExitSandbox);
  // 4. No descriptor of cordon's leaks into the title (stdin/out/err stay).
  int keep[3] = {a.status_fd, a.go_fd, a.spec->landlock_ruleset};
  std::sort(keep, keep + 3);
  if (int err = close_inherited(keep, 3); err != 0) failed("close_range", err);
  // 5. Namespaces: network (only its own loopback) and mount (the DNS
  //    view's resolv.conf and the per-run device ids over the host's).
  const int flags = (a.spec->network_namespace ? CLONE_NEWNET : 0) |
                    (a.spec->bind_files.empty() ? 0 : CLONE_NEWNS);
  if (flags != 0) {
    const char* step = "namespaces";
    if (int err = sandbox::enter_namespaces(flags, a.uid, a.gid, &step); err != 0)
      failed(step, err);
  }
  if (a.spec->network_namespace) {
    if (int err = sandbox::bring_up_loopback(); err != 0) failed("loopback up (SIOCSIFFLAGS)", err);
  }
  // The DNS view answers inside the title's own network namespace.
  int dns_udp = -1;
  int dns_tcp = -1;
  if (a.spec->network_namespace && a.spec->dns_listen_length != 0) {
    const char* step = "dns view";
    if (int err = sandbox::open_dns_sockets(reinterpret_cast<const sockaddr*>(&a.spec->dns_listen),
                                            a.spec->dns_listen_length, &dns_udp, &dns_tcp, &step);
        err != 0)
      failed(step, err);
  }
  if (!a.spec->bind_files.empty()) {
    if (int err = sandbox::make_mounts_private(); err != 0) failed("mount --make-rslave /", err);
    for (const auto& [source, target] : a.spec->bind_files) {
      const int err = sandbox::bind_read_only(source.c_str(), target.c_str());
      if (err != 0 && err != ENOENT) failed("bind mount over a masked path", err);
    }
  }
  // 6. No new privileges: setuid programs cannot shed the filter, and
  //    seccomp and Landlock require it of an unprivileged caller.
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) failed("prctl(PR_SET_NO_NEW_PRIVS)", errno);
  // 7. Landlock: the filesystem rules.
  if (a.spec->landlock_ruleset >= 0) {
    if (int err = sandbox::landlock_restrict_self(a.spec->landlock_ruleset); err != 0)
      failed("landlock_restrict_self", err);
    ::close(a.spec->landlock_ruleset);
  }
  // 8. seccomp LAST: from here on every call of this process is filtered,
  //    including the set-up calls above (unshare, mount) that the filter refuses.
  const int listener = sandbox::install_filter(a.spec->filter);
  if (listener < 0) failed("seccomp filter with a user-notification listener", -listener);
  send_message(a.status_fd, MessageKind::kListener, listener, 0, nullptr, dns_udp, dns_tcp);
  // 9. Wait until the parent took the listener (pidfd_getfd) and supervises.
  char go = 0;
  if (::read(a.go_fd, &go, 1) != 1) _exit(kExitSandbox);
  ::close(listener);
  if (dns_udp >= 0) ::close(dns_udp);
  if (dns_tcp >= 0) ::close(dns_tcp);
  ::close(a.go_fd);
  execve(a.spec->program.c_str(), a.argv.data(), environ);
  send_message(a.status_fd, MessageKind::kExecFailed, 0, errno, "execve");
  _exit(errno == ENOENT ? kExitNotFound : kExitNotExecutable);
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

  ChildArgs args{&spec, {}, getpid(), getuid(), getgid(), status_write.get(), go_read.get()};
  for (const auto& arg : spec.argv) args.argv.push_back(const_cast<char*>(arg.c_str()));
  args.argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid < 0) return tl::unexpected(sandbox_failure("fork", errno_text(errno)));
  if (pid == 0) child_main(args);

  Child child;
  child.pid = pid;
  status_write.reset();
  go_read.reset();
  ChildMessage m{};
  const ssize_t n = ::read(status_read.get(), &m, sizeof(m));
  const auto reap = [pid] { waitpid(pid, nullptr, 0); };
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
    kill(pid, SIGKILL);
    reap();
    return tl::unexpected(sandbox_failure("pidfd_open", errno_text(errno)));
  }
  UniqueFd pidfd_owner(static_cast<int>(pidfd));
  const long listener = syscall(SYS_pidfd_getfd, pidfd_owner.get(), m.value, 0);
  if (listener < 0) {
    kill(pid, SIGKILL);
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
      kill(pid, SIGKILL);
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
