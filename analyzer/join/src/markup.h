// Making hostile strings safe to show. Every string in a report came from an
// input the title's author may control (symbol names, URLs in the binary,
// exe paths, audit lines written by anyone): in HTML it could inject markup
// or script, on a terminal escape sequences, in either bidi controls that
// reorder what is read. These are the only ways the renderers emit them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cordon::join {

// Text for HTML element content and quoted attribute values (SVG included):
// & < > " ' as entities; controls (C0 except tab/newline, DEL, C1), bidi
// controls and invalid UTF-8 as U+FFFD.
[[nodiscard]] std::string html_text(std::string_view text);

// Text for a terminal or a log: printable ASCII and well-formed non-control
// UTF-8 kept; other bytes as \xNN, controls and bidi controls as \u{NNNN};
// a backslash is doubled so the escapes cannot be forged.
[[nodiscard]] std::string terminal_text(std::string_view text);

// At most `max_code_points` code points (well-formed UTF-8 kept whole), with
// "…" as the last one when cut. Invalid bytes count one each.
[[nodiscard]] std::string shorten(std::string_view text, std::size_t max_code_points);

}  // namespace cordon::join
