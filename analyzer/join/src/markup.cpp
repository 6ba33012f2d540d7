#include "markup.h"

#include <cstdint>

#include "cordon/support/terminal_text.h"

namespace cordon::join {

std::string html_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const Utf8CodePoint cp = decode_utf8(text, i);
    if (!cp.valid || is_control_character(cp.value) || is_invisible_control(cp.value)) {
      out += "\xEF\xBF\xBD";  // U+FFFD
    } else {
      switch (cp.value) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          out.append(text.substr(i, cp.length));
      }
    }
    i += cp.length;
  }
  return out;
}

}  // namespace cordon::join
