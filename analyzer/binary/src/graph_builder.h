// From a loaded Image to the program graph: collect function starts, lift
// functions in parallel (rounds, as calls reveal new functions), then merge
// the per-function results into one flow::ProgramGraph in address order.
#pragma once

#include "cordon/binary/binary_front_end.h"
#include "image.h"

namespace cordon::binary {

[[nodiscard]] Result<BinaryGraph> build_graph(const Image& image, const std::string& target,
                                              const FrontEndOptions& options);

}  // namespace cordon::binary
