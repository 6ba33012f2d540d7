// Starts the title as a child with the sandbox applied before execve. The
// child runs an ordered checklist (see launcher.cpp) and stops right before
// execve until the parent has its seccomp listener and a supervisor running,
// because the title's very first exec is itself a notification.
#pragma once

#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

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
  bool network_namespace = false;
  // Files bind-mounted read-only over host paths in a private mount
  // namespace (source, target); targets that do not exist are skipped.
  std::vector<std::pair<std::string, std::string>> bind_files;
  int landlock_ruleset = -1;  // a Landlock ruleset fd (build_landlock_ruleset), or -1
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
  pid_t pid = -1;
  UniqueFd listener;  // the seccomp user-notification listener (parent's copy)
  UniqueFd status;    // child -> parent messages; EOF once execve succeeded
  UniqueFd go;        // parent -> child: one byte releases the child into execve
  UniqueFd dns_udp;   // the DNS view's sockets in the title's network namespace
  UniqueFd dns_tcp;   // (LaunchSpec::dns_listen), or invalid
};

// Forks and runs the checklist. Returns once the child waits before execve.
// The caller must be single-threaded and have SIGCHLD blocked.
[[nodiscard]] LaunchResult<Child> start_child(const LaunchSpec& spec);

// Lets the child execve; returns when it succeeded or failed (126/127).
[[nodiscard]] LaunchResult<void> release_child(Child& child);

}  // namespace cordon::runtime
