// Reads back the JSON report of `cordon scan --format json` (the contract's
// format, written by json_report.h) into the scan's own types, so
// `cordon report` joins the same findings the scan rendered. The report is hostile input: every
// field is checked.
#pragma once

#include <cstddef>
#include <string>

#include "cordon/flow/finding.h"
#include "cordon/support/error.h"

namespace cordon::report {

// Reports above this size are refused (kLimit): a JSON document is held in
// memory several times over while it is parsed.
inline constexpr std::size_t kMaxScanBytes = std::size_t{64} << 20;

// Parses a scan report. Errors name `name`, the place ("findings[3].severity")
// and the fault: not JSON, nested too deep, a missing or mistyped field, an
// unknown severity/kind/vendor/platform/data class/channel/confidence, an
// address that is not "0x..." hex. Targets are optional (reports made by
// older or other tools); findings are required. Unknown extra keys are ignored.
[[nodiscard]] Result<flow::ScanReport> parse_scan_report(const std::string& text,
                                                         const std::string& name);

// The same from a file of at most kMaxScanBytes.
[[nodiscard]] Result<flow::ScanReport> load_scan_report(const std::string& path);

}  // namespace cordon::report
