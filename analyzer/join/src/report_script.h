// The HTML report's one script: filters (severity, vendor, status) and
// column sorting, inline. The page's Content-Security-Policy allows exactly
// this script, by its SHA-256, and nothing else: no other script, no
// external resource. Without script the page shows everything; the filter
// form stays hidden.
#pragma once

#include <string>
#include <string_view>

namespace cordon::join {

[[nodiscard]] std::string_view report_script();

// "'sha256-<base64>'" of report_script(), for script-src.
[[nodiscard]] std::string report_script_csp_source();

}  // namespace cordon::join
