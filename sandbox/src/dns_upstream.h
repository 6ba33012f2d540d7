// Asking the upstream resolver behind the DNS view one question, over UDP
// (what the title asked over UDP) or TCP (what it asked over TCP, usually
// after a truncated UDP answer). Both are bounded by a deadline and accept
// only an answer with the query's id from the upstream address itself.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "cordon/sandbox/socket_address.h"

namespace cordon::sandbox {

// The reply bytes (without framing), or empty when the upstream did not
// answer in time, refused the connection or sent something else.
[[nodiscard]] std::vector<std::byte> ask_upstream_udp(const SocketAddress& upstream,
                                                      std::span<const std::byte> query,
                                                      std::uint16_t id,
                                                      std::chrono::milliseconds timeout);
[[nodiscard]] std::vector<std::byte> ask_upstream_tcp(const SocketAddress& upstream,
                                                      std::span<const std::byte> query,
                                                      std::uint16_t id,
                                                      std::chrono::milliseconds timeout);

}  // namespace cordon::sandbox
