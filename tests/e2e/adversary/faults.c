/* Faults a title can put the supervisor of `cordon run` in: `faults
 * TECHNIQUE TOKEN` (the token also on the command line, so the harness
 * finds every process of the title in /proc). Each technique ends, where it
 * ends by itself, with an honest send of "after TOKEN" to the allowed UDP
 * listener (the supervisor still answers) and a connect to the forbidden
 * TCP listener that sends "leak TOKEN" (it arrives bare, never under
 * cordon). The harness (faults.py) decides by what arrived and by the log.
 *
 * Inputs (environment): ADV_TCP_PORT and ADV_UDP_PORT, forbidden listeners
 * on 127.0.0.1; ADV_ALLOWED_UDP_PORT, a listener zero-trust allows. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char* token;

static int env_int(const char* name) {
  const char* v = getenv(name);
  return v ? atoi(v) : 0;
}

static struct sockaddr_in v4(const char* ip, int port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Connects to the forbidden TCP listener and sends "leak TOKEN". */
static void leak(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = v4("127.0.0.1", env_int("ADV_TCP_PORT"));
  char text[128];
  const int n = snprintf(text, sizeof(text), "leak %s\n", token);
  if (connect(s, (struct sockaddr*)&a, sizeof(a)) == 0)
    (void)send(s, text, (size_t)n, MSG_NOSIGNAL);
  close(s);
}

static void finish(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = v4("127.0.0.1", env_int("ADV_ALLOWED_UDP_PORT"));
  char text[128];
  const int n = snprintf(text, sizeof(text), "after %s\n", token);
  fprintf(stderr, "after: %s\n",
          sendto(s, text, (size_t)n, 0, (struct sockaddr*)&a, sizeof(a)) == n ? "sent"
                                                                              : strerror(errno));
  close(s);
  leak();
}

/* ---- exit-mid-notify: a process ends while its threads' calls wait ---- */

static void* connect_forever(void* arg) {
  (void)arg;
  for (;;) leak();
  return NULL;
}

/* Three times: a child starts 16 threads that connect without pause, and
 * ends (exit_group) 50 ms later, with calls in the supervisor's hands. */
static void t_exit_mid_notify(void) {
  for (int round = 0; round < 3; ++round) {
    const pid_t child = fork();
    if (child == 0) {
      pthread_t t;
      for (int i = 0; i < 16; ++i) pthread_create(&t, NULL, connect_forever, NULL);
      usleep(50000);
      _exit(0);
    }
    waitpid(child, NULL, 0);
  }
  finish();
}

/* ---- close-mid-connect: another thread closes the socket mid-call ---- */

static volatile int slot = -1;
static volatile int closing = 1;

/* Closes whatever descriptor the connecting thread last made, and opens a
 * datagram socket that takes its number while the connect is being decided. */
static void* closer(void* arg) {
  (void)arg;
  while (closing) {
    const int fd = slot;
    if (fd >= 0) {
      close(fd);
      (void)socket(AF_INET, SOCK_DGRAM, 0);
    }
    sched_yield();
  }
  return NULL;
}

static void* connector(void* arg) {
  (void)arg;
  const double end = now() + 0.4;
  while (now() < end) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    slot = s;
    leak(); /* the forbidden connect, on another descriptor: the same race */
    struct sockaddr_in a = v4("127.0.0.1", env_int("ADV_TCP_PORT"));
    if (connect(s, (struct sockaddr*)&a, sizeof(a)) == 0) {
      char text[128];
      const int n = snprintf(text, sizeof(text), "leak %s\n", token);
      (void)send(s, text, (size_t)n, MSG_NOSIGNAL);
    }
    close(s);
  }
  return NULL;
}

static void t_close_mid_connect(void) {
  pthread_t threads[8];
  for (int i = 0; i < 4; ++i) pthread_create(&threads[i], NULL, connector, NULL);
  for (int i = 4; i < 8; ++i) pthread_create(&threads[i], NULL, closer, NULL);
  for (int i = 0; i < 4; ++i) pthread_join(threads[i], NULL);
  closing = 0;
  for (int i = 4; i < 8; ++i) pthread_join(threads[i], NULL);
  finish();
}

/* ---- notify-flood: 32 threads send to a denied address without pause ---- */

static void* flood(void* arg) {
  (void)arg;
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = v4("127.0.0.1", env_int("ADV_UDP_PORT"));
  char text[128];
  const int n = snprintf(text, sizeof(text), "leak %s\n", token);
  long sent = 0;
  const double end = now() + 0.6;
  while (now() < end) sent += sendto(s, text, (size_t)n, 0, (struct sockaddr*)&a, sizeof(a)) == n;
  close(s);
  return (void*)sent;
}

/* The honest send waits behind the flood: how long it took is printed. */
static void t_notify_flood(void) {
  pthread_t threads[32];
  for (int i = 0; i < 32; ++i) pthread_create(&threads[i], NULL, flood, NULL);
  usleep(200000);
  const double start = now();
  finish();
  fprintf(stderr, "honest send amid the flood: %.0f ms\n", (now() - start) * 1000);
  for (int i = 0; i < 32; ++i) pthread_join(threads[i], NULL);
}

/* ---- signal-flush: cordon is stopped by a signal while the title works ---- */

/* Connects to 10.214.(k>>8).(k&255):9100 (no route: denied or unreachable
 * at once) for k = index, index + 8, ... until killed, and prints "done k"
 * once each call returned: the harness checks every one has its line. */
static void* numbered(void* arg) {
  const int index = (int)(intptr_t)arg;
  for (int k = index;; k = (k + 8) % 60000) {
    char ip[32];
    snprintf(ip, sizeof(ip), "10.214.%d.%d", k >> 8, k & 255);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = v4(ip, 9100);
    (void)connect(s, (struct sockaddr*)&a, sizeof(a));
    close(s);
    char line[32];
    const int n = snprintf(line, sizeof(line), "done %d\n", k);
    (void)write(1, line, (size_t)n);
  }
  return NULL;
}

/* Ignores SIGTERM and SIGINT (so only cordon can end it), then 4
 * processes of 2 threads make numbered attempts until they are killed. */
static void t_signal_flush(void) {
  signal(SIGTERM, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  leak();
  for (int p = 0; p < 4; ++p) {
    if (fork() == 0) {
      pthread_t t;
      pthread_create(&t, NULL, numbered, (void*)(intptr_t)(2 * p));
      numbered((void*)(intptr_t)(2 * p + 1));
      pthread_join(t, NULL);
      _exit(0);
    }
  }
  while (wait(NULL) > 0) {
  }
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: faults TECHNIQUE TOKEN\n");
    return 2;
  }
  token = argv[2];
  if (strcmp(argv[1], "exit-mid-notify") == 0)
    t_exit_mid_notify();
  else if (strcmp(argv[1], "close-mid-connect") == 0)
    t_close_mid_connect();
  else if (strcmp(argv[1], "notify-flood") == 0)
    t_notify_flood();
  else if (strcmp(argv[1], "signal-flush") == 0)
    t_signal_flush();
  else
    return 2;
  return 0;
}
