// "Use it, or say why and exit 2": the step every command repeats for each
// input it loads (rules, profile, manifest, baseline, reports, outputs).
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "cordon/support/diagnostics.h"
#include "cordon/support/error.h"

namespace cordon::cli {

// The value of `result`, or nullopt once its error is printed (one line).
template <typename T>
requires(!std::is_void_v<T>) [[nodiscard]] std::optional<T> checked(Result<T>&& result) {
  if (!result) {
    print_error(result.error());
    return std::nullopt;
  }
  return std::optional<T>(std::move(*result));
}

// True when `status` is a success; else false once its error is printed.
[[nodiscard]] inline bool checked(const Status& status) {
  if (!status) print_error(status.error());
  return status.has_value();
}

}  // namespace cordon::cli
