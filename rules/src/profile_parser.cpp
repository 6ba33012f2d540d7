// Profile YAML to rules::Profile. Every key is required: a profile states its
// whole policy, so a forgotten key can never silently mean "allow". Start a
// new profile from `cordon run --print-profile` or a built-in file.
#include <algorithm>
#include <array>
#include <unordered_set>

#include "cordon/rules/endpoint.h"
#include "cordon/rules/profile_keys.h"
#include "cordon/rules/profile_loader.h"
#include "cordon/rules/socket_kinds.h"
#include "cordon/support/strings.h"
#include "pack_parser.h"
#include "quoted.h"
#include "syscall_names.h"
#include "yaml_fields.h"

namespace cordon::rules {
namespace {

using detail::quoted;

using detail::Faults;
using detail::Field;
using detail::Fields;
using detail::Item;

constexpr const auto& kTopKeys = profile_keys::kTop;
constexpr const auto& kStaticKeys = profile_keys::kStatic;
constexpr const auto& kSeverityKeys = profile_keys::kSeverities;
constexpr const auto& kRuntimeKeys = profile_keys::kRuntime;
// Keys of earlier versions, with what replaced them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kReplacedKeys{
    {{"socket_families", "sockets"}, {"netlink_protocols", "sockets"}}};
constexpr std::array<std::string_view, 2> kEnvironmentKeys{"drop", "keep"};

std::vector<Item> read_list(Fields& fields, std::string_view key, std::string_view owner,
                            Faults& faults) {
  const Field* f = fields.require(key, owner);
  if (f == nullptr) return {};
  auto items = detail::read_string_list(*f, faults);
  if (!items) return {};
  // A repeated item is harmless but always a slip: say so.
  std::unordered_set<std::string> seen;
  for (const Item& item : *items) {
    if (!seen.insert(item.text).second) {
      faults.add(item.mark, quoted(item.text) + " is listed twice in '" + std::string(key) + "'");
    }
  }
  return *items;
}

std::vector<std::string> texts(const std::vector<Item>& items) {
  std::vector<std::string> out;
  for (const Item& item : items) out.push_back(item.text);
  return out;
}

// "family type [protocol]" entries (socket_kinds.h), each checked here so
// that a profile `rules check` accepts is one `cordon run` can enforce.
std::vector<std::string> read_sockets(Fields& fields, Faults& faults) {
  auto items = read_list(fields, "sockets", "'runtime'", faults);
  for (const Item& item : items) {
    if (auto kind = parse_socket_kind(item.text); !kind) {
      faults.add(item.mark, "socket kind '" + printable(item.text) + "': " + kind.error().reason);
    }
  }
  return texts(items);
}

// `home_ok`: "~/..." (the user's home) is accepted as well as absolute paths.
std::vector<std::string> read_paths(Fields& fields, std::string_view key, bool home_ok,
                                    Faults& faults) {
  auto items = read_list(fields, key, "'runtime'", faults);
  for (const Item& item : items) {
    const std::string& path = item.text;
    const bool rooted = path.starts_with('/') || (home_ok && path.starts_with("~/"));
    bool dot_dot = false;
    for (const std::string& part : split(path, '/')) dot_dot = dot_dot || part == "..";
    const bool clean = std::all_of(path.begin(), path.end(),
                                   [](char c) { return static_cast<unsigned char>(c) >= ' '; });
    if (!rooted || dot_dot || !clean) {
      faults.add(item.mark, "path '" + printable(path) + "' in '" + std::string(key) +
                                "' must be absolute" + (home_ok ? " or start with ~/" : "") +
                                ", without '..' or control characters");
    }
  }
  return texts(items);
}

void read_static(const Field& field, StaticPolicy& out, Faults& faults) {
  Fields fields(field.value, "'static' section", kStaticKeys, faults);
  if (!fields.ok()) return;
  if (const Field* f = fields.require("severities", "'static'")) {
    Fields sev(f->value, "'severities'", kSeverityKeys, faults);
    std::array<Severity*, 8> slots{&out.cross_platform,   &out.unallowed_destination,
                                   &out.allowed_flow,     &out.network_capability,
                                   &out.telemetry_sdk,    &out.endpoint,
                                   &out.sensitive_source, &out.lead};
    for (std::size_t i = 0; sev.ok() && i < kSeverityKeys.size(); ++i) {
      const Field* s = sev.require(kSeverityKeys[i], "'severities'");
      if (s == nullptr) continue;
      auto text = detail::read_string(*s, faults);
      if (!text) continue;
      if (auto level = parse_severity(*text)) {
        *slots[i] = *level;
      } else {
        faults.add(s->value, "unknown severity '" + printable(*text) +
                                 "' (expected one of: critical, high, medium, low, info)");
      }
    }
  }
  if (const Field* f = fields.require("allow_same_vendor", "'static'")) {
    if (auto value = detail::read_bool(*f, faults)) out.allow_same_vendor = *value;
  }
  auto sanitizers = read_list(fields, "accepted_sanitizers", "'static'", faults);
  for (const Item& item : sanitizers) {
    if (!detail::is_valid_id(item.text)) {
      faults.add(item.mark, "bad sanitizer id '" + printable(item.text) + "'");
    }
  }
  out.accepted_sanitizers = texts(sanitizers);
}

// `listen`: none, loopback, or a list of "loopback" and local addresses
// (IP or CIDR, optional :port or :lo-hi) the title may accept connections on.
std::vector<std::string> read_listen(Fields& fields, Faults& faults) {
  const Field* f = fields.find("listen");
  if (f != nullptr && f->value.IsScalar()) {
    const std::string word = f->value.Scalar();
    if (word == "none") return {};
    if (word == "loopback") return {"loopback"};
    faults.add(f->value, "'listen' is none, loopback or a list of local addresses, not '" +
                             printable(word) + "'");
    return {};
  }
  auto items = read_list(fields, "listen", "'runtime'", faults);
  for (const Item& item : items) {
    if (item.text == "loopback") continue;
    auto pattern = parse_endpoint_pattern(item.text);
    if (!pattern || (pattern->kind != EndpointPattern::Kind::kIp &&
                     pattern->kind != EndpointPattern::Kind::kCidr)) {
      faults.add(item.mark, "'listen' entry '" + printable(item.text) +
                                "' is not 'loopback' or a local IP/CIDR with an optional "
                                ":port or :lo-hi (0.0.0.0:27015, [::]:27015, 192.168.0.0/16)");
    }
  }
  return texts(items);
}

void read_runtime(const Field& field, RuntimePolicy& out, Faults& faults) {
  for (const auto& [old_key, new_key] : kReplacedKeys) {
    if (!field.value.IsMap()) break;
    for (auto it = field.value.begin(); it != field.value.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == old_key) {
        faults.add(it->first, "'" + std::string(old_key) + "' was replaced by '" +
                                  std::string(new_key) +
                                  "' (entries such as 'inet stream tcp', 'netlink raw route')");
      }
    }
  }
  Fields fields(field.value, "'runtime' section", kRuntimeKeys, faults);
  if (!fields.ok()) return;
  if (const Field* f = fields.require("network", "'runtime'")) {
    if (auto text = detail::read_string(*f, faults)) {
      if (auto network = parse_network_policy(*text)) {
        out.network = *network;
      } else {
        faults.add(f->value, "unknown network policy '" + printable(*text) +
                                 "' (expected none or allowlist)");
      }
    }
  }
  out.sockets = read_sockets(fields, faults);
  out.listen = read_listen(fields, faults);
  auto syscalls = read_list(fields, "deny_syscalls", "'runtime'", faults);
  for (const Item& item : syscalls) {
    if (!detail::is_known_syscall(item.text)) {
      faults.add(item.mark, detail::unknown_syscall_message(printable(item.text)));
    }
  }
  out.deny_syscalls = texts(syscalls);
  out.unix_socket_paths = read_paths(fields, "unix_socket_paths", /*home_ok=*/false, faults);
  out.deny_paths = read_paths(fields, "deny_paths", /*home_ok=*/true, faults);
  out.read_only_paths = read_paths(fields, "read_only_paths", /*home_ok=*/true, faults);
  out.mask_paths = read_paths(fields, "mask_paths", /*home_ok=*/false, faults);
  if (const Field* f = fields.require("deny_action", "'runtime'")) {
    if (auto text = detail::read_string(*f, faults)) {
      if (auto action = parse_deny_action(*text)) {
        out.deny_action = *action;
      } else {
        faults.add(f->value,
                   "unknown deny action '" + printable(*text) + "' (expected errno or kill)");
      }
    }
  }
  // Optional (older profiles have none): without it the secret patterns
  // are dropped, the safe default. With it, both lists are stated.
  out.env_drop = default_secret_patterns();
  if (const Field* f = fields.find("environment")) {
    Fields env(f->value, "'environment' section", kEnvironmentKeys, faults);
    if (env.ok()) {
      auto drop = read_list(env, "drop", "'environment'", faults);
      auto keep = read_list(env, "keep", "'environment'", faults);
      for (const auto* list : {&drop, &keep}) {
        for (const Item& item : *list) {
          if (item.text.empty() || item.text.find('=') != std::string::npos)
            faults.add(item.mark, "'" + printable(item.text) +
                                      "' is no variable name pattern (a glob such as *_TOKEN)");
        }
      }
      out.env_drop = texts(drop);
      out.env_keep = texts(keep);
    }
  }
  if (const Field* f = fields.require("deny_errno", "'runtime'")) {
    if (auto text = detail::read_string(*f, faults)) {
      if (parse_errno_name(*text)) {
        out.deny_errno = *text;
      } else {
        faults.add(f->value, "unknown errno name '" + printable(*text) +
                                 "' (e.g. ECONNREFUSED, ENETUNREACH, EPERM, EACCES)");
      }
    }
  }
}

}  // namespace

tl::expected<Profile, std::vector<Error>> parse_profile(const std::string& text,
                                                        const std::string& file) {
  Faults faults(file);
  Profile profile;
  profile.file = file;
  auto root = detail::parse_yaml(text, faults);
  if (root && (root->IsNull() || !root->IsDefined())) {
    faults.add(YAML::Mark{},
               "empty profile: expected a mapping with 'profile', 'static' and "
               "'runtime'");
  } else if (root) {
    Fields fields(*root, "profile", kTopKeys, faults);
    if (fields.ok()) {
      if (const Field* f = fields.require("profile", "profile file")) {
        if (auto name = detail::read_string(*f, faults)) {
          if (detail::is_valid_id(*name)) {
            profile.name = *name;
          } else {
            faults.add(f->value, "bad profile name '" + printable(*name) + "'");
          }
        }
      }
      if (const Field* f = fields.require("description", "profile file")) {
        if (auto description = detail::read_string(*f, faults)) profile.description = *description;
      }
      auto allow = read_list(fields, "allow", "profile file", faults);
      for (const Item& item : allow) {
        if (auto pattern = parse_endpoint_pattern(item.text); !pattern) {
          faults.add(item.mark, pattern.error().reason);
        }
      }
      profile.allow = texts(allow);
      if (const Field* f = fields.require("static", "profile file")) {
        read_static(*f, profile.static_policy, faults);
      }
      if (const Field* f = fields.require("runtime", "profile file")) {
        read_runtime(*f, profile.runtime_policy, faults);
      }
      // SECURITY: one policy for both halves. "No network" with endpoints
      // allowed would mean one thing to the scanner and another at run time.
      const Field* allow_field = fields.find("allow");
      if (allow_field != nullptr && !profile.allow.empty() &&
          profile.runtime_policy.network == NetworkPolicy::kNone && fields.find("runtime")) {
        faults.add(allow_field->key_node,
                   "'allow' lists endpoints but 'runtime.network' is none: a profile without "
                   "network allows no endpoint (use network: allowlist)");
      }
    }
  }
  if (!faults.empty()) return tl::unexpected(faults.take());
  return profile;
}

}  // namespace cordon::rules
