#include "cordon/report/json_depth.h"

#include <fmt/format.h>

namespace cordon::report {

Status check_json_depth(std::string_view text, std::size_t max_depth, const std::string& name,
                        const std::string& where) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return fail(ErrorKind::kLimit, name, where,
                    fmt::format("JSON nested deeper than {} levels", max_depth));
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

}  // namespace cordon::report
