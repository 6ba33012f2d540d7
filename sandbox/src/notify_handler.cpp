#include "notify_handler.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cordon/sandbox/path_walk.h"
#include "cordon/sandbox/seccomp_filter.h"
#include "cordon/sandbox/unix_sockets.h"
#include "file_calls.h"
#include "message_copy.h"
#include "title_task.h"
#include "title_wait.h"

namespace cordon::sandbox {
namespace {

using Response = std::optional<seccomp_notif_resp>;

seccomp_notif_resp answer(const seccomp_notif& n, long value) {
  seccomp_notif_resp r{};
  r.id = n.id;
  if (value < 0) {
    r.error = static_cast<int>(value);
  } else {
    r.val = value;
  }
  return r;
}

seccomp_notif_resp let_continue(const seccomp_notif& n) {
  seccomp_notif_resp r{};
  r.id = n.id;
  r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  return r;
}

bool still_valid(const NotifyContext& c, const seccomp_notif& n) {
  std::uint64_t id = n.id;
  return ioctl(c.listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

std::string syscall_name(const seccomp_notif& n) {
  std::unique_ptr<char, decltype(&std::free)> name(
      seccomp_syscall_resolve_num_arch(n.data.arch, n.data.nr), &std::free);
  return name ? std::string(name.get()) : "syscall-" + std::to_string(n.data.nr);
}

Decision decide_and_record(NotifyContext& c, const Request& request, const TitleTask* task) {
  return record_decision(c, request, c.decider->decide(request), task);
}

bool is_datagram(int socket) {
  int type = 0;
  socklen_t len = sizeof(type);
  if (getsockopt(socket, SOL_SOCKET, SO_TYPE, &type, &len) != 0) return false;
  return type != SOCK_STREAM;
}

// The address a connected socket sends to (kNull when none).
SocketAddress peer_address(int socket) {
  sockaddr_storage peer{};
  socklen_t length = sizeof(peer);
  if (getpeername(socket, reinterpret_cast<sockaddr*>(&peer), &length) != 0) return {};
  return parse_sockaddr(std::span<const std::byte>(reinterpret_cast<const std::byte*>(&peer),
                                                   std::min<std::size_t>(length, sizeof(peer))));
}

// The address a socket is bound to (kNull when it cannot be read).
SocketAddress local_address(int socket) {
  sockaddr_storage local{};
  socklen_t length = sizeof(local);
  if (getsockname(socket, reinterpret_cast<sockaddr*>(&local), &length) != 0) return {};
  return parse_sockaddr(std::span<const std::byte>(reinterpret_cast<const std::byte*>(&local),
                                                   std::min<std::size_t>(length, sizeof(local))));
}

int socket_option(int socket, int name) {
  int value = 0;
  socklen_t length = sizeof(value);
  if (getsockopt(socket, SOL_SOCKET, name, &value, &length) != 0) return -1;
  return value;
}

int socket_domain(int socket) {
  int domain = AF_UNSPEC;
  socklen_t length = sizeof(domain);
  if (getsockopt(socket, SOL_SOCKET, SO_DOMAIN, &domain, &length) != 0) return -1;
  return domain;
}

// A Unix path as the title meant it, resolved in the title's own view:
// relative paths start at its cwd, and the walk starts at its root
// (/proc/TID/root), so whatever its mount namespace hides or makes
// read-only, the supervisor's call cannot reach either. No link is followed
// by the kernel (path_walk.h): the object reached and its canonical name are
// what the decision, the audit line and the call use.
struct UnixTarget {
  std::string requested;  // absolute, as the title wrote it
  Walked walked;          // the object (or, for a bind, its directory), or the error
};

std::string absolute_path(pid_t tid, const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  return task_cwd(tid) + "/" + path;
}

UnixTarget open_unix_target(pid_t tid, const std::string& name, WalkTarget what,
                            const NotifyContext& c) {
  UnixTarget t;
  t.requested = absolute_path(tid, name);
  UniqueFd root = open_title_root(tid);
  if (!root) {
    t.walked.error = errno;
    return t;
  }
  t.walked = walk_path(root.get(), t.requested, what, closed_path_rules(c));
  return t;
}

// The canonical address to use for the performed call. Unix paths go through
// the O_PATH descriptor: the checked inode is the one reached.
socklen_t target_sockaddr(const SocketAddress& address, const UnixTarget* unix_target,
                          const std::vector<std::byte>& name, sockaddr_storage& out) {
  if (address.family == Family::kNetlink) {
    // The address as copied (port id and multicast groups, which
    // SocketAddress does not keep): a title changing it after the check
    // changes nothing. Only the profile's netlink kinds exist (route: every
    // group is open to unprivileged receivers, so the supervisor's
    // credentials grant the title nothing). Before, netlink binds and sends
    // answered EINVAL: glibc's if_nameindex failed, and Wine 8.0's nsiproxy
    // crashed on that holding its interface-list lock, hanging every later
    // GetAdaptersInfo/GetAdaptersAddresses of the run.
    if (name.size() < sizeof(sa_family_t) || name.size() > sizeof(out)) return 0;
    std::memcpy(&out, name.data(), name.size());
    return static_cast<socklen_t>(name.size());
  }
  if (unix_target != nullptr) {
    SocketAddress via = address;
    via.unix_name = "/proc/self/fd/" + std::to_string(unix_target->walked.fd.get());
    return to_sockaddr(via, out);
  }
  return to_sockaddr(address, out);
}

// After a call reached the DNS view: which process owns the sending port.
void note_dns_client(const NotifyContext& c, const SocketAddress& to, int socket, pid_t pid) {
  if (c.dns == nullptr) return;
  const auto& view = c.dns->address();
  if (to.family != view.family || to.port != view.port || to.ip != view.ip) return;
  sockaddr_storage local{};
  socklen_t length = sizeof(local);
  if (getsockname(socket, reinterpret_cast<sockaddr*>(&local), &length) != 0) return;
  const SocketAddress mine = parse_sockaddr(
      std::span<const std::byte>(reinterpret_cast<const std::byte*>(&local), length));
  c.dns->note_client(mine.port, pid);
}

int deny_errno(const Decision& d) {
  return d.error != 0 ? d.error : EPERM;
}

// Registers a socket a worker may block on, for the lifetime of the call.
class InFlightEntry {
 public:
  InFlightEntry() = default;
  InFlightEntry(InFlight* registry, int fd) : registry_(registry), fd_(fd) { registry_->add(fd_); }
  InFlightEntry(InFlightEntry&& other) noexcept
      : registry_(std::exchange(other.registry_, nullptr)), fd_(other.fd_) {}
  InFlightEntry& operator=(InFlightEntry&& other) noexcept {
    if (this != &other) {
      if (registry_ != nullptr) registry_->remove(fd_);
      registry_ = std::exchange(other.registry_, nullptr);
      fd_ = other.fd_;
    }
    return *this;
  }
  InFlightEntry(const InFlightEntry&) = delete;
  InFlightEntry& operator=(const InFlightEntry&) = delete;
  ~InFlightEntry() {
    if (registry_ != nullptr) registry_->remove(fd_);
  }

 private:
  InFlight* registry_ = nullptr;
  int fd_ = -1;
};

// Everything a connect/sendto/sendmsg needs before the decision.
struct Prepared {
  std::shared_ptr<const TitleTask> task;
  UniqueFd socket;
  SocketAddress address;
  std::unique_ptr<UnixTarget> unix_target;
  bool datagram = false;
  bool blocking = false;  // a stream socket without O_NONBLOCK: the call may wait
  // A Unix datagram or seqpacket socket without O_NONBLOCK: a send waits
  // while the receiver's queue is full, for as long as the receiver likes.
  bool unix_queue_wait = false;
  InFlightEntry in_flight;  // declared after `socket`: removed before it is closed
  int error = 0;            // answer with this when non-zero
};

// Before a call that may wait (a blocking stream socket without
// MSG_DONTWAIT): another thread takes over receiving notifications.
void announce_blocking(NotifyContext& c, const Prepared& p, int flags) {
  if (!p.blocking || (flags & MSG_DONTWAIT) != 0 || !c.before_blocking) return;
  c.before_blocking();
}

std::shared_ptr<const TitleTask> open_task(pid_t tid, const NotifyContext& c) {
  if (c.tasks != nullptr) return c.tasks->get(tid);
  auto task = TitleTask::open(tid);
  return task ? std::make_shared<const TitleTask>(std::move(*task)) : nullptr;
}

Prepared prepare(const seccomp_notif& n, int title_fd, const NotifyContext& c) {
  Prepared p;
  const auto tid = static_cast<pid_t>(n.pid);
  p.task = open_task(tid, c);
  if (!p.task) {
    p.error = ESRCH;
    return p;
  }
  auto socket = p.task->take_fd(title_fd);
  if (!socket && c.tasks != nullptr) {
    // A cached pidfd of a task that is gone (the tid may be someone else's
    // now) fails here, before anything relied on it: open afresh, once.
    c.tasks->evict(p.task);
    p.task = c.tasks->get(tid);
    if (!p.task) {
      p.error = ESRCH;
      return p;
    }
    socket = p.task->take_fd(title_fd);
  }
  if (!socket) {
    p.error = EBADF;
    return p;
  }
  p.socket = std::move(*socket);
  p.datagram = is_datagram(p.socket.get());
  // Only a blocking stream socket's call is treated as one that may wait
  // (a datagram send waits for buffer room at most).
  const int status_flags = fcntl(p.socket.get(), F_GETFL);
  const bool waits = status_flags >= 0 && (status_flags & O_NONBLOCK) == 0;
  if (!p.datagram) {
    p.blocking = waits;
  } else {
    p.unix_queue_wait = waits && socket_domain(p.socket.get()) == AF_UNIX;
  }
  if (p.blocking && c.in_flight != nullptr)
    p.in_flight = InFlightEntry(c.in_flight, p.socket.get());
  return p;
}

// Parses the copied address; a Unix path is resolved in the title's view
// and then named by its canonical path.
void set_address(Prepared& p, const std::vector<std::byte>& name, const NotifyContext& c,
                 WalkTarget what = WalkTarget::kObject) {
  p.address = parse_sockaddr(std::span<const std::byte>(name.data(), name.size()));
  p.unix_target.reset();
  if (p.address.family != Family::kUnix || p.address.unix_kind != UnixKind::kPath) return;
  p.unix_target =
      std::make_unique<UnixTarget>(open_unix_target(p.task->tid(), p.address.unix_name, what, c));
  const Walked& w = p.unix_target->walked;
  if (w.error == 0) {
    p.address.unix_name = what == WalkTarget::kParent
                              ? (w.canonical == "/" ? "" : w.canonical) + "/" + w.last
                              : w.canonical;
  } else if (w.error == EACCES && !w.canonical.empty()) {
    p.address.unix_name = w.canonical;  // the closed directory it stopped at
  } else {
    p.address.unix_name = p.unix_target->requested;
  }
}

Request make_request(Operation op, const seccomp_notif& n, const Prepared& p,
                     const NotifyContext& c) {
  Request r;
  r.op = op;
  r.pid = static_cast<pid_t>(n.pid);
  r.address = p.address;
  r.datagram = p.datagram;
  const SocketAddress& a = p.address;
  if (a.family == Family::kUnix && a.unix_kind == UnixKind::kAbstract) {
    r.own_unix_socket = c.own->has_abstract(a.unix_name);
  } else if (p.unix_target) {
    r.unix_requested = p.unix_target->requested;
    const Walked& w = p.unix_target->walked;
    SocketIdentity id;
    if (op != Operation::kBind && w.error == 0 && identity_of(w.fd.get(), nullptr, id)) {
      r.unix_object = id;
      r.own_unix_socket = c.own->has_path(id);
    }
    // A closed directory (EACCES) is not "nothing there": it is refused.
    r.unix_unreached = w.error != 0 && w.error != EACCES;
  }
  return r;
}

// Whether the decision lets the call happen; fills `deny` otherwise.
bool permitted(const Decision& d, long& deny) {
  if (d.verdict != Verdict::kDeny) return true;
  deny = -deny_errno(d);
  return false;
}

// Performs the part shared by connect and sendto-with-address after the
// decision: the Unix target must exist for the call to go through.
long unix_target_error(const Prepared& p) {
  if (p.unix_target && p.unix_target->walked.error != 0) return -p.unix_target->walked.error;
  return 0;
}

Response handle_connect(const seccomp_notif& n, NotifyContext& c) {
  Prepared p = prepare(n, static_cast<int>(n.data.args[0]), c);
  if (p.error != 0) return answer(n, -p.error);
  announce_blocking(c, p, 0);
  std::vector<std::byte> name;
  if (int err = copy_sockaddr(*p.task, n.data.args[1], n.data.args[2], name); err != 0)
    return answer(n, -err);
  set_address(p, name, c);
  if (!still_valid(c, n)) return std::nullopt;
  sockaddr_storage target{};
  if (p.address.family != Family::kNull) {
    const Decision d =
        decide_and_record(c, make_request(Operation::kConnect, n, p, c), p.task.get());
    long deny = 0;
    if (!permitted(d, deny)) return answer(n, deny);
    if (long err = unix_target_error(p); err != 0) return answer(n, err);
  }
  const socklen_t length = target_sockaddr(p.address, p.unix_target.get(), name, target);
  if (length == 0) return answer(n, -EINVAL);
  const int rc = ::connect(p.socket.get(), reinterpret_cast<const sockaddr*>(&target), length);
  const int error = errno;
  if (rc == 0 || error == EINPROGRESS)
    note_dns_client(c, p.address, p.socket.get(), p.task->tgid());
  return answer(n, rc == 0 ? 0 : -error);
}

void raise_sigpipe(const seccomp_notif& n, long result, int flags) {
  // The supervisor sent with MSG_NOSIGNAL; the title asked for the signal.
  if (result == -EPIPE && (flags & MSG_NOSIGNAL) == 0) {
    syscall(SYS_tgkill, static_cast<pid_t>(n.pid), static_cast<pid_t>(n.pid), SIGPIPE);
  }
}

// Sends a copied message as the title's call would. On a Unix datagram or
// seqpacket socket that may wait (a receiver that does not read), the send
// is tried without waiting; when it would wait, this thread first hands
// receiving notifications to another, then waits as the title would (its
// SO_SNDTIMEO, its signals, its death): one slow receiver never stalls the
// thread every other call waits on. nullopt: the call is gone.
std::optional<long> send_for_title(const seccomp_notif& n, NotifyContext& c, const Prepared& p,
                                   CopiedMessage& m, const sockaddr_storage* target,
                                   socklen_t target_length, int flags) {
  if (!p.unix_queue_wait || (flags & MSG_DONTWAIT) != 0)
    return send_copied(p.socket.get(), m, target, target_length, flags);
  const auto deadline = socket_deadline(p.socket.get(), /*receiving=*/false);
  bool handed_over = false;
  for (;;) {
    const long result = send_copied(p.socket.get(), m, target, target_length, flags | MSG_DONTWAIT);
    if (result != -EAGAIN) return result;
    if (!handed_over && c.before_blocking) c.before_blocking();
    handed_over = true;
    // An unconnected socket polls writable while the receiver's queue is
    // full: the wait is then a short pause, looked at again.
    const auto started = std::chrono::steady_clock::now();
    switch (wait_for_title(p.socket.get(), POLLOUT, c.listener, n.id, *p.task, deadline)) {
      case WaitResult::kReady:
        break;
      case WaitResult::kSignal:
        return -kRestartCall;
      case WaitResult::kTimeout:
        return -EAGAIN;
      case WaitResult::kGone:
        return std::nullopt;
    }
    if (std::chrono::steady_clock::now() - started < std::chrono::milliseconds(5)) {
      if (deadline && std::chrono::steady_clock::now() >= *deadline) return -EAGAIN;
      if (!still_valid(c, n)) return std::nullopt;
      ::poll(nullptr, 0, 10);
    }
  }
}

Response handle_sendto(const seccomp_notif& n, NotifyContext& c) {
  const int flags = static_cast<int>(n.data.args[3]);
  Prepared p = prepare(n, static_cast<int>(n.data.args[0]), c);
  if (p.error != 0) return answer(n, -p.error);
  announce_blocking(c, p, flags);
  // The address and the payload, in one read when both are in bounds (a
  // game server's sendto loop comes through here for every packet).
  const std::uint64_t name_length = n.data.args[5];
  const std::uint64_t length = n.data.args[2];
  std::vector<std::byte> name;
  CopiedMessage message;
  if (name_length > sizeof(sockaddr_storage)) return answer(n, -EINVAL);
  if (length > kMaxPayload) {
    if (int err = copy_sockaddr(*p.task, n.data.args[4], name_length, name); err != 0)
      return answer(n, -err);
    return answer(n, -EMSGSIZE);
  }
  name.resize(static_cast<std::size_t>(name_length));
  if (!BudgetLease::take(c.budget, static_cast<std::size_t>(length), message.held))
    return answer(n, -ENOBUFS);
  message.payload.resize(static_cast<std::size_t>(length));
  if (!p.task->read({{n.data.args[4], name.data(), name.size()},
                     {n.data.args[1], message.payload.data(), message.payload.size()}}))
    return answer(n, -EFAULT);
  set_address(p, name, c);
  if (!still_valid(c, n)) return std::nullopt;
  Request request = make_request(Operation::kSendto, n, p, c);
  request.fastopen = (flags & MSG_FASTOPEN) != 0;
  const Decision d = decide_and_record(c, request, p.task.get());
  long deny = 0;
  if (!permitted(d, deny)) return answer(n, deny);
  if (long err = unix_target_error(p); err != 0) return answer(n, err);
  sockaddr_storage target{};
  const socklen_t target_length = target_sockaddr(p.address, p.unix_target.get(), name, target);
  if (target_length == 0 && p.address.family != Family::kNull) return answer(n, -EINVAL);
  const auto sent = send_for_title(n, c, p, message, &target, target_length, flags);
  if (!sent) return std::nullopt;
  const long result = *sent;
  raise_sigpipe(n, result, flags);
  if (result >= 0) note_dns_client(c, p.address, p.socket.get(), p.task->tgid());
  return answer(n, result);
}

// One message of sendmsg/sendmmsg: decide when it carries a name (or a
// control message the supervisor must not send), then send. nullopt: the
// call is gone.
std::optional<long> send_one(const seccomp_notif& n, NotifyContext& c, Prepared& p,
                             CopiedMessage& m, int flags) {
  if (m.error != 0) return -m.error;
  sockaddr_storage target{};
  socklen_t target_length = 0;
  if (!m.refused_control.empty()) {
    // One line for the attempt, naming the control message; where it was
    // meant to go is its name or, on a connected socket, the peer.
    if (m.has_name()) {
      set_address(p, m.name, c);
    } else {
      p.address = peer_address(p.socket.get());
    }
    Request request = make_request(Operation::kSendmsg, n, p, c);
    request.option = m.refused_control;
    const Decision d = decide_and_record(c, request, p.task.get());
    long deny = 0;
    if (!permitted(d, deny)) return deny;
  }
  if (m.has_name()) {
    set_address(p, m.name, c);
    if (m.refused_control.empty()) {  // else decided above (audit mode lets it through)
      Request request = make_request(Operation::kSendmsg, n, p, c);
      request.fastopen = (flags & MSG_FASTOPEN) != 0;
      const Decision d = decide_and_record(c, request, p.task.get());
      long deny = 0;
      if (!permitted(d, deny)) return deny;
    }
    if (long err = unix_target_error(p); err != 0) return err;
    target_length = target_sockaddr(p.address, p.unix_target.get(), m.name, target);
    if (target_length == 0 && p.address.family != Family::kNull) return -EINVAL;
  }
  const auto sent = send_for_title(n, c, p, m, &target, target_length, flags);
  if (!sent) return std::nullopt;
  const long result = *sent;
  raise_sigpipe(n, result, flags);
  if (result >= 0 && m.has_name()) note_dns_client(c, p.address, p.socket.get(), p.task->tgid());
  return result;
}

Response handle_sendmsg(const seccomp_notif& n, NotifyContext& c) {
  Prepared p = prepare(n, static_cast<int>(n.data.args[0]), c);
  if (p.error != 0) return answer(n, -p.error);
  announce_blocking(c, p, static_cast<int>(n.data.args[2]));
  CopiedMessage m = copy_message(*p.task, n.data.args[1], c.budget);
  if (!still_valid(c, n)) return std::nullopt;
  const auto result = send_one(n, c, p, m, static_cast<int>(n.data.args[2]));
  if (!result) return std::nullopt;
  return answer(n, *result);
}

// Entry by entry: each is copied, decided and sent before the next is read
// (one entry's bytes held at a time, whatever the count and sizes), up to
// the first refused or failed entry; the answer is how many went, as
// sendmmsg(2) would give.
Response handle_sendmmsg(const seccomp_notif& n, NotifyContext& c) {
  Prepared p = prepare(n, static_cast<int>(n.data.args[0]), c);
  if (p.error != 0) return answer(n, -p.error);
  announce_blocking(c, p, static_cast<int>(n.data.args[3]));
  const std::uint64_t vector = n.data.args[1];
  const std::size_t count = std::min<std::uint64_t>(n.data.args[2], kMaxIov);
  const int flags = static_cast<int>(n.data.args[3]);
  std::vector<mmsghdr> headers(count);
  if (count > 0 && !p.task->read(vector, headers.data(), count * sizeof(mmsghdr)))
    return answer(n, -EFAULT);
  long sent = 0;
  for (std::size_t i = 0; i < count; ++i) {
    long result = 0;
    {
      CopiedMessage message = copy_message(*p.task, headers[i].msg_hdr, c.budget);
      if (!still_valid(c, n)) return std::nullopt;
      const auto outcome = send_one(n, c, p, message, flags);
      if (!outcome) return std::nullopt;
      result = *outcome;
    }  // its bytes are given back before the next entry is read
    if (result < 0) return answer(n, sent > 0 ? sent : result);
    const unsigned int length = static_cast<unsigned int>(result);
    const std::uint64_t at = vector + i * sizeof(mmsghdr) + offsetof(mmsghdr, msg_len);
    if (!p.task->write(at, &length, sizeof(length))) return answer(n, sent > 0 ? sent : -EFAULT);
    ++sent;
  }
  return answer(n, sent);
}

Response handle_bind(const seccomp_notif& n, NotifyContext& c) {
  Prepared p = prepare(n, static_cast<int>(n.data.args[0]), c);
  if (p.error != 0) return answer(n, -p.error);
  std::vector<std::byte> name;
  if (int err = copy_sockaddr(*p.task, n.data.args[1], n.data.args[2], name); err != 0)
    return answer(n, -err);
  // A path's directory is resolved in the title's view (the new name is
  // not looked up); a closed directory is not even entered.
  set_address(p, name, c, WalkTarget::kParent);
  if (!still_valid(c, n)) return std::nullopt;
  const SocketAddress& a = p.address;
  const bool names = a.family == Family::kUnix && a.unix_kind != UnixKind::kUnnamed;
  if (names && c.own->full()) return answer(n, -ENOBUFS);  // the own-socket table is bounded
  const Decision d = decide_and_record(c, make_request(Operation::kBind, n, p, c), p.task.get());
  long deny = 0;
  if (!permitted(d, deny)) return answer(n, deny);

  sockaddr_storage target{};
  if (a.family == Family::kUnix && a.unix_kind == UnixKind::kPath) {
    // Created in the directory the walk reached (an O_PATH descriptor of it).
    if (long err = unix_target_error(p); err != 0) return answer(n, err);
    const Walked& w = p.unix_target->walked;
    if (w.last == "." || w.last == "..") return answer(n, -EADDRINUSE);
    SocketAddress via = a;
    via.unix_name = "/proc/self/fd/" + std::to_string(w.fd.get()) + "/" + w.last;
    const socklen_t length = to_sockaddr(via, target);
    if (length == 0) return answer(n, -ENAMETOOLONG);
    if (::bind(p.socket.get(), reinterpret_cast<const sockaddr*>(&target), length) != 0)
      return answer(n, -errno);
    SocketIdentity id;
    if (identity_of(w.fd.get(), w.last.c_str(), id)) c.own->add_path(id);
    return answer(n, 0);
  }
  const socklen_t length = target_sockaddr(a, nullptr, name, target);
  if (length == 0) return answer(n, a.family == Family::kOther ? -EAFNOSUPPORT : -EINVAL);
  if (::bind(p.socket.get(), reinterpret_cast<const sockaddr*>(&target), length) != 0)
    return answer(n, -errno);
  if (a.family == Family::kUnix && a.unix_kind == UnixKind::kAbstract)
    c.own->add_abstract(a.unix_name);
  return answer(n, 0);
}

// setsockopt(2) of an option that reroutes (the filter sends only those):
// refused, audited. Nothing is read from the title's memory, so an audited
// call simply continues.
Response handle_setsockopt(const seccomp_notif& n, NotifyContext& c) {
  const auto level = static_cast<int>(n.data.args[1]);  // ints, as the kernel reads them
  const auto name = static_cast<int>(n.data.args[2]);
  const SocketOption* option = nullptr;
  for (const SocketOption& o : rerouting_socket_options()) {
    if (o.level == level && o.name == name) option = &o;
  }
  if (option == nullptr) return let_continue(n);
  Prepared p = prepare(n, static_cast<int>(n.data.args[0]), c);
  if (p.error != 0) return answer(n, -p.error);
  const int domain = socket_domain(p.socket.get());
  if (domain < 0) return answer(n, -ENOTSOCK);
  if (!still_valid(c, n)) return std::nullopt;
  Request r;
  r.op = Operation::kSetsockopt;
  r.pid = static_cast<pid_t>(n.pid);
  r.option = option->text;
  r.address = peer_address(p.socket.get());
  if (r.address.family == Family::kNull) {
    // Not connected: the line still says which family's socket it was.
    r.address.raw_family = domain;
    r.address.family = domain == AF_INET    ? Family::kInet
                       : domain == AF_INET6 ? Family::kInet6
                       : domain == AF_UNIX  ? Family::kUnix
                                            : Family::kOther;
  }
  const Decision d = decide_and_record(c, r, p.task.get());
  if (d.verdict == Verdict::kDeny) return answer(n, -deny_errno(d));
  return let_continue(n);
}

// listen(2): decided on the address the socket listens on (0.0.0.0 when it
// was never bound: the kernel binds it there), performed here on the
// title's socket, logged with the port the kernel picked. A bind by another
// thread between the decision and the call is caught by looking again.
Response handle_listen(const seccomp_notif& n, NotifyContext& c) {
  Prepared p = prepare(n, static_cast<int>(n.data.args[0]), c);
  if (p.error != 0) return answer(n, -p.error);
  const int socket = p.socket.get();
  const int domain = socket_domain(socket);
  if (domain < 0) return answer(n, -ENOTSOCK);
  const int type = socket_option(socket, SO_TYPE);
  // Nothing else listens (the kernel answers EOPNOTSUPP itself).
  if ((domain != AF_INET && domain != AF_INET6 && domain != AF_UNIX) ||
      (type != SOCK_STREAM && type != SOCK_SEQPACKET))
    return let_continue(n);
  if (!still_valid(c, n)) return std::nullopt;
  Request r;
  r.op = Operation::kListen;
  r.pid = static_cast<pid_t>(n.pid);
  r.address = local_address(socket);
  Decision d = c.decider->decide(r);
  if (d.verdict == Verdict::kDeny) {
    return answer(n, -deny_errno(record_decision(c, r, d, p.task.get())));
  }
  const int rc = ::listen(socket, static_cast<int>(n.data.args[1]));
  const int error = errno;
  const SocketAddress now = local_address(socket);
  if (rc == 0 && (now.family != r.address.family || now.ip != r.address.ip ||
                  (r.address.port != 0 && now.port != r.address.port))) {
    r.address = now;
    d = c.decider->decide(r);
    if (d.verdict == Verdict::kDeny) {
      ::shutdown(socket, SHUT_RD);  // stops listening: pending connections are dropped
      return answer(n, -deny_errno(record_decision(c, r, d, p.task.get())));
    }
  }
  if (rc == 0) r.address = now;  // with the port the kernel picked
  const Decision recorded = record_decision(c, r, d, p.task.get());
  if (rc == 0 && recorded.verdict == Verdict::kDeny) {  // the line was not written
    ::shutdown(socket, SHUT_RD);
    return answer(n, -deny_errno(recorded));
  }
  return answer(n, rc == 0 ? 0 : -error);
}

// accept(2)/accept4(2): performed here, so the audit line names the peer and
// the listener's address decides (a refused connection is closed: the
// title sees ECONNABORTED and goes on); the new socket is installed in the
// title with SECCOMP_IOCTL_NOTIF_ADDFD. A blocking listener is waited on as
// the title would wait (signals, SO_RCVTIMEO), by a thread that first
// handed receiving to another.
Response handle_accept(const seccomp_notif& n, NotifyContext& c) {
  const int flags = n.data.nr == __NR_accept4 ? static_cast<int>(n.data.args[3]) : 0;
  if ((flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)) != 0) return answer(n, -EINVAL);
  Prepared p = prepare(n, static_cast<int>(n.data.args[0]), c);
  if (p.error != 0) return answer(n, -p.error);
  const int socket = p.socket.get();
  if (p.blocking) {
    pollfd ready{socket, POLLIN, 0};
    if (::poll(&ready, 1, 0) == 0) {
      announce_blocking(c, p, 0);
      switch (wait_for_title(socket, POLLIN, c.listener, n.id, *p.task,
                             socket_deadline(socket, /*receiving=*/true))) {
        case WaitResult::kReady:
          break;
        case WaitResult::kSignal:
          return answer(n, -kRestartCall);
        case WaitResult::kTimeout:
          return answer(n, -EAGAIN);
        case WaitResult::kGone:
          return std::nullopt;
      }
    }
  }
  sockaddr_storage peer{};
  socklen_t peer_length = sizeof(peer);
  UniqueFd connection(
      ::accept4(socket, reinterpret_cast<sockaddr*>(&peer), &peer_length, SOCK_CLOEXEC));
  if (!connection) return answer(n, -errno);    // EAGAIN, EINVAL (not listening), ...
  if (!still_valid(c, n)) return std::nullopt;  // the title is gone: the connection closes
  Request r;
  r.op = Operation::kAccept;
  r.pid = static_cast<pid_t>(n.pid);
  r.address = parse_sockaddr(std::span<const std::byte>(
      reinterpret_cast<const std::byte*>(&peer), std::min<std::size_t>(peer_length, sizeof(peer))));
  r.local = local_address(socket);
  const Decision d = decide_and_record(c, r, p.task.get());
  if (d.verdict == Verdict::kDeny) return answer(n, -deny_errno(d));
  if ((flags & SOCK_NONBLOCK) != 0)
    (void)fcntl(connection.get(), F_SETFL, fcntl(connection.get(), F_GETFL) | O_NONBLOCK);
  if (n.data.args[1] != 0) {  // the peer's address, where the title asked for it
    int room = 0;
    if (!p.task->read(n.data.args[2], &room, sizeof(room))) return answer(n, -EFAULT);
    if (room < 0) return answer(n, -EINVAL);
    const int full = static_cast<int>(peer_length);
    if (!p.task->write(n.data.args[1], &peer, static_cast<std::size_t>(std::min(room, full))) ||
        !p.task->write(n.data.args[2], &full, sizeof(full)))
      return answer(n, -EFAULT);
  }
  seccomp_notif_addfd add{};
  add.id = n.id;
  add.flags = SECCOMP_ADDFD_FLAG_SEND;  // install and answer at once (5.14+)
  add.srcfd = static_cast<std::uint32_t>(connection.get());
  add.newfd_flags = (flags & SOCK_CLOEXEC) != 0 ? O_CLOEXEC : 0;
  if (ioctl(c.listener, SECCOMP_IOCTL_NOTIF_ADDFD, &add) >= 0) return std::nullopt;
  if (errno == ENOENT) return std::nullopt;       // the call is gone
  if (errno != EINVAL) return answer(n, -errno);  // EMFILE: the title's table is full
  add.flags = 0;  // an older kernel: install, then answer with the number
  const int installed = ioctl(c.listener, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
  if (installed < 0) return errno == ENOENT ? std::nullopt : Response(answer(n, -errno));
  return answer(n, installed);
}

// socket(2) outside the allowed families or types: no memory argument, so
// an audited call may simply continue.
Response handle_socket(const seccomp_notif& n, NotifyContext& c) {
  Request r;
  r.op = Operation::kSocket;
  r.pid = static_cast<pid_t>(n.pid);
  r.socket_family = static_cast<int>(n.data.args[0]);
  r.socket_type = static_cast<int>(n.data.args[1]);
  r.socket_protocol = static_cast<int>(n.data.args[2]);
  r.address.raw_family = r.socket_family;
  auto task = TitleTask::open(r.pid);
  const Decision d = decide_and_record(c, r, task ? &*task : nullptr);
  if (d.verdict == Verdict::kDeny) return answer(n, -deny_errno(d));
  return let_continue(n);
}

// execve has nothing to race on that the sandbox relies on: the filter
// follows the new program. The path is read for the log only (best effort:
// another thread may change it after it was read).
Response handle_exec(const seccomp_notif& n, NotifyContext& c) {
  const bool at = n.data.nr == __NR_execveat;
  Request r;
  r.op = Operation::kExec;
  r.pid = static_cast<pid_t>(n.pid);
  auto task = TitleTask::open(r.pid);
  if (task) r.name = task->read_string(n.data.args[at ? 1 : 0], 4096).value_or("");
  const Decision d = decide_and_record(c, r, task ? &*task : nullptr);
  // Only an exec whose line could not be written is refused.
  if (d.verdict == Verdict::kDeny) return answer(n, -deny_errno(d));
  return let_continue(n);
}

Response handle_closed(const seccomp_notif& n, NotifyContext& c, bool foreign_abi) {
  Request r;
  r.op = Operation::kSyscall;
  r.pid = static_cast<pid_t>(n.pid);
  r.name = foreign_abi ? "foreign-abi:" + syscall_name(n) : syscall_name(n);
  if (!foreign_abi && n.data.nr == __NR_ioctl) {
    for (const IoctlCommand& command : closed_ioctls()) {
      if (command.command == static_cast<unsigned int>(n.data.args[1]))
        r.name += std::string(":") + command.text;
    }
  }
  auto task = TitleTask::open(r.pid);
  const Decision d = decide_and_record(c, r, task ? &*task : nullptr);
  if (d.verdict == Verdict::kDeny) return answer(n, foreign_abi ? -ENOSYS : -deny_errno(d));
  return let_continue(n);
}

}  // namespace

UniqueFd open_title_root(pid_t tid) {
  return UniqueFd(
      ::open(("/proc/" + std::to_string(tid) + "/root").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
}

WalkRules closed_path_rules(const NotifyContext& c) {
  WalkRules rules;
  if (c.closed_paths != nullptr) {
    rules.may_enter = [&c](const std::string& canonical) {
      for (const auto& closed : *c.closed_paths)
        if (path_within(canonical, closed)) return false;
      return true;
    };
  }
  return rules;
}

// Records a decision (before anything is answered), and kills when told to.
Decision record_decision(NotifyContext& c, const Request& request, const Decision& decision,
                         const TitleTask* task) {
  Event event{request, decision, c.sink->wants_exe() ? task_exe(request.pid) : ""};
  if (task != nullptr) event.request.pid = task->tgid();  // the process, not the thread
  Decision recorded = decision;
  if (!c.sink->record(event)) {
    // Not written (a full disk): nothing unrecorded goes through.
    recorded.verdict = Verdict::kDeny;
    recorded.error = EPERM;
    recorded.kill = false;
    recorded.rule = "audit:write-failed";
  }
  if (recorded.verdict == Verdict::kDeny && recorded.kill && task != nullptr) task->kill();
  return recorded;
}

std::optional<seccomp_notif_resp> handle_notification(const seccomp_notif& n, NotifyContext& c) {
  // x32 shares x86-64's audit arch and marks its numbers with bit 30.
  constexpr int kX32Bit = 0x40000000;
  if (n.data.arch != seccomp_arch_native() || (n.data.nr & kX32Bit) != 0)
    return handle_closed(n, c, /*foreign_abi=*/true);
  if (is_file_call(n.data.nr)) return handle_file_call(n, c);
  switch (n.data.nr) {
    case __NR_connect:
      return handle_connect(n, c);
    case __NR_sendto:
      return handle_sendto(n, c);
    case __NR_sendmsg:
      return handle_sendmsg(n, c);
    case __NR_sendmmsg:
      return handle_sendmmsg(n, c);
    case __NR_bind:
      return handle_bind(n, c);
    case __NR_socket:
      return handle_socket(n, c);
    case __NR_setsockopt:
      return handle_setsockopt(n, c);
    case __NR_listen:
      return handle_listen(n, c);
    case __NR_accept:
    case __NR_accept4:
      return handle_accept(n, c);
    case __NR_execve:
    case __NR_execveat:
      return handle_exec(n, c);
    default:
      return handle_closed(n, c, /*foreign_abi=*/false);
  }
}

}  // namespace cordon::sandbox
