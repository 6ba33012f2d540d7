// Direct syscalls, no libc wrapper (as a static title or an anti-analysis
// shim makes them): the socket's local address (getsockname, the host's LAN
// address) sent with a direct sendto. getsockname is a `syscalls:` name the
// analyzer's old hand-written table lacked; its number differs per
// architecture (x86-64 51, AArch64 204), so each build needs its own table.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>

__attribute__((always_inline)) static inline long raw(long nr, long a, long b, long c, long d,
                                                      long e, long f) {
#if defined(__x86_64__)
  long ret;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
#elif defined(__aarch64__)
  register long x8 __asm__("x8") = nr;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  register long x5 __asm__("x5") = f;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                   : "memory");
  return x0;
#else
#error "direct_syscalls.c: x86-64 or AArch64 only"
#endif
}

int main(void) {
  int fd = (int)raw(SYS_socket, AF_INET, SOCK_DGRAM, 0, 0, 0, 0);
  struct sockaddr_in local = {0};
  socklen_t length = sizeof local;
  raw(SYS_getsockname, fd, (long)&local, (long)&length, 0, 0, 0);
  struct sockaddr_in to = {0};
  to.sin_family = AF_INET;
  to.sin_port = htons(9);
  to.sin_addr.s_addr = htonl(0xc000020a);  // 192.0.2.10 (TEST-NET-1)
  raw(SYS_sendto, fd, (long)&local, sizeof local, 0, (long)&to, sizeof to);
  return 0;
}
