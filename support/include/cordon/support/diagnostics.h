// The one voice of cordon's messages on stderr: every command prints its
// errors and warnings through here, as
//   cordon: error: <input>: <reason>
//   cordon: warning: <input>: <reason>
// one line each, terminal-escaped (terminal_text.h) and bounded, so a hostile
// file or symbol name can neither drive the terminal nor forge a second line.
#pragma once

#include <string>
#include <string_view>

#include "cordon/support/error.h"

namespace cordon {

// Longest message printed, in code points; longer ones end with "…".
inline constexpr std::size_t kMaxDiagnosticLength = 4096;

// "cordon: error: " + error.message() (input:where: reason).
void print_error(const Error& error);
// "cordon: error: <input>: <reason>"; an empty input leaves out "<input>: ".
void print_error(std::string_view input, std::string_view reason);
void print_warning(const Error& error);
void print_warning(std::string_view input, std::string_view reason);

// The line print_error would write, without the final newline (for tests and
// for messages kept in reports).
[[nodiscard]] std::string diagnostic_line(std::string_view level, std::string_view message);

}  // namespace cordon
