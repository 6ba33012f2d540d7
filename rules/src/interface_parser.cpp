#include "interface_parser.h"

#include <array>
#include <unordered_set>

#include "pack_parser.h"
#include "quoted.h"

namespace cordon::rules::detail {
namespace {

constexpr int kMaxVersionArg = 15;
// ISteamUGC has about 100 methods; a table past this is no interface.
constexpr std::size_t kMaxMethods = 1024;

constexpr std::array<std::string_view, 7> kAccessorKeys{
    "id", "apis", "version_arg", "version", "context_arg", "description", "reference"};
constexpr std::array<std::string_view, 6> kInterfaceKeys{"id",      "class",       "versions",
                                                         "methods", "description", "reference"};

// A C++ identifier, optionally namespace-qualified ("ISteamUser", "ns::IFoo").
bool is_identifier(std::string_view text, bool qualified) {
  if (text.empty() || text.size() > 256) return false;
  bool start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (qualified && c == ':' && i + 1 < text.size() && text[i + 1] == ':' && !start) {
      ++i;
      start = true;
      continue;
    }
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && !start)) return false;
    start = false;
  }
  return !start;
}

}  // namespace

std::optional<AccessorEntry> parse_accessor_entry(const YAML::Node& node, Faults& faults) {
  Owner owner{"accessor entry", ""};
  const std::size_t before = faults.count();
  Fields fields(node, owner.what, kAccessorKeys, faults);
  if (!fields.ok()) return std::nullopt;
  AccessorEntry entry;
  entry.location = faults.location(node.Mark());
  read_common(fields, owner, entry.id, entry.description, entry.reference, faults);
  if (const Field* f = fields.require("apis", owner.name())) {
    entry.apis = read_names(fields, "apis", faults);
    if (entry.apis.empty() && faults.count() == before) {
      faults.add(f->value, "'apis' of " + owner.name() + " is empty");
    }
  }
  const Field* arg = fields.find("version_arg");
  const Field* version = fields.find("version");
  const Field* context = fields.find("context_arg");
  if ((arg != nullptr) + (version != nullptr) + (context != nullptr) != 1) {
    faults.add(node, owner.name() + " needs exactly one of 'version_arg' (the argument holding " +
                         "the interface version string), 'version' and 'context_arg'");
  }
  if (arg != nullptr) entry.version_arg = read_int(*arg, faults, 0, kMaxVersionArg);
  if (context != nullptr) entry.context_arg = read_int(*context, faults, 0, kMaxVersionArg);
  if (version != nullptr) {
    if (auto text = read_string(*version, faults)) {
      if (!is_clean_text(*text) || text->size() > 256) {
        faults.add(version->value,
                   "version " + quoted(*text) + " of " + owner.name() + " is not a clean name");
      } else {
        entry.version = *text;
      }
    }
  }
  if (faults.count() != before) return std::nullopt;
  return entry;
}

std::optional<InterfaceEntry> parse_interface_entry(const YAML::Node& node, Faults& faults) {
  Owner owner{"interface entry", ""};
  const std::size_t before = faults.count();
  Fields fields(node, owner.what, kInterfaceKeys, faults);
  if (!fields.ok()) return std::nullopt;
  InterfaceEntry entry;
  entry.location = faults.location(node.Mark());
  read_common(fields, owner, entry.id, entry.description, entry.reference, faults);
  if (const Field* f = fields.require("class", owner.name())) {
    if (auto text = read_string(*f, faults)) {
      if (is_identifier(*text, /*qualified=*/true)) {
        entry.class_name = *text;
      } else {
        faults.add(f->value,
                   "class " + quoted(*text) + " of " + owner.name() + " is not a C++ class name");
      }
    }
  }
  if (const Field* f = fields.require("versions", owner.name())) {
    entry.versions = read_names(fields, "versions", faults);
    if (entry.versions.empty() && faults.count() == before) {
      faults.add(f->value, "'versions' of " + owner.name() + " is empty");
    }
  }
  if (const Field* f = fields.require("methods", owner.name())) {
    // Overloads repeat a name (ISteamUserStats::GetStat for int32 and
    // float): each declaration is a slot of its own, so no duplicate check.
    if (auto items = read_string_list(*f, faults, kMaxMethods)) {
      if (items->empty()) faults.add(f->value, "'methods' of " + owner.name() + " is empty");
      for (const Item& item : *items) {
        if (!is_identifier(item.text, /*qualified=*/false)) {
          faults.add(item.mark, "method " + quoted(item.text) + " of " + owner.name() +
                                    " is not a C++ identifier");
          continue;
        }
        entry.methods.push_back(item.text);
      }
    }
  }
  if (faults.count() != before) return std::nullopt;
  return entry;
}

}  // namespace cordon::rules::detail
