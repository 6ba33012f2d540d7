/* Workloads for the sandbox benchmarks (bench_sandbox.py runs each bare and
 * under `cordon run`). Each prints one line "RESULT key=value ...".
 *   syscalls N [allow-all]
 *                     N x (getpid + 1-byte write + 1-byte read on a pipe);
 *                     with allow-all, first installs a one-instruction
 *                     seccomp filter that allows everything: the kernel's
 *                     own cost of having any filter at all
 *   connect N         N connects to a loopback listener of its own (port from
 *                     BENCH_PORT, listening in the harness)
 *   udp SECONDS HZ K  a game-server loop: every tick, one unconnected sendto
 *                     to each of K loopback clients (ports BENCH_UDP_BASE..)
 *   files DIR N PASSES [allow-all]
 *                     a title loading its assets: open, read (up to 4 KiB)
 *                     and close each of the N files DIR/d<i/100>/f<i>
 *                     (made by the harness), in order, PASSES times
 *   saves DIR N [allow-all]
 *                     a title writing its saves: N x create-or-truncate
 *                     DIR/save<i%16>, write 512 bytes, close */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_self(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec +
         (double)u.ru_stime.tv_usec / 1e6;
}

static int allow_all(void) {
  struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  struct sock_fprog prog = {1, &allow};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
  return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static int syscalls(long n) {
  int p[2];
  if (pipe(p) != 0) return 1;
  char c = 'x';
  double t0 = now(), c0 = cpu_self();
  for (long i = 0; i < n; ++i) {
    (void)getpid();
    if (write(p[1], &c, 1) != 1 || read(p[0], &c, 1) != 1) return 1;
  }
  double t = now() - t0, cpu = cpu_self() - c0;
  /* cpu: the loop's own CPU time, which time slices lost to other programs
   * on a busy machine do not inflate. */
  printf("RESULT seconds=%.6f cpu_seconds=%.6f ns_per_iteration=%.1f\n", t, cpu,
         t * 1e9 / (double)n);
  return 0;
}

static int connects(long n) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)atoi(getenv("BENCH_PORT")));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  double t0 = now();
  long ok = 0;
  for (long i = 0; i < n; ++i) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr*)&a, sizeof(a)) == 0) ++ok;
    close(s);
  }
  double t = now() - t0;
  printf("RESULT seconds=%.6f connects=%ld us_per_connect=%.2f per_second=%.0f\n", t, ok,
         t * 1e6 / (double)n, (double)n / t);
  return ok == n ? 0 : 1;
}

static int udp(double seconds, double hz, int k) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  int base = atoi(getenv("BENCH_UDP_BASE"));
  struct sockaddr_in a;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  char payload[96];
  memset(payload, 'g', sizeof(payload));
  double t0 = now(), tick = 1.0 / hz, next = t0;
  long sent = 0, ticks = 0;
  while (now() - t0 < seconds) {
    for (int i = 0; i < k; ++i) {
      a.sin_port = htons((unsigned short)(base + i));
      if (sendto(s, payload, sizeof(payload), 0, (struct sockaddr*)&a, sizeof(a)) > 0) ++sent;
    }
    ++ticks;
    next += tick;
    double wait = next - now();
    if (wait > 0) {
      struct timespec w = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
      nanosleep(&w, NULL);
    }
  }
  double t = now() - t0;
  printf("RESULT seconds=%.3f sent=%ld packets_per_second=%.0f ticks=%ld title_cpu=%.3f\n", t, sent,
         (double)sent / t, ticks, cpu_self());
  return 0;
}

static int files(const char* dir, long files, long passes) {
  char path[4096], buffer[4096];
  long n = files * passes;
  double t0 = now(), c0 = cpu_self();
  for (long i = 0; i < n; ++i) {
    long f = i % files;
    snprintf(path, sizeof(path), "%s/d%ld/f%ld", dir, f / 100, f);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      perror(path);
      return 1;
    }
    if (read(fd, buffer, sizeof(buffer)) < 0) return 1;
    close(fd);
  }
  double t = now() - t0, cpu = cpu_self() - c0;
  printf("RESULT seconds=%.6f cpu_seconds=%.6f us_per_file=%.3f\n", t, cpu, t * 1e6 / (double)n);
  return 0;
}

static int saves(const char* dir, long n) {
  char path[4096], buffer[512];
  memset(buffer, 's', sizeof(buffer));
  double t0 = now(), c0 = cpu_self();
  for (long i = 0; i < n; ++i) {
    snprintf(path, sizeof(path), "%s/save%ld", dir, i % 16);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      perror(path);
      return 1;
    }
    if (write(fd, buffer, sizeof(buffer)) != (ssize_t)sizeof(buffer)) return 1;
    close(fd);
  }
  double t = now() - t0, cpu = cpu_self() - c0;
  printf("RESULT seconds=%.6f cpu_seconds=%.6f us_per_save=%.3f\n", t, cpu, t * 1e6 / (double)n);
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 3 && strcmp(argv[1], "syscalls") == 0) {
    if (argc >= 4 && strcmp(argv[3], "allow-all") == 0 && allow_all() != 0) {
      perror("seccomp");
      return 1;
    }
    return syscalls(atol(argv[2]));
  }
  if (argc >= 5 && strcmp(argv[1], "files") == 0) {
    if (argc >= 6 && strcmp(argv[5], "allow-all") == 0 && allow_all() != 0) {
      perror("seccomp");
      return 1;
    }
    return files(argv[2], atol(argv[3]), atol(argv[4]));
  }
  if (argc >= 4 && strcmp(argv[1], "saves") == 0) {
    if (argc >= 5 && strcmp(argv[4], "allow-all") == 0 && allow_all() != 0) {
      perror("seccomp");
      return 1;
    }
    return saves(argv[2], atol(argv[3]));
  }
  if (argc >= 3 && strcmp(argv[1], "connect") == 0) return connects(atol(argv[2]));
  if (argc >= 5 && strcmp(argv[1], "udp") == 0)
    return udp(atof(argv[2]), atof(argv[3]), atoi(argv[4]));
  fprintf(stderr,
          "usage: bench_title syscalls N [allow-all] | connect N | udp SECONDS HZ K |\n"
          "       files DIR N PASSES [allow-all] | saves DIR N [allow-all]\n");
  return 2;
}
