// DNS over TCP framing (RFC 1035 4.2.2, RFC 7766): each message is preceded
// by its length as two bytes in network order. The reader is fed by a
// non-blocking socket whatever the peer sends: a prefix split across reads,
// one byte at a time, a length that promises more than ever comes, a length
// too short for a DNS header, several queries in one write. It never reads
// past the message it is assembling (pipelined queries split exactly) and
// never holds more than one message (at most 65535 bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace cordon::sandbox {

class DnsStreamReader {
 public:
  DnsStreamReader() { buffer_.resize(2); }

  // Where the next read goes: never more than the rest of the current prefix
  // or message, so a read cannot swallow the start of the next one. Empty
  // while a message is complete (take it first) or the stream is bad.
  [[nodiscard]] std::span<std::byte> space();
  // `count` bytes were read into space() (at most its size).
  void commit(std::size_t count);

  // The complete message, once its prefix and every byte it announced
  // arrived; nullopt before.
  [[nodiscard]] std::optional<std::span<const std::byte>> message() const;
  // Drops the complete message and starts on the next prefix.
  void next();

  // The prefix announced fewer bytes than a DNS header (12): the stream
  // cannot be resynchronised and must be closed.
  [[nodiscard]] bool bad() const { return bad_; }
  // Part of a prefix or message has arrived (closing now loses it).
  [[nodiscard]] bool partial() const { return have_ != 0; }

 private:
  std::vector<std::byte> buffer_;  // the prefix (2 bytes), then the message
  std::size_t have_ = 0;           // bytes of buffer_ filled
  bool in_message_ = false;        // the prefix is complete; buffer_ is sized to the message
  bool bad_ = false;
};

// `message` with its two-byte length prefix; empty when it exceeds 65535
// bytes (it cannot be framed).
[[nodiscard]] std::vector<std::byte> frame_dns_message(std::span<const std::byte> message);

}  // namespace cordon::sandbox
