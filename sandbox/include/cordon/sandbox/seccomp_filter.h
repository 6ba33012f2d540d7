// The seccomp filter of a sandboxed title, built with libseccomp in the
// parent and installed by the child as the last step before execve.
//
// Every address-bearing call (connect, sendto with an address, sendmsg,
// sendmmsg, bind), every exec, every socket() outside the allowed families
// and types, and every closed call (io_uring, ptrace, process_vm_*, bpf,
// mount family, keys, namespaces, a second seccomp listener, ...) goes to the
// supervisor through user notification, so each one gets a decision and an
// audit line. clone3 fails with ENOSYS so libc falls back to clone, whose
// flags the filter can read. Foreign ABIs (32-bit int 0x80, x32 numbers) go
// to the supervisor too and are always refused.
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

#include "cordon/support/error.h"

namespace cordon::sandbox {

struct FilterSpec {
  std::vector<int> socket_families;          // created without asking (AF_UNIX, AF_INET, ...)
  std::vector<int> netlink_protocols;        // allowed when AF_NETLINK is in socket_families
  std::vector<std::string> closed_syscalls;  // added to the built-in closed list
};

struct BpfProgram {
  std::vector<sock_filter> code;
};

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
