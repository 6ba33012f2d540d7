// Small string helpers shared by every layer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cordon {

[[nodiscard]] std::string to_lower(std::string_view text);
[[nodiscard]] bool starts_with_icase(std::string_view text, std::string_view prefix);
[[nodiscard]] std::vector<std::string> split(std::string_view text, char separator);
[[nodiscard]] std::string_view trim(std::string_view text);
// Quotes a value for one-line messages: printable ASCII kept, others as \xNN,
// cut to `max_length` characters with "..." appended.
[[nodiscard]] std::string printable(std::string_view text, std::size_t max_length = 80);

}  // namespace cordon
