// What the supervisor asks and what it is told: one Request per intercepted
// operation, one Decision from the runtime's decider, one Event per decision
// for the audit sink. The sandbox supplies the mechanism; the runtime decides.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "cordon/sandbox/socket_address.h"
#include "cordon/sandbox/unix_sockets.h"

namespace cordon::sandbox {

// What a file-policy event did to its path: read it (an open the file
// watch saw), write it (a write-flagged open), or change the namespace
// (rename, unlink, mkdir, link, chmod... on it or, for a move or removal,
// on a directory holding a restricted entry).
// kMove: a rename or removal (rename*, unlink*, rmdir), the only changes
// that can take a restricted entry's cover (a mount point) with the
// directory holding it; mkdir, chmod... of such a directory change nothing
// beneath it (a recursive mkdir of a save directory meets every ancestor).
enum class FileAccess { kRead, kWrite, kChange, kMove };

enum class Operation {
  kConnect,
  kSendto,  // sendto with an address, and each address of sendmsg/sendmmsg
  kSendmsg,
  kBind,
  kSocket,  // a socket() the filter did not allow outright (family or type)
  kExec,
  kSyscall,     // a closed system call (ptrace, io_uring, mount, a foreign ABI, ...)
  kDns,         // a name looked up through the sandbox's DNS view
  kSetsockopt,  // a socket option that reroutes (IP_OPTIONS, IPV6_RTHDR, ...)
  kListen,      // listen(2): `address` is where the socket listens
  kAccept,      // a connection accepted: `address` is the peer, `local` the listener's
  kOpen,        // a file-policy event: `name` is the path reached, `unix_requested` as written
};

// The contract's event names: "connect", "sendto", ...
[[nodiscard]] std::string_view operation_name(Operation op);

struct Request {
  Operation op = Operation::kConnect;
  pid_t pid = 0;
  SocketAddress address;
  SocketAddress local;           // kAccept: the listening socket's own address
  bool datagram = false;         // the socket is not a stream: deny with the datagram errno
  bool fastopen = false;         // MSG_FASTOPEN: a send that also connects
  bool own_unix_socket = false;  // a Unix socket this sandbox's titles bound themselves
  // A Unix path: the socket file actually reached (none when the path names
  // nothing), and the path as the title wrote it (absolute) when it is not
  // the canonical one in `address` (a link on the way).
  std::optional<SocketIdentity> unix_object;
  std::string unix_requested;
  bool unix_unreached = false;  // the path names nothing (the call fails as it would bare)
  int socket_family = 0;        // kSocket: socket(2)'s arguments
  int socket_type = 0;
  int socket_protocol = 0;
  // kSyscall: the call's name; kExec: the program path; kDns: the query
  // name; kOpen: the canonical path the call reaches (in the title's view).
  std::string name;
  // kOpen: what the call does to the path, as the decider sees it.
  FileAccess file_access = FileAccess::kRead;
  // kSetsockopt: the option ("IP_OPTIONS"); a send: the rerouting control
  // message it carries ("IPV6_RTHDR"), or a forged SCM_CREDENTIALS.
  std::string option;
};

enum class Verdict { kAllow, kDeny, kAudit };

[[nodiscard]] std::string_view verdict_name(Verdict verdict);

struct Decision {
  Verdict verdict = Verdict::kDeny;
  int error = 0;      // kDeny: the errno the title sees
  bool kill = false;  // kDeny: kill the title's process instead (profile deny_action: kill)
  std::string rule;   // why: "allow:*.example.com", "air-gapped", "closed:ptrace"
  std::string host;   // the name the address was reached through, when known
};

// Pure: the same request always gets the same decision. Called from several
// supervisor threads at once, so implementations must be thread safe.
class Decider {
 public:
  virtual ~Decider() = default;
  [[nodiscard]] virtual Decision decide(const Request& request) const = 0;
  // The DNS view tells the decider which addresses a name resolved to.
  virtual void learn_address(const std::string& host, const SocketAddress& address) = 0;
};

struct Event {
  Request request;
  Decision decision;
  std::string exe;  // /proc/PID/exe of the caller at the time of the call
};

// Records one event durably (written to the log) before returning: the
// supervisor answers the title only after record() came back. False when the
// event could not be written (a full disk): the operation is then denied,
// whatever the decision was (fail closed).
class EventSink {
 public:
  virtual ~EventSink() = default;
  [[nodiscard]] virtual bool record(const Event& event) = 0;
  // Whether events need `exe` (reading it costs a readlink per event).
  [[nodiscard]] virtual bool wants_exe() const { return true; }
};

}  // namespace cordon::sandbox
