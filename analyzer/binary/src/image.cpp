#include "image.h"

#include <algorithm>
#include <cstring>

namespace cordon::binary {
namespace {

constexpr std::size_t kMaxString = 4096;
constexpr std::size_t kMinString = 4;

bool printable_char(unsigned c) {
  return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

void Image::finish() {
  std::stable_sort(sections.begin(), sections.end(),
                   [](const Section& a, const Section& b) { return a.address < b.address; });
  section_starts_.clear();
  section_starts_.reserve(sections.size());
  for (const auto& s : sections) section_starts_.push_back(s.address);
}

const Section* Image::section_at(std::uint64_t address) const {
  auto it = std::upper_bound(section_starts_.begin(), section_starts_.end(), address);
  // Overlapping sections (hostile or not): walk back to one that holds it.
  for (int steps = 0; it != section_starts_.begin() && steps < 4; ++steps) {
    --it;
    const Section& s = sections[static_cast<std::size_t>(it - section_starts_.begin())];
    if (address - s.address < s.size) return &s;
  }
  return nullptr;
}

std::span<const std::uint8_t> Image::bytes_at(std::uint64_t address, std::uint64_t length) const {
  const Section* s = section_at(address);
  if (s == nullptr) return {};
  std::uint64_t offset = address - s->address;
  if (offset > s->bytes.size() || length > s->bytes.size() - offset) return {};
  return s->bytes.subspan(static_cast<std::size_t>(offset), static_cast<std::size_t>(length));
}

std::optional<std::uint64_t> Image::pointer_at(std::uint64_t address) const {
  auto reloc = relocated_words.find(address);
  if (reloc != relocated_words.end()) return reloc->second;
  auto bytes = bytes_at(address, 8);
  if (bytes.size() != 8) return std::nullopt;
  std::uint64_t value = 0;
  std::memcpy(&value, bytes.data(), 8);  // both formats are little-endian here
  return value;
}

std::optional<std::string> Image::string_at(std::uint64_t address) const {
  if (auto alias = string_aliases.find(address); alias != string_aliases.end()) {
    address = alias->second;
  }
  const Section* s = section_at(address);
  if (s == nullptr || s->executable) return std::nullopt;
  std::uint64_t offset = address - s->address;
  if (offset >= s->bytes.size()) return std::nullopt;
  auto rest = s->bytes.subspan(static_cast<std::size_t>(offset));
  std::size_t limit = std::min(rest.size(), kMaxString);
  std::string text;
  std::size_t i = 0;
  for (; i < limit && rest[i] != 0; ++i) {
    if (!printable_char(rest[i])) break;
  }
  if (i < limit && rest[i] == 0 && i >= kMinString) {
    return std::string(reinterpret_cast<const char*>(rest.data()), i);
  }
  // UTF-16LE: ASCII characters with zero high bytes, ending in a 0x0000 unit
  // (L"..." on Windows, u"..." anywhere: a title's host names may be wide).
  for (i = 0; i + 1 < limit; i += 2) {
    unsigned lo = rest[i];
    unsigned hi = rest[i + 1];
    if (lo == 0 && hi == 0) break;
    if (hi != 0 || !printable_char(lo)) return std::nullopt;
    text.push_back(static_cast<char>(lo));
  }
  if (i + 1 < limit && text.size() >= kMinString) return text;
  return std::nullopt;
}

}  // namespace cordon::binary
