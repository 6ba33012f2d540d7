// One spelling for an endpoint on both sides of the join: the scan's URL or
// host literals and the run's (name or address, port).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cordon/join/observations.h"
#include "cordon/rules/endpoint.h"

namespace cordon::join {

struct EndpointKey {
  std::string host;        // canonical host, or ""
  std::string address;     // canonical IP text, or ""
  std::uint16_t port = 0;  // 0: not known (a bare host, a lookup)
  std::string raw;         // a scan string that is no endpoint at all: kept as written

  friend auto operator<=>(const EndpointKey&, const EndpointKey&) = default;
};

// The key of a scan endpoint string, read as the scanner reads it
// (flow::endpoint_url): its URL's host or IP and port, the scheme's default
// port when none is written.
[[nodiscard]] EndpointKey predicted_key(std::string_view text);

// "host:443", "192.0.2.1:9999", "[2001:db8::1]:53", "host" (no port), or
// the raw text.
[[nodiscard]] std::string display(const EndpointKey& key);

// True when the run's endpoint is the scan's: the same name, or an address
// the scan names (also one the name resolved to), on the same port, where a
// port of 0 on either side (a bare host in the binary, a dns lookup) matches
// any port.
[[nodiscard]] bool same_endpoint(const EndpointKey& predicted, const ObservedEndpoint& observed);

// The query the endpoint matcher is asked for a key; nullopt for raw text.
[[nodiscard]] std::optional<rules::EndpointQuery> query_of(const EndpointKey& key);

}  // namespace cordon::join
