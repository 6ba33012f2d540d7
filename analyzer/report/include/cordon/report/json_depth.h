// A guard run before a hostile JSON text is parsed: nlohmann's parser is
// iterative, but the document it builds is destroyed and walked recursively,
// so a text of a million '[' would end the process on the stack.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "cordon/support/error.h"

namespace cordon::report {

// Fails (kLimit) when arrays/objects nest deeper than `max_depth` outside
// strings; `name` and `where` go into the error as given.
[[nodiscard]] Status check_json_depth(std::string_view text, std::size_t max_depth,
                                      const std::string& name, const std::string& where);

}  // namespace cordon::report
