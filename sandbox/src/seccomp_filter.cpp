#include "cordon/sandbox/seccomp_filter.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <map>
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

// Comparisons at the kernel's width. libseccomp's SCMP_A*_32 still compares
// the upper half of the register with zero (EQ) or greater (GT), so a value
// with bit 32 set would slip past an EQ rule; a masked compare with a 32-bit
// mask leaves the upper half out entirely.
constexpr scmp_datum_t kLow32 = 0xffffffffULL;
scmp_arg_cmp eq32(unsigned int arg, std::uint32_t value) {
  return SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, kLow32, value);
}
scmp_arg_cmp masked32(unsigned int arg, std::uint32_t mask, std::uint32_t value) {
  return SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, mask, value & mask);
}

// A set of 32-bit values as aligned power-of-two blocks (value, mask):
// x is in the block when (x & mask) == value. Used for the complement of
// what a profile allows, which libseccomp cannot say directly ("not one of").
struct Block {
  std::uint32_t value;
  std::uint32_t mask;
};

// The blocks covering [0, universe] minus `allowed` (each value <= universe,
// universe of the form 2^k - 1).
std::vector<Block> complement_blocks(std::vector<std::uint32_t> allowed, std::uint32_t universe) {
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  std::vector<Block> out;
  const auto cover = [&](std::uint64_t low, std::uint64_t high) {  // inclusive
    while (low <= high) {
      std::uint64_t size = 1;
      while ((low % (size * 2)) == 0 && low + size * 2 - 1 <= high) size *= 2;
      out.push_back(Block{static_cast<std::uint32_t>(low),
                          static_cast<std::uint32_t>(~(size - 1)) & universe});
      low += size;
    }
  };
  std::uint64_t next = 0;
  for (std::uint32_t v : allowed) {
    if (v > next) cover(next, std::uint64_t{v} - 1);
    next = std::uint64_t{v} + 1;
  }
  if (next <= universe) cover(next, universe);
  return out;
}

Status add_socket_rules(void* ctx, const FilterSpec& spec) {
  // socket(2) reads family, type and protocol as ints. Three levels of "not
  // allowed": a family no triple names, a type the family's triples do not
  // name (the low four bits; SOCK_NONBLOCK and SOCK_CLOEXEC sit above), a
  // protocol the (family, type)'s triples do not name.
  std::map<std::uint32_t, std::map<std::uint32_t, std::vector<std::uint32_t>>> allowed;
  for (const SocketTriple& t : spec.sockets) {
    allowed[static_cast<std::uint32_t>(t.family)][static_cast<std::uint32_t>(t.type) & 0xf]
        .push_back(t.protocol);
  }
  std::vector<std::uint32_t> families;
  for (const auto& [family, types] : allowed) families.push_back(family);
  for (const Block& b : complement_blocks(families, 0xffffffff)) {
    CORDON_TRY_RULE(
        seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(socket), 1, masked32(0, b.mask, b.value)));
  }
  for (const auto& [family, types] : allowed) {
    std::vector<std::uint32_t> type_values;
    for (const auto& [type, protocols] : types) type_values.push_back(type);
    for (const Block& b : complement_blocks(type_values, 0xf)) {
      CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(socket), 2, eq32(0, family),
                                       masked32(1, b.mask, b.value)));
    }
    for (const auto& [type, protocols] : types) {
      for (const Block& b : complement_blocks(protocols, 0xffffffff)) {
        CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(socket), 3, eq32(0, family),
                                         masked32(1, 0xf, type), masked32(2, b.mask, b.value)));
      }
    }
  }
  return {};
}

Status add_process_rules(void* ctx) {
  // clone(2) reads the low 32 bits of its flags; unshare(2) all 64 (and
  // refuses unknown upper bits itself). A one-bit mask fits both.
  for (unsigned long flag : kNamespaceFlags) {
    CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(unshare), 1,
                                     SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)));
    CORDON_TRY_RULE(seccomp_rule_add(
        ctx, SCMP_ACT_NOTIFY, SCMP_SYS(clone), 1,
        masked32(0, static_cast<std::uint32_t>(flag), static_cast<std::uint32_t>(flag))));
  }
  CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(unshare), 1,
                                   SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWTIME, CLONE_NEWTIME)));
  // clone3 passes its flags in memory the filter cannot read: ENOSYS makes
  // glibc fall back to clone(2), whose flags it can.
  CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0));
  // A second listener would let the title answer its own notifications.
  // seccomp(2)'s operation and flags are unsigned ints.
  CORDON_TRY_RULE(seccomp_rule_add(
      ctx, SCMP_ACT_NOTIFY, SCMP_SYS(seccomp), 2, eq32(0, SECCOMP_SET_MODE_FILTER),
      masked32(1, SECCOMP_FILTER_FLAG_NEW_LISTENER, SECCOMP_FILTER_FLAG_NEW_LISTENER)));
  for (const char* name : {"execve", "execveat"}) {
    CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, seccomp_syscall_resolve_name(name), 0));
  }
  // ioctl(2)'s command is an unsigned int.
  for (const IoctlCommand& c : closed_ioctls()) {
    CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(ioctl), 1, eq32(1, c.command)));
  }
  return {};
}

Status add_network_rules(void* ctx) {
  // listen and accept: inbound channels have a policy and an audit line.
  for (const char* name :
       {"connect", "bind", "sendmsg", "sendmmsg", "listen", "accept", "accept4"}) {
    CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, seccomp_syscall_resolve_name(name), 0));
  }
  // sendto without an address sends on a connected socket, whose peer was
  // checked at connect: only calls with an address (a pointer: all 64
  // bits) go to the supervisor.
  CORDON_TRY_RULE(
      seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(sendto), 1, SCMP_A4(SCMP_CMP_NE, 0)));
  // setsockopt(2)'s level and name are ints.
  for (const SocketOption& o : rerouting_socket_options()) {
    CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(setsockopt), 2,
                                     eq32(1, static_cast<std::uint32_t>(o.level)),
                                     eq32(2, static_cast<std::uint32_t>(o.name))));
  }
  return {};
}

Status add_file_rules(void* ctx) {
  // open(2)'s flags are an int: each write bit alone, on its low 32 bits
  // (libseccomp ORs the rules of one call), so a read-only open costs a few
  // compares and never a notification.
  const struct {
    const char* name;
    unsigned flags_arg;
  } opens[] = {{"open", 1}, {"openat", 2}};
  for (const auto& o : opens) {
    const int nr = seccomp_syscall_resolve_name(o.name);
    if (nr < 0) continue;
    for (unsigned bit : kWriteOpenFlags)
      CORDON_TRY_RULE(
          seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 1, masked32(o.flags_arg, bit, bit)));
  }
  for (const char* name : {"creat", "openat2"}) {
    const int nr = seccomp_syscall_resolve_name(name);
    if (nr >= 0) CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 0));
  }
  for (const PathCall& call : file_change_syscalls()) {
    const int nr = seccomp_syscall_resolve_name(call.name);
    if (nr >= 0) CORDON_TRY_RULE(seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 0));
  }
  return {};
}

}  // namespace

const std::vector<PathCall>& file_change_syscalls() {
  static const std::vector<PathCall> calls = {
      {"rename", {-1, -1}, {0, 1}},    {"renameat", {0, 2}, {1, 3}},
      {"renameat2", {0, 2}, {1, 3}},   {"unlink", {-1, -1}, {0, -1}},
      {"unlinkat", {0, -1}, {1, -1}},  {"rmdir", {-1, -1}, {0, -1}},
      {"mkdir", {-1, -1}, {0, -1}},    {"mkdirat", {0, -1}, {1, -1}},
      {"link", {-1, -1}, {0, 1}},      {"linkat", {0, 2}, {1, 3}},
      {"symlink", {-1, -1}, {1, -1}},  {"symlinkat", {1, -1}, {2, -1}},
      {"mknod", {-1, -1}, {0, -1}},    {"mknodat", {0, -1}, {1, -1}},
      {"truncate", {-1, -1}, {0, -1}}, {"chmod", {-1, -1}, {0, -1}},
      {"fchmodat", {0, -1}, {1, -1}},  {"fchmodat2", {0, -1}, {1, -1}},
      {"chown", {-1, -1}, {0, -1}},    {"lchown", {-1, -1}, {0, -1}},
      {"fchownat", {0, -1}, {1, -1}},
  };
  return calls;
}

const std::vector<std::string>& builtin_closed_syscalls() {
  return kClosedSyscalls;
}

const std::vector<SocketOption>& rerouting_socket_options() {
  static const std::vector<SocketOption> options = {
      {SOL_IP, IP_OPTIONS, "IP_OPTIONS"},    // loose and strict source routes (LSRR, SSRR)
      {SOL_IPV6, IPV6_RTHDR, "IPV6_RTHDR"},  // routing headers (segment routing, type 2)
      {SOL_IPV6, IPV6_2292PKTOPTIONS, "IPV6_2292PKTOPTIONS"},  // sticky RTHDR, NEXTHOP
      {SOL_IPV6, IPV6_NEXTHOP, "IPV6_NEXTHOP"},                // the first hop, chosen
      {SOL_SOCKET, SO_MARK, "SO_MARK"},  // policy routing by mark (CAP_NET_ADMIN)
  };
  return options;
}

const std::vector<SocketOption>& rerouting_control_messages() {
  static const std::vector<SocketOption> messages = {
      {SOL_IP, IP_OPTIONS, "IP_OPTIONS"},       {SOL_IP, IP_RETOPTS, "IP_RETOPTS"},
      {SOL_IPV6, IPV6_RTHDR, "IPV6_RTHDR"},     {SOL_IPV6, IPV6_2292RTHDR, "IPV6_2292RTHDR"},
      {SOL_IPV6, IPV6_NEXTHOP, "IPV6_NEXTHOP"}, {SOL_SOCKET, SO_MARK, "SO_MARK"},
  };
  return messages;
}

const std::vector<IoctlCommand>& closed_ioctls() {
  static const std::vector<IoctlCommand> commands = {
      {TIOCSTI, "TIOCSTI"},      // types into a terminal (root, or its controlling one)
      {TIOCLINUX, "TIOCLINUX"},  // console selection and pasting
  };
  return commands;
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
  if (spec.file_writes) {
    if (auto s = add_file_rules(ctx.get()); !s) return fail(s.error());
  }

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
