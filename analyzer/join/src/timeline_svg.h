// The run-time timeline of the HTML report as inline SVG: events per time
// bucket as bars stacked by verdict (deny, audit, allow) on one time axis,
// and below it a marker at each endpoint's first contact, coloured by its
// status (each marker's full text is its <title>). The axis is the whole
// run; per-endpoint lanes (issue 12) fit under the same axis.
#pragma once

#include <string>

#include "cordon/join/join.h"

namespace cordon::join {

// Empty when the report has no run or the run has no timed event.
[[nodiscard]] std::string timeline_svg(const JoinReport& report);

// "+1.234 s" style offset of a timestamp from the run's first event.
[[nodiscard]] std::string run_offset(const JoinReport& report, const std::string& ts);

}  // namespace cordon::join
