#include "cordon/support/terminal_text.h"

#include <cstdio>

namespace cordon {

Utf8CodePoint decode_utf8(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t lead = byte(at);
  if (lead < 0x80) return {lead, 1, true};
  std::size_t length = 0;
  std::uint32_t value = 0;
  std::uint32_t minimum = 0;
  if ((lead & 0xe0) == 0xc0) {
    length = 2;
    value = lead & 0x1fu;
    minimum = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3;
    value = lead & 0x0fu;
    minimum = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4;
    value = lead & 0x07u;
    minimum = 0x10000;
  } else {
    return {};
  }
  if (at + length > text.size()) return {};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xc0) != 0x80) return {};
    value = (value << 6) | (byte(at + i) & 0x3fu);
  }
  if (value < minimum || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return {};
  return {value, length, true};
}

bool is_control_character(std::uint32_t c) {
  return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f);
}

bool is_invisible_control(std::uint32_t c) {
  return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x061c || c == 0xfeff;
}

std::string terminal_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char escape[16];
  for (std::size_t i = 0; i < text.size();) {
    const Utf8CodePoint cp = decode_utf8(text, i);
    if (!cp.valid) {
      std::snprintf(escape, sizeof escape, "\\x%02x",
                    static_cast<unsigned>(static_cast<std::uint8_t>(text[i])));
      out += escape;
    } else if (cp.value == '\\') {
      out += "\\\\";
    } else if (cp.value == '\t' || cp.value == '\n' || is_control_character(cp.value) ||
               is_invisible_control(cp.value)) {
      std::snprintf(escape, sizeof escape, "\\u{%04x}", static_cast<unsigned>(cp.value));
      out += escape;
    } else {
      out.append(text.substr(i, cp.length));
    }
    i += cp.length;
  }
  return out;
}

std::string shorten(std::string_view text, std::size_t max_code_points) {
  if (max_code_points == 0) return {};
  std::size_t count = 0;
  std::size_t i = 0;
  std::size_t cut = 0;  // byte offset after max_code_points - 1 code points
  while (i < text.size()) {
    if (count == max_code_points - 1) cut = i;
    if (count == max_code_points) return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
    i += decode_utf8(text, i).length;
    ++count;
  }
  return std::string(text);
}

}  // namespace cordon
