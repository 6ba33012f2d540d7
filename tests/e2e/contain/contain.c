/* A title written to end, stall or outlive its own supervision, or to
 * rewrite its audit log: `contain TECHNIQUE`. The harness (contain_test.py)
 * passes a fresh token and a marker in the environment and decides by what
 * happened: who is still alive, what reached its listener, what the log at
 * the audit path holds. Each technique prints "attempt: result" lines on
 * stderr for the test log and exits 0 when it ran to its end.
 *
 *   kill-parent  SIGKILL the supervisor: getppid(), pid 1, and every process
 *                whose command line holds ESC_MARK; then a connect that
 *                only a live supervisor can log
 *   stop-parent  the same with SIGSTOP, then the connect
 *   daemon       double-fork a setsid daemon that leaves its cgroup if it
 *                can, touches ESC_DIR/alive every 50 ms and keeps trying
 *                to send the token; the title itself exits at once
 *   immortal     block every signal, ignore SIGTERM/SIGINT, fork a child
 *                that does the same, then sleep forever
 *   log          rewrite the audit log (ESC_AUDIT, or the --audit argument
 *                found in any /proc/PID/cmdline): truncate and write,
 *                rename a forged file over it, unlink it, move its
 *                directory away and put a forged one in its place
 *   env          print its whole environment (the harness put secrets in) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char* token;

static void note(const char* what, long rc) {
  fprintf(stderr, "%s: %s\n", what, rc < 0 ? strerror(errno) : "ok");
}

static const char* env(const char* name) {
  const char* v = getenv(name);
  return v ? v : "";
}

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&t, &t) != 0 && errno == EINTR) {
  }
}

/* A connect and send of the token: only a supervisor that still runs can
 * decide and log it; under cordon it is denied (the port is not allowed). */
static void send_token(const char* label) {
  int port = atoi(env("ESC_TCP_PORT"));
  if (port == 0) return;
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  long rc = connect(s, (struct sockaddr*)&a, sizeof(a));
  note(label, rc);
  if (rc == 0) {
    char text[256];
    snprintf(text, sizeof(text), "%s:%s", label, token);
    (void)!send(s, text, strlen(text), MSG_NOSIGNAL);
  }
  close(s);
}

static int cmdline_has(pid_t pid, const char* needle) {
  char path[64], buf[8192];
  snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
  int fd = open(path, O_RDONLY);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return 0;
  for (ssize_t i = 0; i < n; ++i)
    if (buf[i] == '\0') buf[i] = ' ';
  buf[n] = '\0';
  return strstr(buf, needle) != NULL;
}

/* Every process that could be the supervisor. */
static void signal_supervisors(int sig) {
  const char* mark = env("ESC_MARK");
  pid_t parent = getppid();
  fprintf(stderr, "parent pid: %d\n", parent);
  if (parent > 0) note("kill(getppid())", kill(parent, sig));
  /* pid 1 only where it is a namespace's init (the parent is out of view). */
  if (parent == 0) note("kill(1)", kill(1, sig));
  DIR* proc = opendir("/proc");
  struct dirent* e;
  while (proc && (e = readdir(proc)) != NULL) {
    pid_t pid = (pid_t)atoi(e->d_name);
    if (pid <= 1 || pid == getpid() || pid == parent) continue;
    if (*mark && cmdline_has(pid, mark)) {
      fprintf(stderr, "found %d by its command line\n", pid);
      note("kill(marked)", kill(pid, sig));
    }
  }
  if (proc) closedir(proc);
}

static void t_kill_parent(int sig) {
  signal_supervisors(sig);
  sleep_ms(300);
  send_token("after-attack");
}

static void leave_cgroup(void) {
  /* Back to the root of the cgroup v2 hierarchy, where cgroup.kill of the
   * run's cgroup would not reach (root only; the hierarchy is read-only
   * under cordon). */
  const char* roots[] = {"/sys/fs/cgroup/cgroup.procs", "/sys/fs/cgroup/unified/cgroup.procs"};
  for (int i = 0; i < 2; ++i) {
    int fd = open(roots[i], O_WRONLY);
    if (fd < 0) continue;
    note("leave the cgroup", write(fd, "0", 1));
    close(fd);
  }
}

static void t_daemon(void) {
  pid_t child = fork();
  if (child == 0) {
    setsid();
    if (fork() != 0) _exit(0);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    leave_cgroup();
    char alive[PATH_MAX];
    snprintf(alive, sizeof(alive), "%s/alive", env("ESC_DIR"));
    for (int round = 0; round < 2400; ++round) { /* two minutes at most */
      int fd = open(alive, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        char text[64];
        int n = snprintf(text, sizeof(text), "%d\n", round);
        (void)!write(fd, text, (size_t)n);
        close(fd);
      }
      if (round % 10 == 5) send_token("daemon");
      sleep_ms(50);
    }
    _exit(0);
  }
  waitpid(child, NULL, 0);
  fprintf(stderr, "daemon started\n");
}

static void t_immortal(void) {
  signal(SIGTERM, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, NULL);
  if (fork() == 0) {
    setsid();
    for (;;) sleep_ms(1000);
  }
  send_token("immortal");
  fprintf(stdout, "ready\n");
  fflush(stdout);
  for (;;) sleep_ms(1000);
}

/* The --audit argument of a process whose command line holds ESC_MARK
 * (cordon's own, when its /proc entry is visible). */
static const char* find_audit_path(void) {
  static char found[PATH_MAX];
  const char* mark = env("ESC_MARK");
  if (!*mark) return NULL;
  DIR* proc = opendir("/proc");
  struct dirent* e;
  while (proc && (e = readdir(proc)) != NULL) {
    char path[300], buf[16384];
    snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) continue;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0) continue;
    buf[n] = '\0';
    if (!cmdline_has((pid_t)atoi(e->d_name), mark)) continue;
    for (char* p = buf; p < buf + n; p += strlen(p) + 1) {
      if (strcmp(p, "--audit") == 0 && p + strlen(p) + 1 < buf + n) {
        snprintf(found, sizeof(found), "%s", p + strlen(p) + 1);
        closedir(proc);
        fprintf(stderr, "audit path from %s: %s\n", path, found);
        return found;
      }
    }
  }
  if (proc) closedir(proc);
  return NULL;
}

static void write_forged(const char* path, int flags) {
  int fd = open(path, flags, 0644);
  if (fd < 0) {
    note("open for forging", -1);
    return;
  }
  char text[256];
  int n = snprintf(text, sizeof(text), "{\"forged\":\"FORGED-%s\"}\n", token);
  note("write forged line", write(fd, text, (size_t)n));
  close(fd);
}

static void t_log(void) {
  const char* path = find_audit_path();
  if (*env("ESC_AUDIT")) path = env("ESC_AUDIT"); /* told: the strongest attacker */
  if (path == NULL) {
    fprintf(stderr, "no audit path found\n");
    return;
  }
  char buf[4096];
  int fd = open(path, O_RDONLY);
  ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
  fprintf(stderr, "read the log: %zd bytes\n", n);
  if (fd >= 0) close(fd);
  write_forged(path, O_WRONLY | O_TRUNC);
  char tmp[PATH_MAX + 16];
  snprintf(tmp, sizeof(tmp), "%s.forged", path);
  write_forged(tmp, O_WRONLY | O_CREAT | O_TRUNC);
  note("rename a forged file over the log", rename(tmp, path));
  unlink(tmp);
  char copy[PATH_MAX];
  snprintf(copy, sizeof(copy), "%s", path);
  char* dir = dirname(copy);
  char moved[PATH_MAX + 16];
  snprintf(moved, sizeof(moved), "%s.moved", dir);
  long rc = rename(dir, moved);
  note("move the log's directory away", rc);
  if (rc == 0) {
    note("mkdir in its place", mkdir(dir, 0755));
    write_forged(path, O_WRONLY | O_CREAT | O_TRUNC);
  }
  note("unlink the log", unlink(path));
  write_forged(path, O_WRONLY | O_CREAT | O_TRUNC);
  send_token("after-log-attack");
}

extern char** environ;

static void t_env(void) {
  for (char** e = environ; *e != NULL; ++e) printf("%s\n", *e);
}

int main(int argc, char** argv) {
  token = env("ESC_NONCE");
  if (argc < 2) return 2;
  const char* t = argv[1];
  if (strcmp(t, "kill-parent") == 0) t_kill_parent(SIGKILL);
  else if (strcmp(t, "stop-parent") == 0) t_kill_parent(SIGSTOP);
  else if (strcmp(t, "daemon") == 0) t_daemon();
  else if (strcmp(t, "immortal") == 0) t_immortal();
  else if (strcmp(t, "log") == 0) t_log();
  else if (strcmp(t, "env") == 0) t_env();
  else return 2;
  return 0;
}
