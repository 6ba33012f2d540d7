// The human report: findings grouped by target, most severe first, each path
// as an indented call chain; ANSI colour only when asked (stdout is a TTY).
#pragma once

#include <string>

#include "cordon/flow/finding.h"

namespace cordon::report {

[[nodiscard]] std::string render_text(const flow::ScanReport& report, bool colour);

}  // namespace cordon::report
