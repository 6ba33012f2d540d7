// Which Unix sockets a title may reach, decided on the socket file itself,
// never on the name: its identity (device, inode and birth time, so an inode
// number reused for another file is another socket) is compared with
//  - the sockets the profile's unix_socket_paths named when the run started
//    (snapshot_unix_sockets: resolved on the host, through no link a user
//    could have planted, each a socket with exactly one name), and
//  - the sockets the title bound itself (through the supervisor).
// A link, second name (hard link) or rename the title makes in a directory
// an allowed glob covers therefore reaches nothing it could not reach before.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cordon::sandbox {

struct SocketIdentity {
  dev_t dev = 0;
  ino_t ino = 0;
  std::int64_t birth_sec = 0;  // 0 where the filesystem keeps no birth time
  std::uint32_t birth_nsec = 0;

  friend bool operator==(const SocketIdentity&, const SocketIdentity&) = default;
  friend auto operator<=>(const SocketIdentity&, const SocketIdentity&) = default;
};

// The identity of what `fd` (an O_PATH descriptor) names, or of the entry
// `name` in directory `fd` (not followed) when `name` is given; false when
// it cannot be read. `is_socket` tells whether it is a socket with a single
// name (hard links give a socket a second one).
bool identity_of(int fd, const char* name, SocketIdentity& out, bool* is_socket = nullptr);

struct AllowedUnixSocket {
  SocketIdentity id;
  std::string path;  // where the glob found it
  std::string glob;  // the unix_socket_paths entry
};

// The sockets `globs` (absolute path globs; "@name" abstract entries are
// skipped) name now, in this process's view. A name that is itself a link
// is left out; a link on the way (a directory) is followed only when a user
// cannot have planted it: owned by root, in a directory owned by root that
// only root may write (/var/run -> /run). A socket with
// more than one name is left out (a second name may be anyone's). At most
// 4096 sockets.
[[nodiscard]] std::vector<AllowedUnixSocket> snapshot_unix_sockets(
    const std::vector<std::string>& globs);

}  // namespace cordon::sandbox
