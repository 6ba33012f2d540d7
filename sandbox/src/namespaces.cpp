#include "cordon/sandbox/namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

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

// The flags a read-only remount must keep: in a user namespace the kernel
// refuses to clear nosuid, nodev, noexec or the atime flags a mount inherited.
unsigned long locked_flags(const char* target) {
  struct statvfs st {};
  if (statvfs(target, &st) != 0) return 0;
  unsigned long flags = 0;
  if ((st.f_flag & ST_NOSUID) != 0) flags |= MS_NOSUID;
  if ((st.f_flag & ST_NODEV) != 0) flags |= MS_NODEV;
  if ((st.f_flag & ST_NOEXEC) != 0) flags |= MS_NOEXEC;
  if ((st.f_flag & ST_NOATIME) != 0) flags |= MS_NOATIME;
  if ((st.f_flag & ST_NODIRATIME) != 0) flags |= MS_NODIRATIME;
  if ((st.f_flag & ST_RELATIME) != 0) flags |= MS_RELATIME;
  return flags;
}

}  // namespace

int write_id_maps(pid_t pid, uid_t uid, gid_t gid, bool whole_range, const char** failed_step) {
  char path[64];
  char map[64];
  snprintf(path, sizeof(path), "/proc/%d/uid_map", static_cast<int>(pid));
  if (whole_range) {
    snprintf(map, sizeof(map), "0 0 4294967295\n");
  } else {
    snprintf(map, sizeof(map), "%u %u 1\n", static_cast<unsigned>(uid), static_cast<unsigned>(uid));
  }
  if (int err = write_file(path, map); err != 0) {
    *failed_step = "uid_map of the title's user namespace";
    return err;
  }
  if (!whole_range) {
    snprintf(path, sizeof(path), "/proc/%d/setgroups", static_cast<int>(pid));
    if (int err = write_file(path, "deny\n"); err != 0 && err != ENOENT) {
      *failed_step = "setgroups of the title's user namespace";
      return err;
    }
    snprintf(map, sizeof(map), "%u %u 1\n", static_cast<unsigned>(gid), static_cast<unsigned>(gid));
  }
  snprintf(path, sizeof(path), "/proc/%d/gid_map", static_cast<int>(pid));
  if (int err = write_file(path, map); err != 0) {
    *failed_step = "gid_map of the title's user namespace";
    return err;
  }
  return 0;
}

namespace {

struct MountAttr {  // struct mount_attr (Linux 5.12), absent from Debian 12's headers
  std::uint64_t attr_set;
  std::uint64_t attr_clr;
  std::uint64_t propagation;
  std::uint64_t userns_fd;
};
constexpr unsigned kOpenTreeClone = 1;          // OPEN_TREE_CLONE
constexpr unsigned kAtRecursive = 0x8000;       // AT_RECURSIVE
constexpr unsigned kMoveMountEmptyPath = 0x04;  // MOVE_MOUNT_F_EMPTY_PATH
constexpr long kSysOpenTree = 428, kSysMoveMount = 429, kSysMountSetattr = 442;

// "/" is no mount point (a chroot) and cordon runs as root without a user
// namespace (the kernel refuses one to a chrooted process): neither "/" nor
// the host mount it lies on can be made a slave, and any mount made on that
// host mount would show up on the host. So the root's tree is cloned
// (detached, made a slave), attached beneath a mount point of the chroot made
// private first (/proc), and becomes the root: from then on "/" is a mount
// point of this namespace whose mounts propagate nowhere.
int enter_private_root() {
  const int tree = static_cast<int>(
      syscall(kSysOpenTree, AT_FDCWD, "/", kOpenTreeClone | kAtRecursive | O_CLOEXEC));
  if (tree < 0) return errno;
  MountAttr slave{0, 0, MS_SLAVE, 0};
  int err = 0;
  if (syscall(kSysMountSetattr, tree, "", AT_EMPTY_PATH | kAtRecursive, &slave, sizeof(slave)) != 0)
    err = errno;
  else if (mount(nullptr, "/proc", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    err = errno;  // no /proc mount point to hang the tree on
  else if (syscall(kSysMoveMount, tree, "", AT_FDCWD, "/proc/sys", kMoveMountEmptyPath) != 0)
    err = errno;
  else if (chdir("/proc/sys") != 0 || chroot(".") != 0 || chdir("/") != 0)
    err = errno;
  close(tree);
  if (err != 0) return err;
  return mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) == 0 ? 0 : errno;
}

}  // namespace

int make_mounts_private(bool own_user_namespace) {
  if (mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) == 0) return 0;
  if (errno != EINVAL) return errno;
  // A mount namespace owned by a new user namespace gets the host's shared
  // mounts as slaves already: nothing propagates back.
  if (own_user_namespace) return 0;
  return enter_private_root();
}

int mount_proc() {
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) return errno;
  return 0;
}

int apply_mount_step(const MountStep& step) {
  const char* target = step.target.c_str();
  if (access(target, F_OK) != 0) return ENOENT;
  switch (step.kind) {
    case MountKind::kPin:
      if (mount(target, target, nullptr, MS_BIND | MS_REC, nullptr) != 0) return errno;
      return 0;
    case MountKind::kEmptyDir:
      if (mount("tmpfs", target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                "size=4k,nr_inodes=1,mode=000") != 0)
        return errno;
      return 0;
    case MountKind::kPrivateTmpfs:
      // Owned by the title's user (the mounter's fsuid); bounded so a title
      // cannot fill the machine's memory through it.
      if (mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700,size=25%") != 0)
        return errno;
      return 0;
    case MountKind::kBindReadOnly: {
      if (mount(step.source.c_str(), target, nullptr, MS_BIND | MS_REC, nullptr) != 0) return errno;
      const unsigned long keep = locked_flags(target);
      if (mount(nullptr, target, nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | keep, nullptr) != 0)
        return errno;
      return 0;
    }
  }
  return EINVAL;
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
