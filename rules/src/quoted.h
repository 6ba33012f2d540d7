// 'text' for messages, made printable (support's printable()). Built with
// appends: GCC 12 warns falsely (-Wrestrict) on "'" + std::string&&.
#pragma once

#include <string>
#include <string_view>

#include "cordon/support/strings.h"

namespace cordon::rules::detail {

inline std::string quoted(std::string_view text) {
  std::string out = "'";
  out += printable(text);
  out += '\'';
  return out;
}

}  // namespace cordon::rules::detail
