// One pack file: YAML text to a Pack, every fault of the file collected.
// Checks that need every pack at once (duplicate ids) are rule_set.cpp's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/rules/model.h"
#include "yaml_fields.h"

namespace cordon::rules::detail {

// What an entry is called in messages: "source entry 'steam.user-id'".
struct Owner {
  std::string what;  // "source entry"
  std::string id;
  [[nodiscard]] std::string name() const { return id.empty() ? what : what + " '" + id + "'"; }
};

// id, description and reference: common to every entry (`owner.id` set from `id`).
void read_common(Fields& fields, Owner& owner, std::string& id, std::string& description,
                 std::string& reference, Faults& faults);
// The names under `key`, each clean and listed once. Under `syscalls`, a
// name libseccomp does not know is an error naming `owner` (the entry).
std::vector<std::string> read_names(const Fields& fields, std::string_view key, Faults& faults,
                                    const Owner* owner = nullptr);

// The pack, or nullopt when the text is not YAML or not a mapping. A pack is
// returned even when faults were found (with the bad entries left out), so
// cross-pack checks can still run; callers must look at `faults`.
std::optional<Pack> parse_pack(const std::string& text, Faults& faults);

// Reports a bad reference (not an http(s) URL) at `mark`.
void check_reference(const Field& field, const std::string& text, Faults& faults);

}  // namespace cordon::rules::detail
