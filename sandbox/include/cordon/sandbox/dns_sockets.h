// The two sockets of a DNS view: UDP, and TCP listening (for resolvers that
// retry over TCP after a truncated answer). Used by the view itself and, for
// air-gapped, by the launcher's child between fork and execve, inside the
// title's new network namespace: hence plain calls and errno values, no
// allocation.
#pragma once

#include <sys/socket.h>

namespace cordon::sandbox {

// Binds both at `address` (close-on-exec; the TCP one non-blocking and
// listening). Returns 0 and the descriptors, or errno (nothing left open);
// `step` names what failed.
int open_dns_sockets(const sockaddr* address, socklen_t length, int* udp, int* tcp,
                     const char** step);

}  // namespace cordon::sandbox
