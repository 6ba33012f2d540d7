#include "cordon/sandbox/dns_sockets.h"

#include <errno.h>
#include <unistd.h>

namespace cordon::sandbox {

int open_dns_sockets(const sockaddr* address, socklen_t length, int* udp, int* tcp,
                     const char** step) {
  *udp = *tcp = -1;
  const auto failed = [&](const char* what) {
    const int err = errno;
    if (*udp >= 0) ::close(*udp);
    if (*tcp >= 0) ::close(*tcp);
    *udp = *tcp = -1;
    *step = what;
    return err;
  };
  *udp = ::socket(address->sa_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (*udp < 0) return failed("dns view: socket (udp)");
  if (::bind(*udp, address, length) != 0) return failed("dns view: bind (udp)");
  *tcp = ::socket(address->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (*tcp < 0) return failed("dns view: socket (tcp)");
  const int one = 1;
  if (setsockopt(*tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0)
    return failed("dns view: SO_REUSEADDR");
  if (::bind(*tcp, address, length) != 0) return failed("dns view: bind (tcp)");
  if (::listen(*tcp, SOMAXCONN) != 0) return failed("dns view: listen (tcp)");
  return 0;
}

}  // namespace cordon::sandbox
