#include "cordon/sandbox/dns_stream.h"

#include <algorithm>
#include <cstring>

namespace cordon::sandbox {
namespace {

constexpr std::size_t kPrefix = 2;
constexpr std::size_t kHeader = 12;
constexpr std::size_t kMaxMessage = 65535;

}  // namespace

std::span<std::byte> DnsStreamReader::space() {
  if (bad_ || (in_message_ && have_ == buffer_.size())) return {};
  return std::span<std::byte>(buffer_).subspan(have_);
}

void DnsStreamReader::commit(std::size_t count) {
  if (bad_) return;
  have_ += std::min(count, buffer_.size() - have_);
  if (in_message_ || have_ < kPrefix) return;
  const std::size_t length = static_cast<std::size_t>(static_cast<std::uint8_t>(buffer_[0])) << 8 |
                             static_cast<std::uint8_t>(buffer_[1]);
  if (length < kHeader) {
    bad_ = true;
    return;
  }
  // The message replaces the prefix; its size is bounded by the 16 bits.
  buffer_.assign(length, std::byte{0});
  have_ = 0;
  in_message_ = true;
}

std::optional<std::span<const std::byte>> DnsStreamReader::message() const {
  if (bad_ || !in_message_ || have_ != buffer_.size()) return std::nullopt;
  return std::span<const std::byte>(buffer_);
}

void DnsStreamReader::next() {
  buffer_.assign(kPrefix, std::byte{0});
  buffer_.shrink_to_fit();  // an idle connection holds 2 bytes, not 64 KiB
  have_ = 0;
  in_message_ = false;
}

std::vector<std::byte> frame_dns_message(std::span<const std::byte> message) {
  if (message.size() > kMaxMessage) return {};
  std::vector<std::byte> out(kPrefix + message.size());
  out[0] = static_cast<std::byte>(message.size() >> 8);
  out[1] = static_cast<std::byte>(message.size() & 0xff);
  if (!message.empty()) std::memcpy(out.data() + kPrefix, message.data(), message.size());
  return out;
}

}  // namespace cordon::sandbox
