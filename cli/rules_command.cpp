// `cordon rules check|list [DIR...]`: validate or list the built-in packs and
// profiles plus extra pack directories. Exit 0 when everything validates,
// 2 with every fault ("cordon: error: FILE:LINE:COL: reason") on stderr otherwise.
#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <vector>

#include "cli/options.h"
#include "cordon/rules/profile_loader.h"
#include "cordon/rules/rule_set.h"
#include "cordon/rules/rules_dir.h"
#include "cordon/support/diagnostics.h"
#include "cordon/support/file_reader.h"

namespace cordon::cli {
namespace {

using rules::ApiEntry;
using rules::EndpointEntry;
using rules::EntryKind;

void print_errors(const std::vector<Error>& errors) {
  for (const Error& error : errors) print_error(error);
}

std::vector<std::string> profile_files(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml") out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The first name an entry matches on: its first API, else syscall, else string.
std::string first_name(const ApiEntry& entry) {
  if (!entry.apis.empty()) return entry.apis.front();
  if (!entry.syscalls.empty()) return entry.syscalls.front();
  if (!entry.strings.empty()) return entry.strings.front();
  if (!entry.globals.empty()) return entry.globals.front();
  if (!entry.constants.empty()) return std::to_string(entry.constants.front());
  if (!entry.functions.empty()) return entry.functions.front();
  return "";
}

nlohmann::ordered_json refs(const std::vector<rules::ValueRef>& values) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& value : values) out.push_back(rules::to_string(value));
  return out;
}

// Contract fields first: id, kind, api, platform|vendor, data, pack. Sources
// carry `platform`, sinks `vendor`; propagators and sanitizers belong to no
// one and carry `"platform": null`.
nlohmann::ordered_json api_json(const ApiEntry& entry) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["id"] = entry.id;
  j["kind"] = rules::to_string(entry.kind);
  j["api"] = first_name(entry);
  const std::string party(rules::to_string(entry.party));
  switch (entry.kind) {
    case EntryKind::kSource:
      j["platform"] = party;
      break;
    case EntryKind::kSink:
      j["vendor"] = party;
      break;
    case EntryKind::kPropagator:
    case EntryKind::kSanitizer:
    case EntryKind::kEndpoint:
    case EntryKind::kHandle:
    case EntryKind::kRuntime:
      j["platform"] = nullptr;
      break;
  }
  j["data"] =
      entry.data ? nlohmann::ordered_json(rules::to_string(*entry.data)) : nlohmann::ordered_json();
  j["pack"] = entry.pack;
  j["apis"] = entry.apis;
  j["syscalls"] = entry.syscalls;
  j["strings"] = entry.strings;
  if (entry.channel) j["channel"] = rules::to_string(*entry.channel);
  if (!entry.carries.empty()) j["carries"] = refs(entry.carries);
  if (entry.destination) j["destination"] = rules::to_string(*entry.destination);
  if (!entry.from.empty()) j["from"] = refs(entry.from);
  if (!entry.to.empty()) j["to"] = refs(entry.to);
  if (entry.callback) j["callback"] = *entry.callback;
  if (entry.arity) j["arity"] = *entry.arity;
  if (!entry.when.empty()) {
    nlohmann::ordered_json when = nlohmann::ordered_json::object();
    for (const auto& condition : entry.when) {
      nlohmann::ordered_json values = nlohmann::ordered_json::object();
      for (const auto& [name, value] : condition.values) values[name] = value;
      when["arg" + std::to_string(condition.index)] = std::move(values);
    }
    j["when"] = std::move(when);
  }
  if (entry.handle) j["handle"] = rules::to_string(*entry.handle);
  if (entry.origin) j["origin"] = rules::to_string(*entry.origin);
  if (!entry.globals.empty()) j["globals"] = entry.globals;
  if (!entry.constants.empty()) j["constants"] = entry.constants;
  if (!entry.functions.empty()) j["functions"] = entry.functions;
  j["description"] = entry.description;
  j["reference"] = entry.reference;
  return j;
}

nlohmann::ordered_json endpoint_json(const EndpointEntry& entry) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["id"] = entry.id;
  j["kind"] = "endpoint";
  j["pattern"] = entry.patterns.empty() ? "" : entry.patterns.front();
  j["vendor"] = rules::to_string(entry.vendor);
  j["data"] = nullptr;
  j["pack"] = entry.pack;
  j["patterns"] = entry.patterns;
  if (!entry.examples.empty()) j["examples"] = entry.examples;
  j["description"] = entry.description;
  j["reference"] = entry.reference;
  return j;
}

struct Row {
  std::string kind, id, name, party, data, pack;
};

void print_text(const rules::RuleSet& set) {
  std::vector<Row> rows;
  for (const ApiEntry* e : set.all_apis()) {
    const bool owned = e->kind == EntryKind::kSource || e->kind == EntryKind::kSink;
    rows.push_back({std::string(rules::to_string(e->kind)), e->id, first_name(*e),
                    owned ? std::string(rules::to_string(e->party)) : "-",
                    e->data ? std::string(rules::to_string(*e->data)) : "-", e->pack});
  }
  for (const EndpointEntry* e : set.all_endpoints()) {
    // The first pattern, and how many more: one short line per entry.
    std::string patterns = e->patterns.empty() ? "" : e->patterns.front();
    if (e->patterns.size() > 1) patterns += fmt::format(" (+{})", e->patterns.size() - 1);
    rows.push_back(
        {"endpoint", e->id, patterns, std::string(rules::to_string(e->vendor)), "-", e->pack});
  }
  std::size_t w_kind = 0, w_id = 0, w_name = 0, w_party = 0, w_data = 0;
  for (const Row& r : rows) {
    w_kind = std::max(w_kind, r.kind.size());
    w_id = std::max(w_id, r.id.size());
    w_name = std::max(w_name, std::min<std::size_t>(r.name.size(), 60));
    w_party = std::max(w_party, r.party.size());
    w_data = std::max(w_data, r.data.size());
  }
  for (const Row& r : rows) {
    fmt::print("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", r.kind, w_kind, r.id, w_id, r.name,
               w_name, r.party, w_party, r.data, w_data, r.pack);
  }
}

// A profile file given to `rules check` (a learned or edited profile): a
// regular *.yaml file whose top level has a `profile` key. A directory, or a
// file that does not say it is a profile, is read as packs.
bool is_profile_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  const auto ext = fs::path(path).extension();
  if (ext != ".yaml" && ext != ".yml") return false;
  auto text = read_text_file(path, std::size_t{1} << 20);
  if (!text) return true;  // the profile loader names the fault
  // Top-level keys start a line; a profile's first is `profile:`.
  std::size_t at = 0;
  while (at < text->size()) {
    const std::size_t end = text->find('\n', at);
    const std::string_view line(text->data() + at,
                                (end == std::string::npos ? text->size() : end) - at);
    if (line.starts_with("profile:")) return true;
    at = end == std::string::npos ? text->size() : end + 1;
  }
  return false;
}

int check(const rules::RulesDirs& dirs, tl::expected<rules::RuleSet, std::vector<Error>> set,
          const std::vector<std::string>& extra_profiles) {
  std::vector<Error> errors;
  if (!set) errors = set.error();
  auto files = profile_files(dirs.profiles);
  files.insert(files.end(), extra_profiles.begin(), extra_profiles.end());
  std::size_t profiles = 0;
  std::vector<std::string> environments;
  for (const std::string& file : files) {
    auto profile = rules::load_profile_file(file);
    if (!profile) {
      errors.insert(errors.end(), profile.error().begin(), profile.error().end());
      continue;
    }
    ++profiles;
    // What the title's environment loses is part of the policy to review.
    const auto& rt = profile->runtime_policy;
    environments.push_back(fmt::format(
        "profile {}: environment drops {} ({}), keeps {}", profile->name,
        rt.env_drop.empty() ? "nothing" : fmt::format("{} name patterns", rt.env_drop.size()),
        fmt::join(rt.env_drop, " "),
        rt.env_keep.empty() ? "no exception" : fmt::format("{}", fmt::join(rt.env_keep, " "))));
    if (set) {
      auto more = rules::check_profile_against(*profile, *set);
      errors.insert(errors.end(), more.begin(), more.end());
    }
  }
  if (files.empty()) {
    errors.push_back(Error{ErrorKind::kValidation, dirs.profiles, "", "no *.yaml profiles"});
  }
  if (!errors.empty()) {
    print_errors(errors);
    print_error("rules check",
                fmt::format("{} fault{}", errors.size(), errors.size() == 1 ? "" : "s"));
    return kExitUsage;
  }
  std::size_t patterns = 0;
  for (const EndpointEntry* e : set->all_endpoints()) patterns += e->patterns.size();
  for (const auto& line : environments) fmt::print("{}\n", line);
  fmt::print("ok: {} packs, {} api entries, {} endpoint entries ({} patterns), {} profiles\n",
             set->packs().size(), set->all_apis().size(), set->all_endpoints().size(), patterns,
             profiles);
  return kExitClean;
}

}  // namespace

int run_rules_check(const RulesOptions& options) {
  auto dirs = rules::builtin_rules_dirs();
  if (!dirs) {
    print_error(dirs.error());
    return kExitUsage;
  }
  std::vector<std::string> pack_dirs{dirs->packs};
  std::vector<std::string> profiles;
  for (const std::string& arg : options.dirs) {
    (is_profile_file(arg) ? profiles : pack_dirs).push_back(arg);
  }
  return check(*dirs, rules::RuleSet::load(pack_dirs), profiles);
}

int run_rules_command(const RulesOptions& options) {
  if (options.action == "check") {
    return options.verbose ? run_rules_verify(options) : run_rules_check(options);
  }
  auto dirs = rules::builtin_rules_dirs();
  if (!dirs) {
    print_error(dirs.error());
    return kExitUsage;
  }
  std::vector<std::string> pack_dirs{dirs->packs};
  pack_dirs.insert(pack_dirs.end(), options.dirs.begin(), options.dirs.end());
  auto set = rules::RuleSet::load(pack_dirs);
  if (!set) {
    print_errors(set.error());
    return kExitUsage;
  }
  if (options.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const ApiEntry* e : set->all_apis()) out.push_back(api_json(*e));
    for (const EndpointEntry* e : set->all_endpoints()) out.push_back(endpoint_json(*e));
    fmt::print("{}\n", out.dump(2));
  } else {
    print_text(*set);
  }
  return kExitClean;
}

}  // namespace cordon::cli
