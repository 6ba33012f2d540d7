// Loading every pack together: per-file faults from pack_parser, then the
// checks that need all packs at once (duplicate pack names, ids, patterns).
#include "cordon/rules/rule_set.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include "cordon/support/file_reader.h"
#include "pack_parser.h"

namespace cordon::rules {
namespace {

constexpr std::size_t kMaxPackBytes = 8 * 1024 * 1024;

std::string at(const SourceLocation& loc) {
  return loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

Error fault_at(const SourceLocation& loc, std::string reason) {
  return Error{ErrorKind::kValidation, loc.file,
               std::to_string(loc.line) + ":" + std::to_string(loc.column), std::move(reason)};
}

// One spelling per pattern, so "*.X.com" and "*.x.com." are seen as one.
std::string pattern_key(const EndpointPattern& p) {
  std::string key = std::to_string(static_cast<int>(p.kind)) + "|";
  switch (p.kind) {
    case EndpointPattern::Kind::kHostExact:
    case EndpointPattern::Kind::kHostWildcard:
      key += p.host;
      break;
    case EndpointPattern::Kind::kIp:
      key += p.ip.to_string();
      break;
    case EndpointPattern::Kind::kCidr:
      key += p.ip.to_string() + "/" + std::to_string(p.prefix_length);
      break;
    case EndpointPattern::Kind::kUrlPrefix:
      key += p.url_prefix;
      break;
  }
  return key + "|" + std::to_string(p.port_low) + "-" + std::to_string(p.port_high);
}

void check_across_packs(const std::vector<Pack>& packs, std::vector<Error>& errors) {
  std::map<std::string, const Pack*> names;
  std::map<std::string, SourceLocation> ids;
  std::map<std::string, std::pair<std::string, SourceLocation>> patterns;
  for (const Pack& pack : packs) {
    if (!pack.name.empty()) {
      auto [it, fresh] = names.emplace(pack.name, &pack);
      if (!fresh) {
        errors.push_back(
            Error{ErrorKind::kValidation, pack.file, "",
                  "duplicate pack name '" + pack.name + "' (also in " + it->second->file + ")"});
      }
    }
    auto check_id = [&](const std::string& id, const SourceLocation& loc) {
      if (id.empty()) return;
      auto [it, fresh] = ids.emplace(id, loc);
      if (!fresh) {
        errors.push_back(
            fault_at(loc, "duplicate id '" + id + "' (first defined at " + at(it->second) + ")"));
      }
    };
    for (const ApiEntry& entry : pack.apis) check_id(entry.id, entry.location);
    for (const AccessorEntry& entry : pack.accessors) check_id(entry.id, entry.location);
    for (const InterfaceEntry& entry : pack.interfaces) check_id(entry.id, entry.location);
    for (const EndpointEntry& entry : pack.endpoints) {
      check_id(entry.id, entry.location);
      for (const std::string& text : entry.patterns) {
        auto parsed = parse_endpoint_pattern(text);
        if (!parsed) continue;  // reported by the parser already
        auto [it, fresh] =
            patterns.emplace(pattern_key(*parsed), std::make_pair(entry.id, entry.location));
        if (!fresh) {
          errors.push_back(fault_at(entry.location, "pattern '" + text + "' of endpoint '" +
                                                        entry.id + "' is also in endpoint '" +
                                                        it->second.first + "' (" +
                                                        at(it->second.second) + ")"));
        }
      }
    }
  }
}

// Accessors and interfaces: an accessor's api and an interface version are
// named once across all packs, and an accessor's fixed version names a
// loaded interface (otherwise its calls would resolve to nothing, silently).
void check_interfaces(const std::vector<Pack>& packs, std::vector<Error>& errors) {
  std::map<std::string, SourceLocation> apis;
  std::map<std::string, SourceLocation> versions;
  for (const Pack& pack : packs) {
    for (const InterfaceEntry& entry : pack.interfaces) {
      for (const std::string& version : entry.versions) {
        auto [it, fresh] = versions.emplace(version, entry.location);
        if (!fresh) {
          errors.push_back(fault_at(entry.location, "interface version '" + version +
                                                        "' is also defined at " + at(it->second)));
        }
      }
    }
    for (const AccessorEntry& entry : pack.accessors) {
      for (const std::string& api : entry.apis) {
        auto [it, fresh] = apis.emplace(api, entry.location);
        if (!fresh) {
          errors.push_back(
              fault_at(entry.location,
                       "accessor api '" + api + "' is also an accessor at " + at(it->second)));
        }
      }
    }
  }
  for (const Pack& pack : packs) {
    for (const AccessorEntry& entry : pack.accessors) {
      if (!entry.version.empty() && versions.count(entry.version) == 0) {
        errors.push_back(fault_at(entry.location, "accessor '" + entry.id + "' returns version '" +
                                                      entry.version +
                                                      "', which no loaded interface defines"));
      }
    }
  }
}

// An endpoint's examples must be matched by that endpoint: with every pack
// loaded, so an example taken by a more specific pattern elsewhere fails too.
void check_examples(const RuleSet& set, std::vector<Error>& errors) {
  for (const EndpointEntry* entry : set.all_endpoints()) {
    for (const std::string& example : entry->examples) {
      auto url = parse_url(example);
      if (!url) continue;  // reported by the parser already
      auto match = set.endpoints().match_url(*url);
      if (!match) {
        errors.push_back(fault_at(entry->location, "example '" + example + "' of endpoint '" +
                                                       entry->id + "' matches no endpoint"));
      } else if (match->id != entry->id) {
        errors.push_back(fault_at(entry->location, "example '" + example + "' of endpoint '" +
                                                       entry->id + "' matches endpoint '" +
                                                       match->id + "' (pattern '" + match->pattern +
                                                       "')"));
      }
    }
  }
}

Result<std::vector<std::string>> pack_files(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return fail(ErrorKind::kIo, dir, "",
                fs::exists(dir, ec) ? "not a directory" : "no such directory");
  }
  std::vector<std::string> out;
  fs::directory_iterator it(dir, ec);
  if (ec) return fail(ErrorKind::kIo, dir, "", ec.message());
  for (const fs::directory_entry& entry : it) {
    const fs::path& path = entry.path();
    if (path.extension() != ".yaml" || !entry.is_regular_file(ec)) continue;
    out.push_back((fs::path(dir) / path.filename()).string());
  }
  if (out.empty()) return fail(ErrorKind::kValidation, dir, "", "no *.yaml packs in directory");
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

tl::expected<RuleSet, std::vector<Error>> RuleSet::load(const std::vector<std::string>& pack_dirs) {
  std::vector<Error> errors;
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string& dir : pack_dirs) {
    auto paths = pack_files(dir);
    if (!paths) {
      errors.push_back(paths.error());
      continue;
    }
    for (const std::string& path : *paths) {
      auto text = read_text_file(path, kMaxPackBytes);
      if (!text) {
        errors.push_back(text.error());
        continue;
      }
      files.emplace_back(path, std::move(*text));
    }
  }
  auto set = from_texts(files);
  if (!set) errors.insert(errors.end(), set.error().begin(), set.error().end());
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return set;
}

tl::expected<RuleSet, std::vector<Error>> RuleSet::from_texts(
    const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<Error> errors;
  RuleSet set;
  for (const auto& [name, text] : files) {
    detail::Faults faults(name);
    auto pack = detail::parse_pack(text, faults);
    auto found = faults.take();
    errors.insert(errors.end(), found.begin(), found.end());
    if (pack) set.packs_.push_back(std::move(*pack));
  }
  check_across_packs(set.packs_, errors);
  check_interfaces(set.packs_, errors);
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  set.build_indexes();
  check_examples(set, errors);
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return set;
}

void RuleSet::build_indexes() {
  for (const Pack& pack : packs_) {
    for (const ApiEntry& entry : pack.apis) {
      for (const std::string& name : entry.apis) api_index_[name].push_back(&entry);
      for (const std::string& name : entry.syscalls) syscall_index_[name].push_back(&entry);
      for (const std::string& text : entry.strings) string_index_[text].push_back(&entry);
      for (const std::string& name : entry.globals) global_index_[name].push_back(&entry);
      for (std::int64_t value : entry.constants) handle_constants_.emplace_back(value, &entry);
      for (const std::string& pattern : entry.functions)
        runtime_patterns_.emplace_back(pattern, &entry);
      id_index_.emplace(entry.id, &entry);
    }
    for (const AccessorEntry& entry : pack.accessors) {
      for (const std::string& name : entry.apis) accessor_index_.emplace(name, &entry);
    }
    for (const InterfaceEntry& entry : pack.interfaces) {
      for (const std::string& version : entry.versions) interface_index_.emplace(version, &entry);
    }
    for (const EndpointEntry& entry : pack.endpoints) {
      for (const std::string& pattern : entry.patterns) {
        // Validated by the parser; a failure here would be a bug, not input.
        (void)endpoints_.add(pattern, entry.id, entry.vendor);
      }
    }
  }
}

std::vector<const ApiEntry*> RuleSet::by_api(std::string_view name) const {
  auto it = api_index_.find(std::string(name));
  return it == api_index_.end() ? std::vector<const ApiEntry*>{} : it->second;
}

std::vector<const ApiEntry*> RuleSet::by_syscall(std::string_view name) const {
  auto it = syscall_index_.find(std::string(name));
  return it == syscall_index_.end() ? std::vector<const ApiEntry*>{} : it->second;
}

std::vector<const ApiEntry*> RuleSet::by_string(std::string_view text) const {
  auto it = string_index_.find(std::string(text));
  return it == string_index_.end() ? std::vector<const ApiEntry*>{} : it->second;
}

const ApiEntry* RuleSet::by_id(std::string_view id) const {
  auto it = id_index_.find(std::string(id));
  return it == id_index_.end() ? nullptr : it->second;
}

std::vector<const ApiEntry*> RuleSet::by_global(std::string_view name) const {
  auto it = global_index_.find(std::string(name));
  return it == global_index_.end() ? std::vector<const ApiEntry*>{} : it->second;
}

const AccessorEntry* RuleSet::accessor_of(std::string_view name) const {
  auto it = accessor_index_.find(std::string(name));
  return it == accessor_index_.end() ? nullptr : it->second;
}

const InterfaceEntry* RuleSet::interface_of(std::string_view version) const {
  auto it = interface_index_.find(std::string(version));
  return it == interface_index_.end() ? nullptr : it->second;
}

const ApiEntry* RuleSet::by_handle_constant(std::int64_t value) const {
  for (const auto& [constant, entry] : handle_constants_) {
    if (constant == value) return entry;
  }
  return nullptr;
}

namespace {

// '*' stands for any text (also none); everything else matches itself.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

const ApiEntry* RuleSet::runtime_of(std::string_view function) const {
  for (const auto& [pattern, entry] : runtime_patterns_) {
    // Most patterns start with a literal: a cheap first-character test.
    if (!pattern.empty() && pattern[0] != '*' && (function.empty() || function[0] != pattern[0])) {
      continue;
    }
    if (glob_match(pattern, function)) return entry;
  }
  return nullptr;
}

std::vector<const ApiEntry*> RuleSet::all_apis() const {
  std::vector<const ApiEntry*> out;
  for (const Pack& pack : packs_) {
    for (const ApiEntry& entry : pack.apis) out.push_back(&entry);
  }
  return out;
}

std::vector<const EndpointEntry*> RuleSet::all_endpoints() const {
  std::vector<const EndpointEntry*> out;
  for (const Pack& pack : packs_) {
    for (const EndpointEntry& entry : pack.endpoints) out.push_back(&entry);
  }
  return out;
}

}  // namespace cordon::rules
