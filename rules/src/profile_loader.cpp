// Profiles by name or file, and the effective profile printed back as YAML.
#include "cordon/rules/profile_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "cordon/support/file_reader.h"

namespace cordon::rules {
namespace {

constexpr std::size_t kMaxProfileBytes = 1024 * 1024;

std::string builtin_names(const std::string& profile_dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(profile_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml") names.push_back(it->path().stem().string());
  }
  std::sort(names.begin(), names.end());
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none found in " + profile_dir : out;
}

// One comment line: controls (newlines included) become spaces.
std::string comment_text(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return text;
}

void emit_list(YAML::Emitter& out, std::string_view key, const std::vector<std::string>& items) {
  out << YAML::Key << std::string(key) << YAML::Value;
  if (items.empty()) {
    out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  } else {
    out << YAML::BeginSeq;
    for (const std::string& item : items) out << item;
    out << YAML::EndSeq;
  }
}

void emit_commented_list(YAML::Emitter& out, std::string_view key,
                         const std::vector<std::string>& items,
                         const std::vector<std::string>& comments) {
  if (items.empty() || comments.empty()) return emit_list(out, key, items);
  out << YAML::Key << std::string(key) << YAML::Value << YAML::BeginSeq;
  for (std::size_t i = 0; i < items.size(); ++i) {
    out << items[i];
    if (i < comments.size() && !comments[i].empty())
      out << YAML::Comment(comment_text(comments[i]));
  }
  out << YAML::EndSeq;
}

void emit(YAML::Emitter& out, std::string_view key, std::string_view value) {
  out << YAML::Key << std::string(key) << YAML::Value << std::string(value);
}

}  // namespace

tl::expected<Profile, std::vector<Error>> load_profile_file(const std::string& path) {
  auto text = read_text_file(path, kMaxProfileBytes);
  if (!text) return tl::unexpected(std::vector<Error>{text.error()});
  return parse_profile(*text, path);
}

Result<Profile> load_profile(std::string_view name_or_file, const std::string& profile_dir) {
  const bool builtin = name_or_file.find('/') == std::string_view::npos &&
                       !name_or_file.ends_with(".yaml") && !name_or_file.ends_with(".yml");
  std::string path(name_or_file);
  if (builtin) {
    if (name_or_file.empty() || name_or_file.front() == '.') {
      return fail(ErrorKind::kUsage, "--profile", "",
                  "unknown profile '" + path + "' (built-in: " + builtin_names(profile_dir) + ")");
    }
    path = (std::filesystem::path(profile_dir) / (path + ".yaml")).string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      return fail(ErrorKind::kUsage, "--profile", "",
                  "unknown profile '" + std::string(name_or_file) +
                      "' (built-in: " + builtin_names(profile_dir) +
                      "; a profile file needs a '/' or a .yaml suffix)");
    }
  }
  auto profile = load_profile_file(path);
  if (!profile) {
    Error first = profile.error().front();
    if (profile.error().size() > 1) {
      first.reason += " (and " + std::to_string(profile.error().size() - 1) + " more faults)";
    }
    return fail(std::move(first));
  }
  return std::move(*profile);
}

std::string dump_profile(const Profile& profile) {
  return dump_profile(profile, {});
}

std::string dump_profile(const Profile& profile, const ProfileComments& comments) {
  std::string header;
  for (const std::string& line : comments.header) {
    header += line.empty() ? "#\n" : "# " + comment_text(line) + "\n";
  }
  YAML::Emitter out;
  out << YAML::BeginMap;
  emit(out, "profile", profile.name);
  emit(out, "description", profile.description);
  emit_commented_list(out, "allow", profile.allow, comments.allow);

  const StaticPolicy& s = profile.static_policy;
  out << YAML::Key << "static" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "severities" << YAML::Value << YAML::BeginMap;
  emit(out, "cross_platform", to_string(s.cross_platform));
  emit(out, "unallowed_destination", to_string(s.unallowed_destination));
  emit(out, "allowed_flow", to_string(s.allowed_flow));
  emit(out, "network_capability", to_string(s.network_capability));
  emit(out, "telemetry_sdk", to_string(s.telemetry_sdk));
  emit(out, "endpoint", to_string(s.endpoint));
  emit(out, "sensitive_source", to_string(s.sensitive_source));
  emit(out, "lead", to_string(s.lead));
  out << YAML::EndMap;
  out << YAML::Key << "allow_same_vendor" << YAML::Value << s.allow_same_vendor;
  emit_list(out, "accepted_sanitizers", s.accepted_sanitizers);
  out << YAML::EndMap;

  const RuntimePolicy& r = profile.runtime_policy;
  out << YAML::Key << "runtime" << YAML::Value << YAML::BeginMap;
  emit(out, "network", to_string(r.network));
  emit_list(out, "sockets", r.sockets);
  if (r.listen.empty()) {
    emit(out, "listen", "none");
  } else if (r.listen == std::vector<std::string>{"loopback"}) {
    emit(out, "listen", "loopback");
  } else {
    emit_list(out, "listen", r.listen);
  }
  emit_list(out, "deny_syscalls", r.deny_syscalls);
  emit_list(out, "unix_socket_paths", r.unix_socket_paths);
  emit_list(out, "deny_paths", r.deny_paths);
  emit_list(out, "read_only_paths", r.read_only_paths);
  emit_list(out, "mask_paths", r.mask_paths);
  emit(out, "deny_action", to_string(r.deny_action));
  emit(out, "deny_errno", r.deny_errno);
  out << YAML::Key << "environment" << YAML::Value << YAML::BeginMap;
  emit_list(out, "drop", r.env_drop);
  emit_list(out, "keep", r.env_keep);
  out << YAML::EndMap;
  out << YAML::EndMap;
  out << YAML::EndMap;
  return header + std::string(out.c_str()) + "\n";
}

std::vector<Error> check_profile_against(const Profile& profile, const RuleSet& rules) {
  std::vector<Error> out;
  for (const std::string& id : profile.static_policy.accepted_sanitizers) {
    const ApiEntry* entry = rules.by_id(id);
    if (entry == nullptr || entry->kind != EntryKind::kSanitizer) {
      out.push_back(
          Error{ErrorKind::kValidation, profile.file, "",
                "accepted sanitizer '" + id + "' is not a sanitizer entry of the loaded packs"});
    }
  }
  return out;
}

}  // namespace cordon::rules
