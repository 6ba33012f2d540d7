#include "cordon/sandbox/path_walk.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <array>
#include <deque>
#include <vector>

namespace cordon::sandbox {
namespace {

void split_into(std::string_view path, std::deque<std::string>& out, bool front) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  if (front) {
    out.insert(out.begin(), parts.begin(), parts.end());
  } else {
    out.insert(out.end(), parts.begin(), parts.end());
  }
}

struct Level {
  UniqueFd fd;
  std::string name;
};

std::string canonical_of(const std::vector<Level>& stack) {
  if (stack.size() <= 1) return "/";
  std::string out;
  for (std::size_t i = 1; i < stack.size(); ++i) out += "/" + stack[i].name;
  return out;
}

Walked failed(int error, std::string canonical = {}) {
  Walked w;
  w.error = error;
  w.canonical = std::move(canonical);
  return w;
}

}  // namespace

bool path_within(std::string_view path, std::string_view prefix) {
  if (prefix.empty()) return false;
  if (prefix == "/") return true;
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

Walked walk_path(int root, std::string_view path, WalkTarget target, const WalkRules& rules) {
  if (path.empty() || path[0] != '/') return failed(EINVAL);
  std::deque<std::string> todo;
  split_into(path, todo, false);
  std::vector<Level> stack;
  stack.push_back({UniqueFd(::fcntl(root, F_DUPFD_CLOEXEC, 0)), ""});
  if (!stack.back().fd) return failed(errno);
  int links = 0;
  while (!todo.empty()) {
    std::string name = std::move(todo.front());
    todo.pop_front();
    if (name == ".") continue;
    if (name == "..") {
      if (stack.size() > 1) stack.pop_back();  // never above the root
      continue;
    }
    if (target == WalkTarget::kParent && todo.empty()) {
      Walked w;
      w.fd = std::move(stack.back().fd);
      w.canonical = canonical_of(stack);
      w.last = std::move(name);
      return w;
    }
    const int dir = stack.back().fd.get();
    UniqueFd next(::openat(dir, name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!next) return failed(errno, canonical_of(stack) + "/" + name);
    struct stat st {};
    if (::fstat(next.get(), &st) != 0) return failed(errno);
    if (S_ISLNK(st.st_mode)) {
      struct statfs fs {};
      if (::fstatfs(next.get(), &fs) != 0 || fs.f_type == PROC_SUPER_MAGIC)
        return failed(ELOOP, canonical_of(stack) + "/" + name);
      struct stat dir_st {};
      if (::fstat(dir, &dir_st) != 0) return failed(errno);
      if (rules.follow && !rules.follow(st, dir_st, todo.empty()))
        return failed(ELOOP, canonical_of(stack) + "/" + name);
      if (++links > rules.max_links) return failed(ELOOP);
      std::array<char, 4096> text{};
      const ssize_t n = ::readlinkat(next.get(), "", text.data(), text.size());
      if (n <= 0 || static_cast<std::size_t>(n) >= text.size()) return failed(ELOOP);
      const std::string_view link(text.data(), static_cast<std::size_t>(n));
      if (link[0] == '/') stack.resize(1);  // from the root again
      split_into(link, todo, true);
      if (target == WalkTarget::kParent && todo.empty()) return failed(ENOENT);
      continue;
    }
    if (!todo.empty() && !S_ISDIR(st.st_mode))
      return failed(ENOTDIR, canonical_of(stack) + "/" + name);
    stack.push_back({std::move(next), std::move(name)});
    if (S_ISDIR(st.st_mode) && rules.may_enter && !rules.may_enter(canonical_of(stack)))
      return failed(EACCES, canonical_of(stack));
  }
  Walked w;
  w.canonical = canonical_of(stack);
  w.fd = std::move(stack.back().fd);
  return w;
}

}  // namespace cordon::sandbox
