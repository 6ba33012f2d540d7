// The `accessors` and `interfaces` sections of a pack: SDK functions that
// return C++ interface objects, and each interface's method order (its
// vtable slots), so a binary's virtual call on such an object is named.
#pragma once

#include <optional>

#include "cordon/rules/model.h"
#include "yaml_fields.h"

namespace cordon::rules::detail {

std::optional<AccessorEntry> parse_accessor_entry(const YAML::Node& node, Faults& faults);
std::optional<InterfaceEntry> parse_interface_entry(const YAML::Node& node, Faults& faults);

}  // namespace cordon::rules::detail
