// The seccomp program itself, run here by a small classic-BPF interpreter on
// seccomp_data the test builds: which calls reach the supervisor, and that
// every argument is compared at the width the kernel reads it. The kernel
// reads socket's family, type and protocol, seccomp's operation and flags,
// the low half of clone's flags, ioctl's command and setsockopt's level and
// name as 32-bit ints: setting the upper half of those registers must give
// the same action as the plain value (a 64-bit compare let
// socket(AF_NETLINK, SOCK_RAW, 1L<<32 | NETLINK_SOCK_DIAG) through). A rule
// that looks at an argument this file does not classify fails the test, so
// the next rule gets the same scrutiny.
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "cordon/rules/profile_loader.h"
#include "cordon/runtime/run_plan.h"
#include "cordon/sandbox/seccomp_filter.h"

namespace {

using cordon::sandbox::BpfProgram;

struct Data {
  int nr = 0;
  std::uint32_t arch = AUDIT_ARCH_X86_64;
  std::uint64_t ip = 0;
  std::array<std::uint64_t, 6> args{};
};

struct Run {
  std::uint32_t action = 0;
  std::set<int> args_read;  // argument indices whose words were loaded
  std::set<int> high_read;  // ... whose upper word was loaded
};

// Classic BPF as seccomp uses it (the instructions libseccomp emits). An
// instruction it does not know fails the test rather than guessing.
Run run(const BpfProgram& program, const Data& d) {
  Run out;
  std::uint32_t a = 0;
  std::uint32_t x = 0;
  std::array<std::uint32_t, BPF_MEMWORDS> mem{};
  const auto load = [&](std::uint32_t offset) -> std::uint32_t {
    if (offset == 0) return static_cast<std::uint32_t>(d.nr);
    if (offset == 4) return d.arch;
    if (offset == 8) return static_cast<std::uint32_t>(d.ip);
    if (offset == 12) return static_cast<std::uint32_t>(d.ip >> 32);
    if (offset < 16 || offset >= 64 || offset % 4 != 0)
      FAIL("a load outside seccomp_data: ", offset);
    const int arg = static_cast<int>((offset - 16) / 8);
    const bool high = (offset - 16) % 8 == 4;
    out.args_read.insert(arg);
    if (high) out.high_read.insert(arg);
    return static_cast<std::uint32_t>(high ? d.args[arg] >> 32 : d.args[arg]);
  };
  for (std::size_t pc = 0; pc < program.code.size(); ++pc) {
    const sock_filter& f = program.code[pc];
    switch (f.code) {
      case BPF_LD | BPF_W | BPF_ABS:
        a = load(f.k);
        break;
      case BPF_LD | BPF_IMM:
        a = f.k;
        break;
      case BPF_LDX | BPF_IMM:
        x = f.k;
        break;
      case BPF_LD | BPF_MEM:
        a = mem[f.k % BPF_MEMWORDS];
        break;
      case BPF_LDX | BPF_MEM:
        x = mem[f.k % BPF_MEMWORDS];
        break;
      case BPF_ST:
        mem[f.k % BPF_MEMWORDS] = a;
        break;
      case BPF_STX:
        mem[f.k % BPF_MEMWORDS] = x;
        break;
      case BPF_ALU | BPF_AND | BPF_K:
        a &= f.k;
        break;
      case BPF_ALU | BPF_OR | BPF_K:
        a |= f.k;
        break;
      case BPF_MISC | BPF_TAX:
        x = a;
        break;
      case BPF_MISC | BPF_TXA:
        a = x;
        break;
      case BPF_JMP | BPF_JA:
        pc += f.k;
        break;
      case BPF_JMP | BPF_JEQ | BPF_K:
        pc += a == f.k ? f.jt : f.jf;
        break;
      case BPF_JMP | BPF_JGT | BPF_K:
        pc += a > f.k ? f.jt : f.jf;
        break;
      case BPF_JMP | BPF_JGE | BPF_K:
        pc += a >= f.k ? f.jt : f.jf;
        break;
      case BPF_JMP | BPF_JSET | BPF_K:
        pc += (a & f.k) != 0 ? f.jt : f.jf;
        break;
      case BPF_JMP | BPF_JEQ | BPF_X:
        pc += a == x ? f.jt : f.jf;
        break;
      case BPF_JMP | BPF_JGT | BPF_X:
        pc += a > x ? f.jt : f.jf;
        break;
      case BPF_JMP | BPF_JGE | BPF_X:
        pc += a >= x ? f.jt : f.jf;
        break;
      case BPF_RET | BPF_K:
        out.action = f.k;
        return out;
      case BPF_RET | BPF_A:
        out.action = a;
        return out;
      default:
        FAIL("BPF instruction the test does not know: code ", f.code);
    }
  }
  FAIL("the program ran off its end");
  return out;
}

std::uint32_t action_of(const BpfProgram& p, int nr, std::array<std::uint64_t, 6> args) {
  Data d;
  d.nr = nr;
  d.args = args;
  return run(p, d).action & SECCOMP_RET_ACTION_FULL;
}

bool notifies(const BpfProgram& p, int nr, std::array<std::uint64_t, 6> args) {
  return action_of(p, nr, args) == SECCOMP_RET_USER_NOTIF;
}

cordon::runtime::RunPlan plan_of(const char* profile) {
  auto loaded = cordon::rules::load_profile(profile, CORDON_TEST_PROFILES_DIR);
  REQUIRE(loaded);
  auto plan = cordon::runtime::PlanBuilder().profile(*loaded).command({"/bin/true"}).build();
  REQUIRE(plan);
  return *plan;
}

BpfProgram program_of(const char* profile) {
  auto program = cordon::sandbox::build_filter(plan_of(profile).filter);
  REQUIRE(program);
  return *program;
}

// (syscall, argument) pairs the kernel reads as 32 bits, and the ones it
// reads whole (a pointer; unshare's flags, whose upper bits it refuses).
const std::map<int, std::set<int>> kReads32 = {
    {__NR_socket, {0, 1, 2}},  {__NR_seccomp, {0, 1}}, {__NR_clone, {0}},  {__NR_ioctl, {1}},
    {__NR_setsockopt, {1, 2}}, {__NR_open, {1}},       {__NR_openat, {2}},
};
const std::map<int, std::set<int>> kReads64 = {{__NR_unshare, {0}}, {__NR_sendto, {4}}};

// Every constant the program compares with, and its neighbours: the values
// where an action can change.
std::vector<std::uint64_t> interesting_values(const BpfProgram& p) {
  std::set<std::uint64_t> values = {0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff};
  for (const sock_filter& f : p.code) {
    if (BPF_CLASS(f.code) != BPF_JMP && BPF_CLASS(f.code) != BPF_ALU) continue;
    for (std::int64_t delta : {-1, 0, 1}) {
      const std::int64_t v = static_cast<std::int64_t>(f.k) + delta;
      if (v >= 0 && v <= 0xffffffffLL) values.insert(static_cast<std::uint64_t>(v));
    }
  }
  return {values.begin(), values.end()};
}

constexpr std::array<std::uint64_t, 3> kHighHalves = {1ULL << 32, 0xffffffffULL << 32,
                                                      0x8000000000000000ULL};

// For each base argument vector, each 32-bit argument of `nr` takes every
// interesting value, plain and with each upper half: same action each time.
void check_width(const BpfProgram& p, int nr,
                 const std::vector<std::array<std::uint64_t, 6>>& bases,
                 const std::vector<std::uint64_t>& values) {
  for (const auto& base : bases) {
    for (int arg : kReads32.at(nr)) {
      for (std::uint64_t v : values) {
        auto plain = base;
        plain[arg] = v;
        const std::uint32_t expected = action_of(p, nr, plain);
        for (std::uint64_t high : kHighHalves) {
          auto one = plain;
          one[arg] = v | high;
          auto all = plain;
          for (int other : kReads32.at(nr)) all[other] |= high;
          if (action_of(p, nr, one) != expected)
            CHECK_MESSAGE(action_of(p, nr, one) == expected, "syscall ", nr, " arg ", arg,
                          " value ", v, " upper ", high);
          if (action_of(p, nr, all) != expected)
            CHECK_MESSAGE(action_of(p, nr, all) == expected, "syscall ", nr, " all args upper ",
                          high, " value ", v);
        }
      }
    }
  }
}

}  // namespace

TEST_CASE("seccomp filter: sockets the profile names are created without asking, others notify") {
  for (const char* profile : {"air-gapped", "zero-trust"}) {
    const auto plan = plan_of(profile);
    const auto p = program_of(profile);
    CAPTURE(profile);
    MESSAGE(std::string(profile), ": ", p.code.size(), " BPF instructions");
    CHECK(p.code.size() <= BPF_MAXINSNS);  // the kernel's limit for one program
    for (const auto& t : plan.filter.sockets) {
      for (std::uint64_t flags :
           std::initializer_list<std::uint64_t>{0, SOCK_CLOEXEC, SOCK_NONBLOCK | SOCK_CLOEXEC}) {
        CHECK_FALSE(notifies(p, __NR_socket,
                             {static_cast<std::uint64_t>(t.family),
                              static_cast<std::uint64_t>(t.type) | flags, t.protocol}));
      }
    }
    // What no profile may name: SCTP (both types), DCCP, UDP-Lite, MPTCP,
    // ping, raw, packet, netlink diagnostics, other families, junk.
    const std::vector<std::array<std::uint64_t, 3>> refused = {
        {AF_INET, SOCK_STREAM, IPPROTO_SCTP},
        {AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP},
        {AF_INET6, SOCK_STREAM, IPPROTO_SCTP},
        {AF_INET, SOCK_DCCP, IPPROTO_DCCP},
        {AF_INET6, SOCK_DCCP, 0},
        {AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE},
        {AF_INET6, SOCK_DGRAM, IPPROTO_UDPLITE},
        {AF_INET, SOCK_STREAM, IPPROTO_MPTCP},
        {AF_INET6, SOCK_STREAM, IPPROTO_MPTCP},
        {AF_INET, SOCK_DGRAM, IPPROTO_ICMP},
        {AF_INET, SOCK_RAW, IPPROTO_UDP},
        {AF_INET6, SOCK_RAW, IPPROTO_RAW},
        {AF_INET, SOCK_PACKET, 3},
        {AF_PACKET, SOCK_RAW, 0x300},
        {AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG},
        {AF_NETLINK, SOCK_DGRAM, NETLINK_NETFILTER},
        {AF_TIPC, SOCK_SEQPACKET, 0},
        {AF_VSOCK, SOCK_STREAM, 0},
        {AF_INET, SOCK_STREAM, 0xffffffff},
        {AF_INET, SOCK_RDM, 0},
        {AF_UNIX, SOCK_RAW, 0},
        {AF_UNIX, SOCK_STREAM, 2},
        {AF_MAX, SOCK_STREAM, 0},
        {0xffffffff, SOCK_STREAM, 0},
    };
    for (const auto& [family, type, protocol] : refused) {
      CHECK_MESSAGE(notifies(p, __NR_socket, {family, type, protocol}), family, " ", type, " ",
                    protocol);
      // The report's case: the protocol's upper half set.
      CHECK_MESSAGE(notifies(p, __NR_socket, {family, type, protocol | (1ULL << 32)}), family, " ",
                    type, " ", protocol);
    }
  }
}

TEST_CASE("seccomp filter: rerouting options, terminal injection, listeners, namespaces") {
  const auto p = program_of("zero-trust");
  CHECK(notifies(p, __NR_setsockopt, {3, SOL_IP, IP_OPTIONS}));
  CHECK(notifies(p, __NR_setsockopt, {3, SOL_IPV6, IPV6_RTHDR}));
  CHECK(notifies(p, __NR_setsockopt, {3, SOL_IPV6, IPV6_2292PKTOPTIONS}));
  CHECK(notifies(p, __NR_setsockopt, {3, SOL_SOCKET, SO_MARK}));
  CHECK_FALSE(notifies(p, __NR_setsockopt, {3, SOL_SOCKET, SO_REUSEADDR}));
  CHECK_FALSE(notifies(p, __NR_setsockopt, {3, IPPROTO_TCP, 1 /* TCP_NODELAY */}));
  CHECK(notifies(p, __NR_ioctl, {0, TIOCSTI}));
  CHECK(notifies(p, __NR_ioctl, {0, TIOCLINUX}));
  CHECK_FALSE(notifies(p, __NR_ioctl, {0, TIOCGWINSZ}));
  CHECK(notifies(p, __NR_seccomp, {SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER}));
  CHECK_FALSE(notifies(p, __NR_seccomp, {SECCOMP_SET_MODE_FILTER, 0}));
  CHECK(notifies(p, __NR_clone, {CLONE_NEWUSER | SIGCHLD}));
  CHECK_FALSE(notifies(p, __NR_clone, {CLONE_VM | CLONE_THREAD | CLONE_SIGHAND}));
  CHECK(notifies(p, __NR_unshare, {CLONE_NEWNET}));
  CHECK(notifies(p, __NR_sendmsg, {3, 0, 0}));
  CHECK(notifies(p, __NR_listen, {3, 16}));
  CHECK(notifies(p, __NR_accept, {3, 0, 0}));
  CHECK(notifies(p, __NR_accept4, {3, 0, 0, SOCK_CLOEXEC}));
  CHECK(notifies(p, __NR_sendto, {3, 0, 0, 0, 0x1000, 16}));
  CHECK_FALSE(notifies(p, __NR_sendto, {3, 0, 0, 0, 0, 0}));
  CHECK_FALSE(notifies(p, __NR_getpid, {}));
  CHECK(action_of(p, __NR_clone3, {}) == SECCOMP_RET_ERRNO);
  // File-policy events: write-flagged opens and path changes; reads never.
  CHECK_FALSE(notifies(p, __NR_openat, {0, 0, O_RDONLY | O_CLOEXEC | O_NOFOLLOW}));
  CHECK_FALSE(notifies(p, __NR_open, {0, O_RDONLY | O_DIRECTORY}));
  for (int flag : {O_WRONLY, O_RDWR, O_CREAT, O_TRUNC}) {
    CHECK(notifies(p, __NR_openat, {3, 0, static_cast<std::uint64_t>(flag)}));
    CHECK(notifies(p, __NR_open, {0, static_cast<std::uint64_t>(flag)}));
  }
  CHECK(notifies(p, __NR_creat, {0, 0644}));
  CHECK(notifies(p, __NR_openat2, {3, 0, 0, 24}));
  for (int nr : {__NR_rename, __NR_renameat, __NR_renameat2, __NR_unlink, __NR_unlinkat, __NR_mkdir,
                 __NR_link, __NR_symlink, __NR_truncate, __NR_chmod, __NR_fchownat})
    CHECK(notifies(p, nr, {}));
  CHECK_FALSE(notifies(p, __NR_read, {}));
  CHECK_FALSE(notifies(p, __NR_stat, {}));
}

TEST_CASE("seccomp filter: every argument compared at the width the kernel reads it") {
  for (const char* profile : {"air-gapped", "zero-trust"}) {
    CAPTURE(profile);
    const auto plan = plan_of(profile);
    const auto p = program_of(profile);
    const auto values = interesting_values(p);
    // socket: from every named triple, and from a few refused ones.
    std::vector<std::array<std::uint64_t, 6>> socket_bases = {
        {AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG}, {AF_INET, SOCK_STREAM, IPPROTO_SCTP}, {}};
    for (const auto& t : plan.filter.sockets) {
      socket_bases.push_back(
          {static_cast<std::uint64_t>(t.family), static_cast<std::uint64_t>(t.type), t.protocol});
    }
    check_width(p, __NR_socket, socket_bases, values);
    check_width(p, __NR_seccomp, {{SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER}, {}},
                values);
    check_width(p, __NR_clone, {{SIGCHLD}, {CLONE_NEWUSER}}, values);
    check_width(p, __NR_ioctl, {{0, TIOCSTI}, {}}, values);
    check_width(p, __NR_setsockopt, {{3, SOL_IP, IP_OPTIONS}, {3, SOL_IPV6, IPV6_RTHDR}, {}},
                values);
    check_width(p, __NR_open, {{0, O_RDONLY}, {0, O_WRONLY}, {0, O_CREAT}}, values);
    check_width(p, __NR_openat, {{0, 0, O_RDONLY}, {0, 0, O_RDWR}, {0, 0, O_TRUNC}}, values);
    CHECK_FALSE(notifies(p, __NR_openat, {0, 0, (1ULL << 32) | O_RDONLY}));
    CHECK(notifies(p, __NR_openat, {0, 0, (1ULL << 32) | O_WRONLY}));
    // The report's forms, spelled out.
    CHECK(notifies(p, __NR_socket, {AF_NETLINK, SOCK_RAW, (1ULL << 32) | NETLINK_SOCK_DIAG}));
    CHECK(notifies(p, __NR_seccomp,
                   {(1ULL << 32) | SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER}));
  }
}

TEST_CASE("seccomp filter: no rule reads an argument this test has not classified") {
  for (const char* profile : {"air-gapped", "zero-trust"}) {
    CAPTURE(profile);
    const auto p = program_of(profile);
    std::mt19937_64 random(7);
    const auto values = interesting_values(p);
    for (int nr = 0; nr < 512; ++nr) {
      std::set<int> read;
      for (int trial = 0; trial < 64; ++trial) {
        Data d;
        d.nr = nr;
        for (auto& a : d.args) {
          a = trial % 2 == 0 ? values[random() % values.size()] : random();
        }
        const Run r = run(p, d);
        read.insert(r.args_read.begin(), r.args_read.end());
      }
      for (int arg : read) {
        const bool known = (kReads32.count(nr) != 0 && kReads32.at(nr).count(arg) != 0) ||
                           (kReads64.count(nr) != 0 && kReads64.at(nr).count(arg) != 0);
        if (!known)
          CHECK_MESSAGE(known, "syscall ", nr, " argument ", arg,
                        " is compared but its width is not classified here");
      }
    }
  }
}
