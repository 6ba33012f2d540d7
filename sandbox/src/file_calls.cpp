#include "file_calls.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cordon/sandbox/path_walk.h"
#include "cordon/sandbox/seccomp_filter.h"
#include "title_task.h"

namespace cordon::sandbox {
namespace {

using Response = std::optional<seccomp_notif_resp>;

constexpr std::size_t kMaxPath = 4096;  // PATH_MAX: the kernel refuses longer ones

seccomp_notif_resp continue_call(const seccomp_notif& n) {
  seccomp_notif_resp r{};
  r.id = n.id;
  r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  return r;
}

seccomp_notif_resp refuse(const seccomp_notif& n, int error) {
  seccomp_notif_resp r{};
  r.id = n.id;
  r.error = -error;
  return r;
}

// One path argument of a call: where it is and how the call treats it.
struct PathArg {
  int dirfd_arg = -1;  // -1: relative to the cwd
  int path_arg = -1;
  FileAccess access = FileAccess::kWrite;
  bool follow = true;  // the call follows a final link (open without O_NOFOLLOW)
};

// Whether open flags make a write (or a creation). O_PATH ignores the rest.
bool writes(std::uint64_t flags) {
  const auto low = static_cast<std::uint32_t>(flags);  // open(2) reads an int
  if ((low & O_PATH) != 0) return false;
  return std::any_of(std::begin(kWriteOpenFlags), std::end(kWriteOpenFlags),
                     [&](unsigned bit) { return (low & bit) != 0; });
}

const PathCall* change_call(int nr) {
  static const std::vector<std::pair<int, const PathCall*>> table = [] {
    std::vector<std::pair<int, const PathCall*>> out;
    for (const PathCall& call : file_change_syscalls()) {
      const int number = seccomp_syscall_resolve_name(call.name);
      if (number >= 0) out.emplace_back(number, &call);
    }
    return out;
  }();
  for (const auto& [number, call] : table)
    if (number == nr) return call;
  return nullptr;
}

std::string lexical(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    const std::string part = path.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

// The path as the title wrote it, made absolute with its cwd or dirfd.
std::string absolute_of(pid_t tid, int dirfd, const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  const std::string base = dirfd == AT_FDCWD ? task_cwd(tid) : task_fd_path(tid, dirfd);
  if (path.empty()) return base;  // AT_EMPTY_PATH: the descriptor itself
  return (base == "/" ? "" : base) + "/" + path;
}

// The canonical path the call reaches in the title's view: its object when
// the call follows links and it exists, otherwise the canonical directory
// and the final name; a closed directory on the way stands for everything
// inside it; lexically normalised when nothing can be walked.
std::string resolved(pid_t tid, const std::string& absolute, bool follow, const NotifyContext& c) {
  UniqueFd root = open_title_root(tid);
  if (!root) return lexical(absolute);
  const WalkRules rules = closed_path_rules(c);
  if (follow) {
    const Walked object = walk_path(root.get(), absolute, WalkTarget::kObject, rules);
    if (object.error == 0) return object.canonical;
    if (object.error == EACCES && !object.canonical.empty()) return object.canonical;
  }
  const Walked parent = walk_path(root.get(), absolute, WalkTarget::kParent, rules);
  if (parent.error == 0)
    return (parent.canonical == "/" ? "" : parent.canonical) + "/" + parent.last;
  if (parent.error == EACCES && !parent.canonical.empty()) return parent.canonical;
  return lexical(absolute);
}

// Renames and removals: the calls that can take a directory away.
bool moves(int nr) {
  return nr == __NR_rename || nr == __NR_renameat || nr == __NR_renameat2 || nr == __NR_unlink ||
         nr == __NR_unlinkat || nr == __NR_rmdir;
}

// The path arguments of the call, empty when it is a read-only open (or its
// arguments cannot be read: the kernel will fail it the same way).
std::vector<PathArg> path_args(const seccomp_notif& n, const TitleTask& task) {
  const auto& a = n.data.args;
  switch (n.data.nr) {
    case __NR_open:
      if (!writes(a[1])) return {};
      return {{-1, 0, FileAccess::kWrite, (a[1] & O_NOFOLLOW) == 0 && (a[1] & O_EXCL) == 0}};
    case __NR_openat:
      if (!writes(a[2])) return {};
      return {{0, 1, FileAccess::kWrite, (a[2] & O_NOFOLLOW) == 0 && (a[2] & O_EXCL) == 0}};
    case __NR_creat:
      return {{-1, 0, FileAccess::kWrite, true}};
    case __NR_openat2: {
      open_how how{};
      if (a[3] < sizeof(std::uint64_t) || !task.read(a[2], &how.flags, sizeof(how.flags)))
        return {};
      if (!writes(how.flags)) return {};
      return {
          {0, 1, FileAccess::kWrite, (how.flags & O_NOFOLLOW) == 0 && (how.flags & O_EXCL) == 0}};
    }
    default:
      break;
  }
  const PathCall* call = change_call(static_cast<int>(n.data.nr));
  if (call == nullptr) return {};
  std::vector<PathArg> out;
  for (int i = 0; i < 2; ++i) {
    if (call->path[i] < 0) continue;
    // A link's target (link's first path) is reached through links; every
    // other path names the entry itself.
    const bool object = (n.data.nr == __NR_link || n.data.nr == __NR_linkat) && i == 0;
    out.push_back({call->dirfd[i], call->path[i],
                   moves(n.data.nr) ? FileAccess::kMove : FileAccess::kChange, object});
  }
  return out;
}

}  // namespace

bool is_file_call(int nr) {
  return nr == __NR_open || nr == __NR_openat || nr == __NR_creat || nr == __NR_openat2 ||
         change_call(nr) != nullptr;
}

Response handle_file_call(const seccomp_notif& n, NotifyContext& c) {
  const auto tid = static_cast<pid_t>(n.pid);
  auto task = TitleTask::open(tid);
  if (!task) return std::nullopt;  // gone
  const std::vector<PathArg> args = path_args(n, *task);
  if (args.empty()) return continue_call(n);
  struct Seen {
    Request request;
    Decision decision;
  };
  std::optional<Seen> first;
  for (const PathArg& arg : args) {
    const auto text = task->read_string(n.data.args[arg.path_arg], kMaxPath);
    if (!text) return continue_call(n);  // the kernel answers EFAULT/ENAMETOOLONG itself
    const int dirfd = arg.dirfd_arg < 0 ? AT_FDCWD : static_cast<int>(n.data.args[arg.dirfd_arg]);
    Request r;
    r.op = Operation::kOpen;
    r.pid = tid;
    r.file_access = arg.access;
    r.unix_requested = absolute_of(tid, dirfd, *text);
    r.name = resolved(tid, r.unix_requested, arg.follow, c);
    Decision d = c.decider->decide(r);
    if (d.rule.empty()) continue;  // no entry of the file policy: nothing to record
    // A refused path wins over an audited or allowed one.
    if (!first || (d.verdict == Verdict::kDeny && first->decision.verdict != Verdict::kDeny))
      first = Seen{r, d};
  }
  if (!first) return continue_call(n);
  // Still the call it was (the thread did not go away meanwhile): its tid
  // and memory were the caller's while it waited.
  std::uint64_t id = n.id;
  if (ioctl(c.listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) != 0) return std::nullopt;
  const Decision recorded = record_decision(c, first->request, first->decision, &*task);
  if (recorded.verdict == Verdict::kDeny)
    return refuse(n, recorded.error != 0 ? recorded.error : EPERM);
  return continue_call(n);
}

}  // namespace cordon::sandbox
