// The three renderings of a join (docs/usage.md, `cordon report`). All are
// deterministic: the same join gives byte-identical output. Every string
// from the inputs is escaped for where it goes (markup.h).
#pragma once

#include <string>

#include "cordon/join/join.h"

namespace cordon::join {

// Pretty-printed JSON (two-space indent) with a final newline; the fields are
// documented in docs/usage.md.
[[nodiscard]] std::string render_json(const JoinReport& report);

// Sections for people: unpredicted, unexercised, undeclared, matched, then
// the scan's flows, other run-time events, vendors and a summary line.
[[nodiscard]] std::string render_text(const JoinReport& report);

// One self-contained HTML file: no script, no external resource (a CSP
// forbids both), each scan path drawn as an inline SVG graph.
[[nodiscard]] std::string render_html(const JoinReport& report);

}  // namespace cordon::join
