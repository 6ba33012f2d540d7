// The SHA-256 of a target file, as the report's "sha256" (lower-case hex),
// computed with LLVM's SHA256 over a read-only mapping.
#pragma once

#include <cstddef>
#include <string>

#include "cordon/support/error.h"

namespace cordon::report {

[[nodiscard]] Result<std::string> sha256_file(const std::string& path, std::size_t max_bytes);

}  // namespace cordon::report
