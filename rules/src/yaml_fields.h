// Checked reading of YAML mappings for the pack and profile loaders: every
// fault becomes "file:line:column: what is wrong" and reading goes on, so a
// user sees all the faults of a file at once.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/rules/model.h"
#include "cordon/support/error.h"

namespace cordon::rules::detail {

// The faults of one file, in the order found. After kMaxFaults the rest are
// summarised in one line: a hostile file cannot flood the terminal.
class Faults {
 public:
  static constexpr std::size_t kMaxFaults = 100;

  explicit Faults(std::string file) : file_(std::move(file)) {}

  void add(const YAML::Mark& mark, std::string reason);
  void add(const YAML::Node& node, std::string reason) { add(node.Mark(), std::move(reason)); }

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] bool empty() const { return errors_.empty(); }
  [[nodiscard]] std::size_t count() const { return errors_.size() + dropped_; }

  // Aliases let a small file name the same big list many times over; every
  // node read is paid from this budget, and once it is spent reading stops
  // with one fault (`mark` says where). False: stop reading.
  static constexpr std::size_t kMaxNodes = 200'000;
  bool spend(std::size_t nodes, const YAML::Mark& mark);
  [[nodiscard]] SourceLocation location(const YAML::Mark& mark) const;
  // The faults, with a closing "and N more" when some were dropped.
  [[nodiscard]] std::vector<Error> take();

 private:
  std::string file_;
  std::vector<Error> errors_;
  std::size_t dropped_ = 0;
  std::size_t spent_ = 0;
};

// "line:column", 1-based, or "" for a mark yaml-cpp does not know.
[[nodiscard]] std::string where(const YAML::Mark& mark);

// One key: value pair of a mapping.
struct Field {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

// The pairs of a mapping, faults reported for a non-mapping, non-scalar or
// duplicate keys, and keys not in `allowed` (`what` names the mapping in
// messages: "source entry"). `other_keys`: keys valid elsewhere, which get a
// "does not apply to" message instead of "unknown key".
class Fields {
 public:
  Fields(const YAML::Node& map, std::string_view what, std::span<const std::string_view> allowed,
         Faults& faults, std::span<const std::string_view> other_keys = {});

  [[nodiscard]] bool ok() const { return ok_; }  // false: not a mapping at all
  [[nodiscard]] const Field* find(std::string_view key) const;
  // Like find, and reports "<what> has no '<key>'" at the mapping when absent.
  const Field* require(std::string_view key, std::string_view owner);

 private:
  YAML::Node map_;
  Faults& faults_;
  std::vector<Field> fields_;
  bool ok_ = false;
};

// A scalar string; faults for null, sequences and mappings. `key` names the
// value in messages. Empty strings are refused unless `allow_empty`.
std::optional<std::string> read_string(const Field& field, Faults& faults,
                                       bool allow_empty = false);
// A sequence of non-empty scalar strings (each with its mark); at most
// `max_items`. Faults for each bad item, the list keeps the good ones.
struct Item {
  std::string text;
  YAML::Mark mark;
};
std::optional<std::vector<Item>> read_string_list(const Field& field, Faults& faults,
                                                  std::size_t max_items = 10000);
std::optional<bool> read_bool(const Field& field, Faults& faults);
// A decimal integer within [low, high].
std::optional<int> read_int(const Field& field, Faults& faults, int low, int high);

// Parses YAML text; a syntax error is one fault at yaml-cpp's mark.
std::optional<YAML::Node> parse_yaml(const std::string& text, Faults& faults);

// [a-z0-9][a-z0-9._-]*, at most 128 characters.
[[nodiscard]] bool is_valid_id(std::string_view id);

// Printable ASCII (spaces allowed inside), no leading or trailing blank.
[[nodiscard]] bool is_clean_text(std::string_view text);

}  // namespace cordon::rules::detail
