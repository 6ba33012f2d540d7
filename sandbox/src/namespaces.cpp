#include "cordon/sandbox/namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cordon::sandbox {
namespace {

int write_file(const char* path, const char* text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  const size_t len = strlen(text);
  const ssize_t n = write(fd, text, len);
  const int err = n == static_cast<ssize_t>(len) ? 0 : (n < 0 ? errno : EIO);
  close(fd);
  return err;
}

}  // namespace

int enter_network_namespace(uid_t uid, gid_t gid, const char** failed_step) {
  if (unshare(CLONE_NEWNET) == 0) return 0;
  if (errno != EPERM) {
    *failed_step = "unshare(CLONE_NEWNET)";
    return errno;
  }
  // Not privileged: a user namespace gives the capability over a new network
  // namespace without giving any over the host.
  if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
    *failed_step = "unshare(CLONE_NEWUSER|CLONE_NEWNET) (user namespaces disabled?)";
    return errno;
  }
  char map[64];
  snprintf(map, sizeof(map), "%u %u 1\n", static_cast<unsigned>(uid), static_cast<unsigned>(uid));
  if (int err = write_file("/proc/self/uid_map", map); err != 0) {
    *failed_step = "/proc/self/uid_map";
    return err;
  }
  if (int err = write_file("/proc/self/setgroups", "deny\n"); err != 0 && err != ENOENT) {
    *failed_step = "/proc/self/setgroups";
    return err;
  }
  snprintf(map, sizeof(map), "%u %u 1\n", static_cast<unsigned>(gid), static_cast<unsigned>(gid));
  if (int err = write_file("/proc/self/gid_map", map); err != 0) {
    *failed_step = "/proc/self/gid_map";
    return err;
  }
  return 0;
}

int bring_up_loopback() {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  ifreq request{};
  strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  int err = 0;
  if (ioctl(fd, SIOCGIFFLAGS, &request) != 0) {
    err = errno;
  } else {
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP | IFF_RUNNING);
    if (ioctl(fd, SIOCSIFFLAGS, &request) != 0) err = errno;
  }
  close(fd);
  return err;
}

}  // namespace cordon::sandbox
