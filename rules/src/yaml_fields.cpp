#include "yaml_fields.h"

#include <algorithm>
#include <charconv>

#include "cordon/support/strings.h"

namespace cordon::rules::detail {
namespace {

std::string_view type_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
      return "nothing";
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
  }
  return "?";
}

}  // namespace

std::string where(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return "";
  return std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

void Faults::add(const YAML::Mark& mark, std::string reason) {
  if (errors_.size() >= kMaxFaults) {
    ++dropped_;
    return;
  }
  errors_.push_back(Error{ErrorKind::kValidation, file_, where(mark), std::move(reason)});
}

bool Faults::spend(std::size_t nodes, const YAML::Mark& mark) {
  if (spent_ > kMaxNodes) return false;
  spent_ += nodes;
  if (spent_ <= kMaxNodes) return true;
  add(mark, "more than " + std::to_string(kMaxNodes) +
                " values to read (aliases expanding too far); reading stops here");
  return false;
}

SourceLocation Faults::location(const YAML::Mark& mark) const {
  SourceLocation out;
  out.file = file_;
  if (!mark.is_null() && mark.line >= 0 && mark.column >= 0) {
    out.line = mark.line + 1;
    out.column = mark.column + 1;
  }
  return out;
}

std::vector<Error> Faults::take() {
  std::vector<Error> out = std::move(errors_);
  if (dropped_ > 0) {
    out.push_back(Error{ErrorKind::kLimit, file_, "",
                        "and " + std::to_string(dropped_) + " more faults not shown"});
  }
  errors_.clear();
  dropped_ = 0;
  return out;
}

Fields::Fields(const YAML::Node& map, std::string_view what,
               std::span<const std::string_view> allowed, Faults& faults,
               std::span<const std::string_view> other_keys)
    : map_(map), faults_(faults) {
  if (!map.IsMap()) {
    faults.add(map, std::string(what) + " must be a mapping, not " + std::string(type_name(map)));
    return;
  }
  if (!faults.spend(map.size(), map.Mark())) return;
  ok_ = true;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      faults.add(key, "a key of " + std::string(what) + " must be a plain name");
      continue;
    }
    std::string name = key.Scalar();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      if (std::find(other_keys.begin(), other_keys.end(), name) != other_keys.end()) {
        faults.add(key, "key '" + printable(name) + "' does not apply to a " + std::string(what));
      } else {
        faults.add(key, "unknown key '" + printable(name) + "' in " + std::string(what));
      }
      continue;
    }
    if (const Field* first = find(name)) {
      faults.add(key, "duplicate key '" + name + "' (first at line " +
                          std::to_string(first->key_node.Mark().line + 1) + ")");
      continue;
    }
    fields_.push_back(Field{std::move(name), key, it->second});
  }
}

const Field* Fields::find(std::string_view key) const {
  for (const Field& field : fields_) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

const Field* Fields::require(std::string_view key, std::string_view owner) {
  const Field* field = find(key);
  if (field == nullptr && ok_) {
    faults_.add(map_, std::string(owner) + " has no '" + std::string(key) + "'");
  }
  return field;
}

std::optional<std::string> read_string(const Field& field, Faults& faults, bool allow_empty) {
  if (!field.value.IsScalar()) {
    faults.add(field.key_node,
               "'" + field.key + "' must be a string, not " + std::string(type_name(field.value)));
    return std::nullopt;
  }
  std::string text = field.value.Scalar();
  if (text.empty() && !allow_empty) {
    faults.add(field.value, "'" + field.key + "' must not be empty");
    return std::nullopt;
  }
  return text;
}

std::optional<std::vector<Item>> read_string_list(const Field& field, Faults& faults,
                                                  std::size_t max_items) {
  if (!field.value.IsSequence()) {
    faults.add(field.key_node, "'" + field.key + "' must be a list of strings, not " +
                                   std::string(type_name(field.value)));
    return std::nullopt;
  }
  if (field.value.size() > max_items) {
    faults.add(field.value,
               "'" + field.key + "' has more than " + std::to_string(max_items) + " items");
    return std::nullopt;
  }
  if (!faults.spend(field.value.size(), field.value.Mark())) return std::nullopt;
  std::vector<Item> out;
  for (const YAML::Node& item : field.value) {
    if (!item.IsScalar()) {
      faults.add(item, "an item of '" + field.key + "' must be a string, not " +
                           std::string(type_name(item)));
      continue;
    }
    if (item.Scalar().empty()) {
      faults.add(item, "an item of '" + field.key + "' is empty");
      continue;
    }
    out.push_back(Item{item.Scalar(), item.Mark()});
  }
  return out;
}

std::optional<bool> read_bool(const Field& field, Faults& faults) {
  if (field.value.IsScalar()) {
    const std::string& text = field.value.Scalar();
    if (text == "true") return true;
    if (text == "false") return false;
  }
  faults.add(field.value, "'" + field.key + "' must be true or false");
  return std::nullopt;
}

std::optional<int> read_int(const Field& field, Faults& faults, int low, int high) {
  const std::string range = std::to_string(low) + "-" + std::to_string(high);
  if (!field.value.IsScalar()) {
    faults.add(field.value, "'" + field.key + "' must be a number within " + range);
    return std::nullopt;
  }
  const std::string& text = field.value.Scalar();
  int value = 0;
  const bool digits =
      !text.empty() && text.size() <= 6 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) std::from_chars(text.data(), text.data() + text.size(), value);
  if (!digits || value < low || value > high) {
    faults.add(field.value,
               "'" + field.key + "' is '" + printable(text) + "', not a number within " + range);
    return std::nullopt;
  }
  return value;
}

std::optional<YAML::Node> parse_yaml(const std::string& text, Faults& faults) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // e.msg is yaml-cpp's own wording ("end of map not found"); lower case it.
    faults.add(e.mark, "yaml syntax error: " + to_lower(e.msg));
    return std::nullopt;
  }
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(id.front())) return false;
  return std::all_of(id.begin(), id.end(),
                     [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

bool is_clean_text(std::string_view text) {
  if (text.empty()) return false;
  if (text.front() == ' ' || text.back() == ' ') return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= ' ' && c < 0x7f; });
}

}  // namespace cordon::rules::detail
