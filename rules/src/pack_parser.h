// One pack file: YAML text to a Pack, every fault of the file collected.
// Checks that need every pack at once (duplicate ids) are rule_set.cpp's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cordon/rules/model.h"
#include "yaml_fields.h"

namespace cordon::rules::detail {

// The pack, or nullopt when the text is not YAML or not a mapping. A pack is
// returned even when faults were found (with the bad entries left out), so
// cross-pack checks can still run; callers must look at `faults`.
std::optional<Pack> parse_pack(const std::string& text, Faults& faults);

// Reports a bad reference (not an http(s) URL) at `mark`.
void check_reference(const Field& field, const std::string& text, Faults& faults);

}  // namespace cordon::rules::detail
