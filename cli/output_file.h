// Where `scan` and `report` put their text: stdout, or the -o file.
#pragma once

#include <optional>
#include <string>

#include "cordon/support/error.h"

namespace cordon::cli {

// Writes text to stdout when path is empty, else truncates and writes the file;
// a failure names the file.
Status write_output(const std::optional<std::string>& path, const std::string& text);

}  // namespace cordon::cli
