// Making hostile strings safe to show. Every string in a report came from an
// input the title's author may control (symbol names, URLs in the binary,
// exe paths, audit lines written by anyone): in HTML it could inject markup
// or script, on a terminal escape sequences, in either bidi controls that
// reorder what is read. These are the only ways the renderers emit them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "cordon/support/terminal_text.h"

namespace cordon::join {

// Text for HTML element content and quoted attribute values (SVG included):
// & < > " ' as entities; controls (C0 except tab/newline, DEL, C1), bidi
// controls and invalid UTF-8 as U+FFFD.
[[nodiscard]] std::string html_text(std::string_view text);

// terminal_text() and shorten() live in support (cordon/support/terminal_text.h):
// the diagnostics of every command use them too.
using cordon::shorten;
using cordon::terminal_text;

}  // namespace cordon::join
