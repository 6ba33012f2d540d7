// Finding ids: stable across runs and rebuilds of the same title. The id is
// the FNV-1a 64-bit hash (16 lower-case hex digits) of the finding's kind,
// rules, target path, endpoints and the *names* of the functions on its path.
// Addresses are left out on purpose: they move between builds, names do not
// (stripped binaries name functions by address, so there ids follow the code).
#pragma once

#include <string>
#include <string_view>

#include "cordon/flow/finding.h"

namespace cordon::flow {

[[nodiscard]] std::string fnv1a64_hex(std::string_view text);

// `extra` carries what else tells two findings of one rule apart (the sink rule).
[[nodiscard]] std::string finding_id(const Finding& finding, std::string_view extra);

}  // namespace cordon::flow
