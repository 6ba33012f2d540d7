// LLVM's Error/Expected turned into cordon's one-line messages.
#pragma once

#include <string>

#include <llvm/Support/Error.h>

namespace cordon::binary {

// LLVM's error text as one lower-case line without a trailing period;
// consumes the error (an unconsumed llvm::Error aborts debug builds).
[[nodiscard]] std::string llvm_error_text(llvm::Error error);

}  // namespace cordon::binary
