// Text from inputs made safe for a terminal or a log line. File names,
// symbol names, URLs and audit lines may come from a hostile title: printed
// raw they could move the cursor, retitle the window, or reorder what is
// read with bidi controls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cordon {

// One decoded UTF-8 code point, or one invalid byte (length 1, valid false).
struct Utf8CodePoint {
  std::uint32_t value = 0;
  std::size_t length = 1;
  bool valid = false;
};

// Strict UTF-8 at byte `at` of `text` (no overlong forms, no surrogates, at
// most U+10FFFF).
[[nodiscard]] Utf8CodePoint decode_utf8(std::string_view text, std::size_t at);

// C0 controls except tab and newline, DEL, C1 controls.
[[nodiscard]] bool is_control_character(std::uint32_t c);

// Characters that reorder or hide text: bidi embeddings, overrides and
// isolates, marks, and zero-width joiners/spaces.
[[nodiscard]] bool is_invisible_control(std::uint32_t c);

// Printable ASCII and well-formed non-control UTF-8 kept; invalid bytes as
// \xNN, tab, newline, controls and bidi controls as \u{NNNN}; a backslash is
// doubled so the escapes cannot be forged.
[[nodiscard]] std::string terminal_text(std::string_view text);

// At most `max_code_points` code points (well-formed UTF-8 kept whole), with
// "…" as the last one when cut. Invalid bytes count one each.
[[nodiscard]] std::string shorten(std::string_view text, std::size_t max_code_points);

}  // namespace cordon
