// One scan path drawn as a graph in inline SVG: the source API, each
// function of the path in call order, the sink API, and the endpoints the
// sink is handed (coloured by whether the run reached them). Text is
// escaped and shortened; the full text is each node's <title> (a tooltip,
// no script needed).
#pragma once

#include <string>

#include "cordon/join/join.h"

namespace cordon::join {

// Drawn paths keep at most this many steps (the first and last ones, with a
// node saying how many were left out between them) and endpoints.
inline constexpr std::size_t kMaxDrawnSteps = 40;
inline constexpr std::size_t kMaxDrawnEndpoints = 12;

[[nodiscard]] std::string path_svg(const FlowItem& flow);

}  // namespace cordon::join
