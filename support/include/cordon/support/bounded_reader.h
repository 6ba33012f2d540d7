// Checked access to untrusted bytes: every offset, length and addition is
// verified; a read past the end is an error, never undefined behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace cordon {

// a + b, or nullopt on overflow.
template <typename T>
[[nodiscard]] constexpr std::optional<T> checked_add(T a, T b) noexcept {
  T out{};
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

template <typename T>
[[nodiscard]] constexpr std::optional<T> checked_mul(T a, T b) noexcept {
  T out{};
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

class BoundedReader {
 public:
  explicit BoundedReader(std::span<const std::uint8_t> bytes) noexcept : bytes_(bytes) {}

  [[nodiscard]] std::size_t size() const noexcept { return bytes_.size(); }

  // The slice [offset, offset+length) or nullopt when it is not wholly inside.
  [[nodiscard]] std::optional<std::span<const std::uint8_t>> slice(
      std::uint64_t offset, std::uint64_t length) const noexcept {
    auto end = checked_add<std::uint64_t>(offset, length);
    if (!end || *end > bytes_.size()) return std::nullopt;
    return bytes_.subspan(static_cast<std::size_t>(offset), static_cast<std::size_t>(length));
  }

  // A trivially copyable value at `offset` (unaligned, host byte order).
  template <typename T>
  [[nodiscard]] std::optional<T> read(std::uint64_t offset) const noexcept {
    static_assert(std::is_trivially_copyable_v<T>);
    auto s = slice(offset, sizeof(T));
    if (!s) return std::nullopt;
    T value;
    std::memcpy(&value, s->data(), sizeof(T));
    return value;
  }

  // A NUL-terminated string starting at `offset`, at most `max_length` bytes;
  // nullopt when no terminator is found within the bound or the file.
  [[nodiscard]] std::optional<std::string_view> c_string(std::uint64_t offset,
                                                         std::size_t max_length) const noexcept {
    if (offset >= bytes_.size()) return std::nullopt;
    const auto* start = reinterpret_cast<const char*>(bytes_.data()) + offset;
    std::size_t available = bytes_.size() - static_cast<std::size_t>(offset);
    std::size_t limit = available < max_length ? available : max_length;
    const void* nul = std::memchr(start, 0, limit);
    if (nul == nullptr) return std::nullopt;
    return std::string_view(start, static_cast<std::size_t>(static_cast<const char*>(nul) - start));
  }

 private:
  std::span<const std::uint8_t> bytes_;
};

}  // namespace cordon
