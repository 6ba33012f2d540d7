#include "cordon/sandbox/namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
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

int enter_namespaces(int flags, uid_t uid, gid_t gid, const char** failed_step) {
  if (unshare(flags) == 0) return 0;
  if (errno != EPERM) {
    *failed_step = (flags & CLONE_NEWNET) != 0 ? "unshare(CLONE_NEWNET)" : "unshare(CLONE_NEWNS)";
    return errno;
  }
  // Not privileged: a user namespace gives the capability over new network
  // and mount namespaces without giving any over the host.
  if (unshare(CLONE_NEWUSER | flags) != 0) {
    *failed_step = "unshare(CLONE_NEWUSER) (user namespaces disabled?)";
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

int make_mounts_private() {
  if (mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) != 0) return errno;
  return 0;
}

int bind_read_only(const char* source, const char* target) {
  if (access(target, F_OK) != 0) return ENOENT;
  if (mount(source, target, nullptr, MS_BIND, nullptr) != 0) return errno;
  if (mount(nullptr, target, nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) return errno;
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
