// Lifts a batch of functions over N threads, each with its own Capstone
// handle and lifter; results come back in the order of `starts`.
#pragma once

#include <vector>

#include "cordon/support/error.h"
#include "lift_context.h"
#include "lifted_function.h"

namespace cordon::binary {

[[nodiscard]] Result<std::vector<LiftedFunction>> lift_functions(
    const LiftContext& context, const std::vector<std::uint64_t>& starts, unsigned jobs);

}  // namespace cordon::binary
