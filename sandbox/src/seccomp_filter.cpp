#include "cordon/sandbox/seccomp_filter.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "cordon/support/unique_fd.h"

namespace cordon::sandbox {
namespace {

// Kernel interfaces that reach around the supervisor or the namespaces: each
// is refused with EPERM and an audit line.
const std::vector<std::string> kClosedSyscalls = {
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",  // bypass the syscall filter
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",  // reach into other processes
    "bpf",
    "perf_event_open",
    "userfaultfd",  // kernel attack surface
    "kexec_load",
    "kexec_file_load",
    "mount",
    "umount2",
    "pivot_root",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsmount",
    "fsconfig",
    "fspick",
    "mount_setattr",  // the mount family
    "keyctl",
    "add_key",
    "request_key",  // kernel keyrings are shared with the host
    "setns",
    "open_by_handle_at",
    "name_to_handle_at",
};

// Namespace flags of clone/unshare: a new network or user namespace would
// undo the sandbox's own.
constexpr unsigned long kNamespaceFlags[] = {CLONE_NEWNS,  CLONE_NEWCGROUP, CLONE_NEWUTS,
                                             CLONE_NEWIPC, CLONE_NEWUSER,   CLONE_NEWPID,
                                             CLONE_NEWNET};

struct CtxDeleter {
  void operator()(void* ctx) const { seccomp_release(ctx); }
};
using Ctx = std::unique_ptr<void, CtxDeleter>;

Error libseccomp_error(const char* what, int rc) {
  return Error{ErrorKind::kSandbox, "seccomp filter", what,
               "libseccomp failed: " + errno_text(-rc)};
}

#define CORDON_TRY_RULE(expr)                                                 \
  do {                                                                        \
    if (int rc_ = (expr); rc_ < 0) return fail(libseccomp_error(#expr, rc_)); \
  } while (false)

Status add_socket_rules(void* ctx, const FilterSpec& spec) {
  const auto allowed = [&](int family) {
    return std::find(spec.socket_families.begin(), spec.socket_families.end(), family) !=
           spec.socket_families.end();
  };
  // Every family not allowed goes to the supervisor (to be refused with an audit line).
  for (int family = 0; family < AF_MAX; ++family) {
    if (allowed(family)) continue;
    CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(socket), 1,
                                     SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(family))));
  }
  CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(socket), 1,
                                   SCMP_A0(SCMP_CMP_GE, static_cast<scmp_datum_t>(AF_MAX))));
  // Raw and packet IP sockets (the type's low bits; flags sit above them):
  // they send packets the address checks never see. Netlink is raw by
  // nature and is checked by protocol below.
  for (int family : {AF_INET, AF_INET6}) {
    if (!allowed(family)) continue;
    for (int type : {SOCK_RAW, SOCK_PACKET}) {
      CORDON_TRY_RULE(
          seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(socket), 2,
                           SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(family)),
                           SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, static_cast<scmp_datum_t>(type))));
    }
  }
  if (allowed(AF_NETLINK)) {
    for (int protocol = 0; protocol < 32; ++protocol) {
      if (std::find(spec.netlink_protocols.begin(), spec.netlink_protocols.end(), protocol) !=
          spec.netlink_protocols.end())
        continue;
      CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(socket), 2,
                                       SCMP_A0(SCMP_CMP_EQ, AF_NETLINK),
                                       SCMP_A2(SCMP_CMP_EQ, static_cast<scmp_datum_t>(protocol))));
    }
  }
  return {};
}

Status add_process_rules(void* ctx) {
  for (unsigned long flag : kNamespaceFlags) {
    CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(unshare), 1,
                                     SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)));
    CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(clone), 1,
                                     SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)));
  }
  CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(unshare), 1,
                                   SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWTIME, CLONE_NEWTIME)));
  // clone3 passes its flags in memory the filter cannot read: ENOSYS makes
  // glibc fall back to clone(2), whose flags it can.
  CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0));
  // A second listener would let the title answer its own notifications.
  CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(seccomp), 2,
                                   SCMP_A0(SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER),
                                   SCMP_A1(SCMP_CMP_MASKED_EQ, SECCOMP_FILTER_FLAG_NEW_LISTENER,
                                           SECCOMP_FILTER_FLAG_NEW_LISTENER)));
  for (const char* name : {"execve", "execveat"}) {
    CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, seccomp_syscall_resolve_name(name), 0));
  }
  return {};
}

Status add_network_rules(void* ctx) {
  for (const char* name : {"connect", "bind", "sendmsg", "sendmmsg"}) {
    CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, seccomp_syscall_resolve_name(name), 0));
  }
  // sendto without an address sends on a connected socket, whose peer was
  // checked at connect: only calls with an address go to the supervisor.
  CORDON_TRY_RULE(
      seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(sendto), 1, SCMP_A4(SCMP_CMP_NE, 0)));
  return {};
}

}  // namespace

const std::vector<std::string>& builtin_closed_syscalls() {
  return kClosedSyscalls;
}

Result<BpfProgram> build_filter(const FilterSpec& spec) {
  // Foreign ABIs are not in the filter, so they meet the bad-arch action:
  // a notification the supervisor always refuses (strict, and audited).
  Ctx ctx(seccomp_init(SCMP_ACT_ALLOW));
  if (!ctx)
    return fail(ErrorKind::kSandbox, "seccomp filter", "", "libseccomp could not start a filter");
  CORDON_TRY_RULE(seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_NOTIFY));
  CORDON_TRY_RULE(seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_NNP, 0));
  // A binary tree of syscall numbers instead of a linear list: fewer BPF
  // instructions per call that the kernel's allow-bitmap does not cover.
  CORDON_TRY_RULE(seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2));

  std::vector<std::string> closed = kClosedSyscalls;
  closed.insert(closed.end(), spec.closed_syscalls.begin(), spec.closed_syscalls.end());
  for (const auto& name : closed) {
    const int nr = seccomp_syscall_resolve_name(name.c_str());
    if (nr == __NR_SCMP_ERROR)
      return fail(ErrorKind::kValidation, "deny_syscalls", name, "unknown system call name");
    if (nr < 0) continue;  // not a call on this architecture
    CORDON_TRY_RULE(seccomp_rule_add(ctx.get(), SCMP_ACT_NOTIFY, nr, 0));
  }
  if (auto s = add_socket_rules(ctx.get(), spec); !s) return fail(s.error());
  if (auto s = add_process_rules(ctx.get()); !s) return fail(s.error());
  if (auto s = add_network_rules(ctx.get()); !s) return fail(s.error());

  // libseccomp 2.5 only exports to a file descriptor.
  UniqueFd memfd(memfd_create("cordon-bpf", MFD_CLOEXEC));
  if (!memfd) return fail(ErrorKind::kSystem, "seccomp filter", "memfd_create", errno_text(errno));
  CORDON_TRY_RULE(seccomp_export_bpf(ctx.get(), memfd.get()));
  const off_t size = lseek(memfd.get(), 0, SEEK_END);
  if (size <= 0 || size % static_cast<off_t>(sizeof(sock_filter)) != 0)
    return fail(ErrorKind::kSandbox, "seccomp filter", "export", "unexpected program size");
  BpfProgram program;
  program.code.resize(static_cast<std::size_t>(size) / sizeof(sock_filter));
  if (pread(memfd.get(), program.code.data(), static_cast<std::size_t>(size), 0) != size)
    return fail(ErrorKind::kSystem, "seccomp filter", "read back", errno_text(errno));
  return program;
}

int install_filter(const BpfProgram& program) {
  sock_fprog prog{};
  prog.len = static_cast<unsigned short>(program.code.size());
  prog.filter = const_cast<sock_filter*>(program.code.data());
  // TSYNC: every thread gets the filter (TSYNC_ESRCH is what the kernel
  // requires to combine it with a listener). WAIT_KILLABLE_RECV (5.19+):
  // once the supervisor holds a notification, only a fatal signal interrupts
  // the title, so a call the supervisor performed is never restarted.
  unsigned long flags = SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC |
                        SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
#ifdef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
  constexpr unsigned long kWaitKillable = SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
#else
  constexpr unsigned long kWaitKillable = 1UL << 5;
#endif
  long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags | kWaitKillable, &prog);
  if (fd < 0 && errno == EINVAL) fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
  if (fd < 0) return -errno;
  return static_cast<int>(fd);
}

}  // namespace cordon::sandbox
