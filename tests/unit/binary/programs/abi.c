/* Calling-convention facts for the binary front end's tests: a function
 * whose ninth and tenth arguments travel on the stack (in SysV, Win64 and
 * AAPCS64 alike), and one returning a structure too large for registers
 * (built where AAPCS64's x8 points, or behind the hidden first argument of
 * SysV and Win64); and two such results of disjoint lifetimes built at one
 * stack address. Only compiled and analysed, never run. */
#include <string.h>
#ifdef _WIN32
#include <winsock2.h>
#else
#include <sys/socket.h>
#include <unistd.h>
#endif

#define KEEP __attribute__((noinline, noipa))

struct report {
  char host[64];
  long count;
  long flags;
};

KEEP long send_ten(int fd, int a, int b, int c, int d, int e, int f, int g, const char* payload,
                   long length) {
  return (long)send(fd, payload, (int)length, a + b + c + d + e + f + g);
}

KEEP struct report make_report(long count) {
  struct report r;
  memset(&r, 0, sizeof r);
  gethostname(r.host, sizeof r.host);
  r.count = count;
  return r;
}

KEEP struct report make_motd(long count) {
  struct report r;
  memset(&r, 0, sizeof r);
  strcpy(r.host, "welcome");
  r.count = count;
  return r;
}

/* Two results of disjoint lifetimes, which the compiler builds at one stack
 * address: the host name is only measured, the greeting is sent. */
KEEP long two_lifetimes(int fd, long n) {
  long total = 0;
  {
    struct report a = make_report(n);
    total += (long)strlen(a.host);
  }
  {
    struct report b = make_motd(n);
    total += (long)send(fd, b.host, strlen(b.host), 0);
  }
  return total;
}

int main(int argc, char** argv) {
  (void)argv;
  struct report r = make_report(argc);
  if (argc > 5) return (int)two_lifetimes(3, argc);
  return (int)send_ten(3, 1, 2, 3, 4, 5, 6, 7, r.host, (long)strlen(r.host));
}
