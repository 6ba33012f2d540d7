#include "cordon/support/error.h"

#include <cstring>

namespace cordon {

std::string Error::message() const {
  std::string out = input;
  if (!where.empty()) {
    if (!out.empty()) out += ':';
    out += where;
  }
  if (!out.empty()) out += ": ";
  out += reason;
  return out;
}

std::string errno_text(int errno_value) {
  char buffer[256] = {};
  // GNU strerror_r returns the message pointer, which may not be `buffer`.
  const char* text = strerror_r(errno_value, buffer, sizeof buffer);
  std::string out = text != nullptr ? text : "unknown error";
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace cordon
