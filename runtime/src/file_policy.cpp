#include "file_policy.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cordon::runtime {
namespace {

namespace fs = std::filesystem;

std::optional<fs::path> existing_canonical(const std::string& text) {
  std::error_code ec;
  auto path = fs::canonical(text, ec);
  if (ec || path == "/") return std::nullopt;
  return path;
}

std::size_t depth(const fs::path& p) {
  return static_cast<std::size_t>(std::distance(p.begin(), p.end()));
}

// mountinfo escapes blanks in paths as octal (\040).
std::string unescape_mountinfo(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size()) {
      const std::string digits = text.substr(i + 1, 3);
      if (digits.size() == 3 &&
          std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '7'; })) {
        out += static_cast<char>(std::stoi(digits, nullptr, 8));
        i += 3;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

std::vector<std::string> cgroup_mount_points() {
  std::vector<std::string> points;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    const auto dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::istringstream tail(line.substr(dash + 3));
    std::string type;
    tail >> type;
    if (type != "cgroup" && type != "cgroup2") continue;
    std::istringstream fields(line.substr(0, dash));
    std::string id, parent, device, root, point;
    if (fields >> id >> parent >> device >> root >> point)
      points.push_back(unescape_mountinfo(point));
  }
  return points;
}

bool has_writable_ancestor(const std::string& path) {
  for (fs::path dir = fs::path(path).parent_path();; dir = dir.parent_path()) {
    if (access(dir.c_str(), W_OK) == 0) return true;
    if (dir == dir.root_path() || dir.empty()) return false;
  }
}

Result<FileMounts> plan_file_mounts(const FilePolicyInput& input, RunFiles& files) {
  FileMounts out;
  using sandbox::MountKind;
  using sandbox::MountStep;

  // The audit log: every directory on its way pinned, outermost first, then
  // the file itself covered.
  if (input.audit_path) {
    const auto log = existing_canonical(*input.audit_path);
    if (!log)
      return fail(ErrorKind::kIo, *input.audit_path, "", "the audit log vanished before the run");
    std::vector<fs::path> ancestors;
    for (fs::path dir = log->parent_path(); dir != dir.root_path(); dir = dir.parent_path())
      ancestors.push_back(dir);
    for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it)
      out.steps.push_back({MountKind::kPin, "", it->string()});
    auto cover = files.placeholder();
    if (!cover) return fail(cover.error());
    out.steps.push_back({MountKind::kBindReadOnly, *cover, log->string()});
  }

  for (const auto& point : cgroup_mount_points())
    out.steps.push_back({MountKind::kBindReadOnly, point, point});

  if (input.enforce) {
    struct Restricted {
      fs::path path;
      bool deny;
    };
    std::vector<Restricted> restricted;
    for (const auto& p : input.deny_paths)
      if (auto c = existing_canonical(p)) restricted.push_back({*c, true});
    for (const auto& p : input.read_only_paths)
      if (auto c = existing_canonical(p)) restricted.push_back({*c, false});
    // Shallow first, so a path nested in another gets its own cover on top.
    std::stable_sort(
        restricted.begin(), restricted.end(),
        [](const Restricted& a, const Restricted& b) { return depth(a.path) < depth(b.path); });
    for (const auto& r : restricted) {
      if (!r.deny) {
        out.steps.push_back({MountKind::kBindReadOnly, r.path.string(), r.path.string()});
      } else {
        // A stand-in of the same shape (run_files.h): nothing of the
        // original, and every open of it is seen (file_watch.h).
        auto cover = files.stand_in(r.path.string());
        if (!cover) return fail(cover.error());
        out.steps.push_back({MountKind::kBindReadOnly, *cover, r.path.string()});
      }
      if (has_writable_ancestor(r.path.string())) continue;
      (r.deny ? out.landlock.deny_paths : out.landlock.read_only_paths).push_back(r.path.string());
    }
  }
  return out;
}

}  // namespace cordon::runtime
