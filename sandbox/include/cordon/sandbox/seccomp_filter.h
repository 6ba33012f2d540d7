// The seccomp filter of a sandboxed title, built with libseccomp in the
// parent and installed by the child as the last step before execve.
//
// Every address-bearing call (connect, sendto with an address, sendmsg,
// sendmmsg, bind), every inbound one (listen, accept, accept4), every exec,
// every socket() of a kind the profile does not name, the socket options and
// terminal ioctls that reroute or inject (kReroutingOptions, TIOCSTI), and
// every closed call (io_uring, ptrace, process_vm_*, bpf, mount family,
// keys, namespaces, a second seccomp listener, ...) goes to the supervisor
// through user notification, so each one gets a decision and an audit line.
// clone3 fails with ENOSYS so libc falls back to clone, whose flags the
// filter can read. Foreign ABIs (32-bit int 0x80, x32 numbers) go to the
// supervisor too and are always refused.
//
// Every argument is compared at the width the kernel reads it: an int or
// unsigned int argument (socket's family, type and protocol, seccomp's
// operation, clone's flags, ioctl's command, setsockopt's level and name) on
// its low 32 bits only, so setting the upper bits of the register changes
// nothing (tests/unit/sandbox/seccomp_filter_test runs the program on both
// forms of every such argument).
#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <string>
#include <vector>

#include "cordon/support/error.h"

namespace cordon::sandbox {

// One (family, type, protocol) socket(2) may create without asking: the
// type's low bits (SOCK_STREAM, ...), without SOCK_NONBLOCK/SOCK_CLOEXEC.
struct SocketTriple {
  int family = 0;
  int type = 0;
  std::uint32_t protocol = 0;

  friend bool operator==(const SocketTriple&, const SocketTriple&) = default;
};

struct FilterSpec {
  std::vector<SocketTriple> sockets;         // every other socket() goes to the supervisor
  std::vector<std::string> closed_syscalls;  // added to the built-in closed list
  // File-policy events: write-flagged opens (open, openat, creat; every
  // openat2, whose flags are in memory) and the calls that change a path
  // (file_change_syscalls()) go to the supervisor. Read-only opens never do.
  bool file_writes = false;
};

// Calls that create, remove, move or change the metadata of a path named by
// a string (their path arguments' indexes in the second member): the
// supervisor sees them when FilterSpec::file_writes is set.
struct PathCall {
  const char* name;
  int dirfd[2];  // the dirfd argument of each path, -1: relative to the cwd
  int path[2];   // the path arguments, -1: none
};
[[nodiscard]] const std::vector<PathCall>& file_change_syscalls();

// The open(2) flags that make an open a write (or a creation): O_WRONLY,
// O_RDWR, O_CREAT, O_TRUNC (O_TMPFILE needs one of the first two).
inline constexpr unsigned kWriteOpenFlags[] = {01, 02, 0100, 01000};

struct BpfProgram {
  std::vector<sock_filter> code;
};

// (level, name) of the socket options that send a packet elsewhere than the
// address the supervisor checked (IPv4 source routing, IPv6 routing headers
// and the options that carry them, policy routing marks): setsockopt of
// them goes to the supervisor, and so does every sendmsg (whose control
// messages the supervisor reads).
struct SocketOption {
  int level;
  int name;
  const char* text;  // "IP_OPTIONS"
};
[[nodiscard]] const std::vector<SocketOption>& rerouting_socket_options();
// The control-message forms (cmsg level, type) of the same.
[[nodiscard]] const std::vector<SocketOption>& rerouting_control_messages();

// Terminal ioctls that inject input or reach other consoles (TIOCSTI,
// TIOCLINUX): refused with an audit line.
struct IoctlCommand {
  unsigned int command;
  const char* text;
};
[[nodiscard]] const std::vector<IoctlCommand>& closed_ioctls();

// Builds the program. Errors: an unknown syscall name in closed_syscalls
// (kValidation, naming it), a libseccomp failure (kSandbox).
[[nodiscard]] Result<BpfProgram> build_filter(const FilterSpec& spec);

// The names of the built-in closed calls, for docs and tests.
[[nodiscard]] const std::vector<std::string>& builtin_closed_syscalls();

// Child side, after PR_SET_NO_NEW_PRIVS: installs `program` synchronised
// across threads with a user-notification listener. Returns the listener fd,
// or -errno. Does not allocate.
[[nodiscard]] int install_filter(const BpfProgram& program);

}  // namespace cordon::sandbox
