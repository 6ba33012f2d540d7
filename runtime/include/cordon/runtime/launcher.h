// Starts the title with the sandbox applied before execve. cordon clones a
// small init process into new user, pid and mount namespaces (and a network
// namespace for air-gapped); it runs an ordered checklist (see launcher.cpp),
// installs the seccomp filter and stops until the parent has the listener
// and a supervisor running (the title's very first exec is itself a
// notification). Then it forks the title and stays pid 1 of the title's pid
// namespace: it reaps, passes on the signals cordon sends, and exits with
// the title's status, which makes the kernel kill everything left in the
// namespace. cordon and its supervisor stay outside, out of the title's reach.
#pragma once

#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "cordon/sandbox/namespaces.h"
#include "cordon/sandbox/seccomp_filter.h"
#include "cordon/support/error.h"
#include "cordon/support/unique_fd.h"

namespace cordon::runtime {

// A launch that failed, with the contract's exit status: 125 sandbox set-up,
// 126 not executable, 127 not found.
struct LaunchFailure {
  int exit_status = 125;
  Error error;
};
template <typename T>
using LaunchResult = tl::expected<T, LaunchFailure>;

inline constexpr int kExitTimeout = 124;
inline constexpr int kExitSandbox = 125;
inline constexpr int kExitNotExecutable = 126;
inline constexpr int kExitNotFound = 127;

struct LaunchSpec {
  std::string program;  // resolved path (resolve_program)
  std::vector<std::string> argv;
  std::vector<std::string> environment;  // "NAME=value" the title gets (the profile's policy applied)
  bool network_namespace = false;
  // The file policy and the per-run files, in order, after /proc is mounted
  // for the title's pid namespace; steps whose target does not exist are
  // skipped.
  std::vector<sandbox::MountStep> mounts;
  int landlock_ruleset = -1;  // a Landlock ruleset fd (build_landlock_ruleset), or -1
  int cgroup_procs = -1;      // cgroup.procs of the run's cgroup (CgroupScope), or -1
  sandbox::BpfProgram filter;
  sigset_t original_mask{};  // restored in the child before execve
  // With a network namespace: where the DNS view listens inside it (length
  // 0: no view). The child binds its UDP and TCP sockets there, in the
  // title's namespace, and the parent takes them (Child::dns_udp/dns_tcp).
  sockaddr_storage dns_listen{};
  socklen_t dns_listen_length = 0;
};

// Finds PROGRAM like execvp(3) would ($PATH when it has no '/'). 127 when
// nothing is found, 126 when what is found cannot be executed.
[[nodiscard]] LaunchResult<std::string> resolve_program(const std::string& name);

class Child {
 public:
  pid_t pid = -1;     // the title's init (pid 1 of its pid namespace), in cordon's numbering
  UniqueFd listener;  // the seccomp user-notification listener (parent's copy)
  UniqueFd status;    // child -> parent messages; EOF once execve succeeded
  UniqueFd go;        // parent -> child: one byte releases the child into execve
  UniqueFd dns_udp;   // the DNS view's sockets in the title's network namespace
  UniqueFd dns_tcp;   // (LaunchSpec::dns_listen), or invalid
};

// Clones the init and runs the checklist. Returns once it waits before
// starting the title. The caller must be single-threaded and have SIGCHLD
// blocked.
[[nodiscard]] LaunchResult<Child> start_child(const LaunchSpec& spec);

// Lets the init start the title; returns when its execve succeeded or
// failed (126/127).
[[nodiscard]] LaunchResult<void> release_child(Child& child);

}  // namespace cordon::runtime
