#include "pack_parser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <unordered_set>

#include "cordon/rules/endpoint.h"
#include "cordon/support/strings.h"
#include "interface_parser.h"
#include "quoted.h"
#include "syscall_names.h"

namespace cordon::rules::detail {
namespace {

constexpr std::size_t kMaxEntries = 10000;
constexpr int kMaxArgIndex = 15;
constexpr int kMaxArity = 16;

constexpr std::array<std::string_view, 11> kPackKeys{
    "pack",      "description", "sources", "sinks",     "propagators", "sanitizers",
    "endpoints", "handles",     "runtime", "accessors", "interfaces"};
constexpr std::array<std::string_view, 14> kSourceKeys{
    "id",     "apis",  "syscalls", "strings",    "platform", "data",        "carries",
    "fields", "arity", "when",     "float_args", "own_name", "description", "reference"};
constexpr std::array<std::string_view, 16> kSinkKeys{
    "id",       "apis",        "syscalls",   "strings",          "vendor",
    "channel",  "data",        "carries",    "handle",           "when",
    "arity",    "destination", "float_args", "answers_own_name", "description",
    "reference"};
constexpr std::array<std::string_view, 11> kHandleKeys{
    "id",   "apis",   "syscalls", "globals",     "constants", "origin",
    "from", "handle", "arity",    "description", "reference"};
constexpr std::array<std::string_view, 4> kRuntimeKeys{"id", "functions", "description",
                                                       "reference"};
constexpr std::array<std::string_view, 11> kPropagatorKeys{
    "id",       "apis",  "syscalls",   "strings",     "from",     "to",
    "callback", "arity", "float_args", "description", "reference"};
constexpr std::array<std::string_view, 10> kSanitizerKeys{
    "id", "apis",  "syscalls",   "strings",     "from",
    "to", "arity", "float_args", "description", "reference"};
constexpr std::array<std::string_view, 6> kEndpointKeys{"id",       "vendor",      "patterns",
                                                        "examples", "description", "reference"};
// Every key some entry kind has: a known key in the wrong kind of entry gets
// "does not apply" rather than "unknown".
constexpr std::array<std::string_view, 28> kAnyEntryKeys{
    "id",         "apis",    "syscalls", "strings",         "platform",    "vendor",
    "data",       "channel", "carries",  "destination",     "from",        "to",
    "callback",   "arity",   "patterns", "examples",        "description", "reference",
    "when",       "handle",  "origin",   "globals",         "constants",   "functions",
    "float_args", "fields",  "own_name", "answers_own_name"};

std::string choices(std::string_view (*name)(int), int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += name(i);
  }
  return out;
}

std::string party_choices() {
  return choices([](int i) { return to_string(static_cast<Party>(i)); },
                 static_cast<int>(Party::kUnknown) + 1);
}
std::string data_choices() {
  return choices([](int i) { return to_string(static_cast<DataClass>(i)); },
                 static_cast<int>(DataClass::kCredentials) + 1);
}
std::string channel_choices() {
  return choices([](int i) { return to_string(static_cast<Channel>(i)); },
                 static_cast<int>(Channel::kDns) + 1);
}

void check_index(const Item& item, int index, bool open_end, std::optional<int> arity,
                 Faults& faults) {
  if (index > kMaxArgIndex) {
    faults.add(item.mark, "argument index " + std::to_string(index) + " in '" + item.text +
                              "' is out of range (at most " + std::to_string(kMaxArgIndex) + ")");
    return;
  }
  // argN+ may start right after the fixed arguments: snprintf's "arg3+".
  const bool out_of_arity = arity && (open_end ? index > *arity : index >= *arity);
  if (out_of_arity) {
    faults.add(item.mark, "argument index " + std::to_string(index) + " in '" + item.text +
                              "' is out of range for arity " + std::to_string(*arity));
  }
}

std::optional<ValueRef> read_ref(const Item& item, std::optional<int> arity, Faults& faults) {
  auto ref = parse_value_ref(item.text);
  if (!ref) {
    faults.add(item.mark, "bad value reference '" + printable(item.text) +
                              "' (expected ret, this, argN, *argN, argN+ or *argN+)");
    return std::nullopt;
  }
  using W = ValueRef::Where;
  if (ref->where != W::kReturn && ref->where != W::kThis) {
    check_index(item, ref->index, ref->where == W::kArgsFrom || ref->where == W::kPointeesFrom,
                arity, faults);
  }
  return ref;
}

std::vector<ValueRef> read_refs(const Field* field, std::optional<int> arity, Faults& faults) {
  std::vector<ValueRef> out;
  if (field == nullptr) return out;
  auto items = read_string_list(*field, faults, 32);
  if (!items) return out;
  for (const Item& item : *items) {
    if (auto ref = read_ref(item, arity, faults)) out.push_back(*ref);
  }
  return out;
}

}  // namespace

// The names under `key`, each clean and listed once. Under `syscalls`, a
// name libseccomp does not know is an error naming `owner` (the entry).
std::vector<std::string> read_names(const Fields& fields, std::string_view key, Faults& faults,
                                    const Owner* owner) {
  std::vector<std::string> out;
  const Field* field = fields.find(key);
  if (field == nullptr) return out;
  auto items = read_string_list(*field, faults);
  if (!items) return out;
  std::unordered_set<std::string> seen;
  for (const Item& item : *items) {
    if (item.text.size() > 1024 || !is_clean_text(item.text)) {
      faults.add(item.mark, quoted(item.text) + " in '" + std::string(key) +
                                "' is not a clean name (printable ASCII, no outer blanks)");
      continue;
    }
    if (key == "syscalls" && !is_known_syscall(item.text)) {
      faults.add(item.mark, (owner != nullptr ? owner->name() + " has " : std::string()) +
                                unknown_syscall_message(item.text));
      continue;
    }
    if (!seen.insert(item.text).second) {
      faults.add(item.mark, "'" + item.text + "' is listed twice in '" + std::string(key) + "'");
      continue;
    }
    out.push_back(item.text);
  }
  return out;
}

namespace {

// A decimal or 0x-hexadecimal integer, optionally negative.
std::optional<std::int64_t> parse_int64(std::string_view text) {
  bool negative = text.starts_with('-');
  if (negative) text.remove_prefix(1);
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  auto signed_value = static_cast<std::int64_t>(value);
  return negative ? -signed_value : signed_value;
}

bool is_constant_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// `when: { arg1: { CURLOPT_URL: 10002, ... } }`: the argument positions and
// the named constants each must be one of.
std::vector<ArgCondition> read_when(const Field& field, std::optional<int> arity, Faults& faults) {
  std::vector<ArgCondition> out;
  if (!field.value.IsMap() || field.value.size() == 0) {
    faults.add(field.value,
               "'when' must map argN to its named constants, e.g. "
               "{ arg1: { CURLOPT_URL: 10002 } }");
    return out;
  }
  if (!faults.spend(field.value.size(), field.value.Mark())) return out;
  for (const auto& pair : field.value) {
    const YAML::Node& key = pair.first;
    const YAML::Node& values = pair.second;
    std::string text = key.IsScalar() ? key.Scalar() : std::string();
    auto ref = parse_value_ref(text);
    if (!ref || ref->where != ValueRef::Where::kArg) {
      faults.add(key, "bad condition '" + printable(text) + "' in 'when' (expected argN)");
      continue;
    }
    check_index(Item{text, key.Mark()}, ref->index, false, arity, faults);
    ArgCondition condition{ref->index, {}};
    if (!values.IsMap() || values.size() == 0) {
      faults.add(values, "'when' " + text + " must map constant names to integers");
      continue;
    }
    if (!faults.spend(values.size(), values.Mark())) return out;
    for (const auto& named : values) {
      std::string name = named.first.IsScalar() ? named.first.Scalar() : std::string();
      if (!is_constant_name(name)) {
        faults.add(named.first,
                   "bad constant name '" + printable(name) + "' (letters, digits and '_')");
        continue;
      }
      auto value = named.second.IsScalar() ? parse_int64(named.second.Scalar()) : std::nullopt;
      if (!value) {
        faults.add(named.second, "constant '" + name + "' must be an integer (decimal or 0x hex)");
        continue;
      }
      condition.values.emplace_back(name, *value);
    }
    out.push_back(std::move(condition));
  }
  return out;
}

// `fields: { ret: { pw_name: 0, pw_gecos: 24 } }`: per carried value, the
// members (name: byte offset) that hold the data.
std::vector<CarriedFields> read_fields(const Field& field, const std::vector<ValueRef>& carries,
                                       std::optional<int> arity, Faults& faults) {
  constexpr std::int64_t kMaxOffset = 65535;
  std::vector<CarriedFields> out;
  if (!field.value.IsMap() || field.value.size() == 0) {
    faults.add(field.value,
               "'fields' must map a carried value to its members' byte offsets, e.g. "
               "{ ret: { pw_name: 0 } }");
    return out;
  }
  if (!faults.spend(field.value.size(), field.value.Mark())) return out;
  for (const auto& pair : field.value) {
    const YAML::Node& key = pair.first;
    const YAML::Node& members = pair.second;
    std::string text = key.IsScalar() ? key.Scalar() : std::string();
    auto ref = read_ref(Item{text, key.Mark()}, arity, faults);
    if (!ref) continue;
    if (std::find(carries.begin(), carries.end(), *ref) == carries.end()) {
      faults.add(key, "'fields' names '" + printable(text) + "', which is not in 'carries'");
      continue;
    }
    CarriedFields carried{*ref, {}};
    if (!members.IsMap() || members.size() == 0) {
      faults.add(members, "'fields' " + text + " must map member names to byte offsets");
      continue;
    }
    if (!faults.spend(members.size(), members.Mark())) return out;
    for (const auto& named : members) {
      std::string name = named.first.IsScalar() ? named.first.Scalar() : std::string();
      if (!is_constant_name(name)) {
        faults.add(named.first,
                   "bad member name '" + printable(name) + "' (letters, digits and '_')");
        continue;
      }
      auto offset = named.second.IsScalar() ? parse_int64(named.second.Scalar()) : std::nullopt;
      if (!offset || *offset < 0 || *offset > kMaxOffset) {
        faults.add(named.second, "member '" + name + "' needs a byte offset from 0 to " +
                                     std::to_string(kMaxOffset));
        continue;
      }
      carried.members.emplace_back(name, *offset);
    }
    out.push_back(std::move(carried));
  }
  return out;
}

std::optional<Party> read_party(Fields& fields, std::string_view key, const Owner& owner,
                                Faults& faults) {
  const Field* field = fields.require(key, owner.name());
  if (field == nullptr) return std::nullopt;
  auto text = read_string(*field, faults);
  if (!text) return std::nullopt;
  auto party = parse_party(*text);
  if (!party) {
    faults.add(field->value, "unknown " + std::string(key) + " '" + printable(*text) +
                                 "' (expected one of: " + party_choices() + ")");
  }
  return party;
}

}  // namespace

// id, description and reference: common to every entry.
void read_common(Fields& fields, Owner& owner, std::string& id, std::string& description,
                 std::string& reference, Faults& faults) {
  if (const Field* f = fields.require("id", owner.what)) {
    if (auto text = read_string(*f, faults)) {
      if (!is_valid_id(*text)) {
        faults.add(f->value, "bad id '" + printable(*text) +
                                 "': use lower-case letters, digits, '.', '_' and '-', "
                                 "starting with a letter or digit");
      } else {
        id = *text;
        owner.id = *text;
      }
    }
  }
  if (const Field* f = fields.require("description", owner.name())) {
    if (auto text = read_string(*f, faults)) description = *text;
  }
  if (const Field* f = fields.require("reference", owner.name())) {
    if (auto text = read_string(*f, faults)) {
      check_reference(*f, *text, faults);
      reference = *text;
    }
  }
}

namespace {

std::optional<ApiEntry> parse_api_entry(const YAML::Node& node, EntryKind kind, Faults& faults) {
  std::span<const std::string_view> keys;
  switch (kind) {
    case EntryKind::kSource:
      keys = kSourceKeys;
      break;
    case EntryKind::kSink:
      keys = kSinkKeys;
      break;
    case EntryKind::kPropagator:
      keys = kPropagatorKeys;
      break;
    case EntryKind::kSanitizer:
      keys = kSanitizerKeys;
      break;
    case EntryKind::kHandle:
      keys = kHandleKeys;
      break;
    case EntryKind::kEndpoint:
    case EntryKind::kRuntime:
      return std::nullopt;  // endpoints and runtimes have their own parsers
  }
  Owner owner{std::string(to_string(kind)) + " entry", ""};
  const std::size_t before = faults.count();
  Fields fields(node, owner.what, keys, faults, kAnyEntryKeys);
  if (!fields.ok()) return std::nullopt;

  ApiEntry entry;
  entry.kind = kind;
  entry.location = faults.location(node.Mark());
  read_common(fields, owner, entry.id, entry.description, entry.reference, faults);

  entry.apis = read_names(fields, "apis", faults);
  entry.syscalls = read_names(fields, "syscalls", faults, &owner);
  entry.strings = read_names(fields, "strings", faults);
  entry.globals = read_names(fields, "globals", faults);
  if (const Field* f = fields.find("constants")) {
    if (auto items = read_string_list(*f, faults, 64)) {
      for (const Item& item : *items) {
        if (auto value = parse_int64(item.text)) {
          entry.constants.push_back(*value);
        } else {
          faults.add(item.mark, "constant '" + printable(item.text) + "' is not an integer");
        }
      }
    }
  }
  // Counted on the YAML, not on what survived: a bad name is its own fault.
  std::size_t written = 0;
  bool listed = false;
  for (std::string_view key : {"apis", "syscalls", "strings", "globals", "constants"}) {
    if (const Field* f = fields.find(key)) {
      listed = true;
      if (f->value.IsSequence()) written += f->value.size();
      if (!f->value.IsSequence()) written += 1;  // a wrong type was reported already
    }
  }
  if (written == 0) {
    const std::string names = kind == EntryKind::kHandle
                                  ? "'apis', 'syscalls', 'globals' and 'constants'"
                                  : "'apis', 'syscalls' and 'strings'";
    faults.add(node, owner.name() + " matches nothing: " + names + " are " +
                         (listed ? "all empty" : "all missing"));
  }

  if (const Field* f = fields.find("arity")) entry.arity = read_int(*f, faults, 0, kMaxArity);
  // Parameters passed in floating-point registers: a binary's argN is then
  // another register than the integer one at position N.
  if (const Field* f = fields.find("float_args")) {
    auto items = read_string_list(*f, faults, 16);
    for (const Item& item : items ? *items : std::vector<Item>{}) {
      auto ref = read_ref(item, entry.arity, faults);
      if (!ref) continue;
      if (ref->where != ValueRef::Where::kArg) {
        faults.add(item.mark, "'float_args' lists parameters as argN, not '" + item.text + "'");
      } else {
        entry.float_args.push_back(ref->index);
      }
    }
  }
  if (const Field* f = fields.find("when")) entry.when = read_when(*f, entry.arity, faults);
  if (const Field* f = fields.find("handle")) {
    if (auto text = read_string(*f, faults)) {
      entry.handle = read_ref(Item{*text, f->value.Mark()}, entry.arity, faults);
    }
  }
  if (kind == EntryKind::kHandle) {
    const Field* origin = fields.find("origin");
    const Field* from = fields.find("from");
    if ((origin == nullptr) == (from == nullptr)) {
      faults.add(node, owner.name() +
                           " needs exactly one of 'origin' (what it opens) and "
                           "'from' (the handle it copies)");
    }
    if (origin != nullptr) {
      if (auto text = read_string(*origin, faults)) {
        entry.origin = parse_handle_origin(*text);
        if (!entry.origin) {
          faults.add(origin->value, "unknown origin '" + printable(*text) +
                                        "' (expected one of: network, file, standard, pipe)");
        }
      }
    }
    entry.from = read_refs(from, entry.arity, faults);
    const bool calls = !entry.apis.empty() || !entry.syscalls.empty();
    if (calls && !entry.handle) {
      faults.add(node, owner.name() + " names calls but no 'handle' (the value holding it)");
    }
  }

  if (kind == EntryKind::kSource || kind == EntryKind::kSink) {
    const std::string_view party_key = kind == EntryKind::kSource ? "platform" : "vendor";
    if (auto party = read_party(fields, party_key, owner, faults)) entry.party = *party;
    const Field* data =
        kind == EntryKind::kSource ? fields.require("data", owner.name()) : fields.find("data");
    if (data != nullptr) {
      if (auto text = read_string(*data, faults)) {
        entry.data = parse_data_class(*text);
        if (!entry.data) {
          faults.add(data->value, "unknown data class '" + printable(*text) +
                                      "' (expected one of: " + data_choices() + ")");
        }
      }
    }
    const Field* carries = fields.require("carries", owner.name());
    entry.carries = read_refs(carries, entry.arity, faults);
    if (const Field* f = fields.find("fields")) {
      entry.fields = read_fields(*f, entry.carries, entry.arity, faults);
    }
    const std::string_view own_key = kind == EntryKind::kSource ? "own_name" : "answers_own_name";
    if (const Field* f = fields.find(own_key)) {
      if (auto value = read_bool(*f, faults)) entry.own_name = *value;
    }
    // A sink may carry nothing: it sends what was handed over elsewhere
    // (connect names a peer, curl_easy_perform runs a configured transfer):
    // a network capability that ends no path.
    const bool empty =
        carries != nullptr && carries->value.IsSequence() && carries->value.size() == 0;
    if (empty && kind == EntryKind::kSource) {
      faults.add(carries->value, "'carries' of " + owner.name() + " is empty");
    }
  }
  if (kind == EntryKind::kSink) {
    if (const Field* f = fields.require("channel", owner.name())) {
      if (auto text = read_string(*f, faults)) {
        entry.channel = parse_channel(*text);
        if (!entry.channel) {
          faults.add(f->value, "unknown channel '" + printable(*text) +
                                   "' (expected one of: " + channel_choices() + ")");
        }
      }
    }
    if (const Field* f = fields.find("destination")) {
      if (auto text = read_string(*f, faults)) {
        entry.destination = read_ref(Item{*text, f->value.Mark()}, entry.arity, faults);
      }
    }
  }
  if (kind == EntryKind::kPropagator || kind == EntryKind::kSanitizer) {
    if (const Field* f = fields.find("callback")) {
      if (auto index = read_int(*f, faults, 0, kMaxArgIndex)) {
        entry.callback = *index;
        if (entry.arity && *index >= *entry.arity) {
          faults.add(f->value, "callback argument " + std::to_string(*index) +
                                   " is out of range for arity " + std::to_string(*entry.arity));
        }
      }
    }
    entry.from = read_refs(fields.require("from", owner.name()), entry.arity, faults);
    const Field* to = fields.find("to");
    if (to == nullptr && !entry.callback) {
      faults.add(node, owner.name() + " has no 'to'" +
                           (kind == EntryKind::kPropagator ? " and no 'callback'" : ""));
    }
    entry.to = read_refs(to, entry.arity, faults);
  }
  if (faults.count() != before) return std::nullopt;
  return entry;
}

std::optional<EndpointEntry> parse_endpoint_entry(const YAML::Node& node, Faults& faults) {
  Owner owner{"endpoint entry", ""};
  const std::size_t before = faults.count();
  Fields fields(node, owner.what, kEndpointKeys, faults, kAnyEntryKeys);
  if (!fields.ok()) return std::nullopt;
  EndpointEntry entry;
  entry.location = faults.location(node.Mark());
  read_common(fields, owner, entry.id, entry.description, entry.reference, faults);
  if (auto party = read_party(fields, "vendor", owner, faults)) entry.vendor = *party;
  if (const Field* f = fields.require("patterns", owner.name())) {
    if (auto items = read_string_list(*f, faults)) {
      if (items->empty() && f->value.size() == 0) {
        faults.add(f->value, "'patterns' of " + owner.name() + " is empty");
      }
      for (const Item& item : *items) {
        auto pattern = parse_endpoint_pattern(item.text);
        if (!pattern) {
          faults.add(item.mark, pattern.error().reason);
          continue;
        }
        entry.patterns.push_back(item.text);
      }
    }
  }
  if (const Field* f = fields.find("examples")) {
    if (auto items = read_string_list(*f, faults, 1000)) {
      for (const Item& item : *items) {
        if (!parse_url(item.text)) {
          faults.add(item.mark, "example " + quoted(item.text) + " is not a URL or host name");
          continue;
        }
        entry.examples.push_back(item.text);
      }
    }
  }
  if (faults.count() != before) return std::nullopt;
  return entry;
}

std::optional<ApiEntry> parse_runtime_entry(const YAML::Node& node, Faults& faults) {
  Owner owner{"runtime entry", ""};
  const std::size_t before = faults.count();
  Fields fields(node, owner.what, kRuntimeKeys, faults, kAnyEntryKeys);
  if (!fields.ok()) return std::nullopt;
  ApiEntry entry;
  entry.kind = EntryKind::kRuntime;
  entry.location = faults.location(node.Mark());
  read_common(fields, owner, entry.id, entry.description, entry.reference, faults);
  if (const Field* f = fields.require("functions", owner.name())) {
    if (f->value.IsSequence() && f->value.size() == 0) {
      faults.add(f->value, "'functions' of " + owner.name() + " is empty");
    }
    entry.functions = read_names(fields, "functions", faults);
    for (const std::string& pattern : entry.functions) {
      if (pattern == "*" || pattern.find("**") != std::string::npos) {
        faults.add(f->value,
                   "pattern '" + pattern + "' of " + owner.name() + " matches every function");
      }
    }
  }
  if (faults.count() != before) return std::nullopt;
  return entry;
}

template <typename Parse>
void parse_list(const Fields& fields, std::string_view key, Faults& faults, Parse parse) {
  const Field* field = fields.find(key);
  if (field == nullptr) return;
  if (!field->value.IsSequence()) {
    faults.add(field->key_node, quoted(key) + " must be a list of entries");
    return;
  }
  if (field->value.size() > kMaxEntries) {
    faults.add(field->key_node,
               quoted(key) + " has more than " + std::to_string(kMaxEntries) + " entries");
    return;
  }
  for (const YAML::Node& item : field->value) parse(item);
}

}  // namespace

void check_reference(const Field& field, const std::string& text, Faults& faults) {
  auto url = parse_url(text);
  // https only: a reference is where a reviewer checks the entry, and a
  // plain-http page can be altered on the way to them.
  if (!url || url->scheme != "https") {
    faults.add(field.value, "reference '" + printable(text) + "' is not an https URL");
  }
}

std::optional<Pack> parse_pack(const std::string& text, Faults& faults) {
  auto root = parse_yaml(text, faults);
  if (!root) return std::nullopt;
  if (root->IsNull() || !root->IsDefined()) {
    faults.add(YAML::Mark{}, "empty pack: expected a mapping with 'pack' and 'description'");
    return std::nullopt;
  }
  Fields fields(*root, "pack", kPackKeys, faults);
  if (!fields.ok()) return std::nullopt;
  Pack pack;
  pack.file = faults.file();
  if (const Field* f = fields.require("pack", "pack file")) {
    if (auto name = read_string(*f, faults)) {
      if (is_valid_id(*name)) {
        pack.name = *name;
      } else {
        faults.add(f->value, "bad pack name '" + printable(*name) +
                                 "': use lower-case letters, digits, '.', '_' and '-'");
      }
    }
  }
  if (const Field* f = fields.require("description", "pack file")) {
    if (auto description = read_string(*f, faults)) pack.description = *description;
  }

  const std::array<std::pair<std::string_view, EntryKind>, 5> lists{{
      {"sources", EntryKind::kSource},
      {"sinks", EntryKind::kSink},
      {"propagators", EntryKind::kPropagator},
      {"sanitizers", EntryKind::kSanitizer},
      {"handles", EntryKind::kHandle},
  }};
  bool any = false;
  for (const auto& [key, kind] : lists) {
    parse_list(fields, key, faults, [&, k = kind](const YAML::Node& item) {
      any = true;
      if (auto entry = parse_api_entry(item, k, faults)) {
        entry->pack = pack.name;
        pack.apis.push_back(std::move(*entry));
      }
    });
  }
  parse_list(fields, "endpoints", faults, [&](const YAML::Node& item) {
    any = true;
    if (auto entry = parse_endpoint_entry(item, faults)) {
      entry->pack = pack.name;
      pack.endpoints.push_back(std::move(*entry));
    }
  });
  parse_list(fields, "runtime", faults, [&](const YAML::Node& item) {
    any = true;
    if (auto entry = parse_runtime_entry(item, faults)) {
      entry->pack = pack.name;
      pack.apis.push_back(std::move(*entry));
    }
  });
  parse_list(fields, "accessors", faults, [&](const YAML::Node& item) {
    any = true;
    if (auto entry = parse_accessor_entry(item, faults)) {
      entry->pack = pack.name;
      pack.accessors.push_back(std::move(*entry));
    }
  });
  parse_list(fields, "interfaces", faults, [&](const YAML::Node& item) {
    any = true;
    if (auto entry = parse_interface_entry(item, faults)) {
      entry->pack = pack.name;
      pack.interfaces.push_back(std::move(*entry));
    }
  });
  if (!any) faults.add(root->Mark(), "pack '" + pack.name + "' has no entries");
  return pack;
}

}  // namespace cordon::rules::detail
