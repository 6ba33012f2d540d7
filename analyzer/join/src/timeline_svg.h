// The run-time timeline of the HTML report as inline SVG: events per time
// bucket as bars stacked by verdict (deny, audit, allow) on one time axis,
// and below it a marker at each endpoint's first contact, coloured by its
// status (each marker's full text is its <title>). The axis is the whole
// run; per-endpoint lanes (issue 12) fit under the same axis.
#pragma once

#include <cstddef>
#include <string>

#include "cordon/join/join.h"

namespace cordon::join {

// Empty when the report has no run or the run has no timed event.
[[nodiscard]] std::string timeline_svg(const JoinReport& report);

// The folded attempts (report.repeats) as lanes on the same time axis: a
// row per group, a bar from its first attempt to its last coloured by
// verdict, its count at the bar's end. At most `max_lanes` rows: the groups
// with the most attempts. Empty without timed groups.
[[nodiscard]] std::string lanes_svg(const JoinReport& report, std::size_t max_lanes);

// "+1.234 s" style offset of a timestamp from the run's first event.
[[nodiscard]] std::string run_offset(const JoinReport& report, const std::string& ts);

}  // namespace cordon::join
