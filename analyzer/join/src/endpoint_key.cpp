#include "endpoint_key.h"

#include <fmt/format.h>

#include "cordon/flow/policy.h"

namespace cordon::join {

EndpointKey predicted_key(std::string_view text) {
  EndpointKey key;
  auto url = flow::endpoint_url(text);
  if (!url || url->host.empty()) {
    key.raw = std::string(text);
    return key;
  }
  if (url->ip) {
    key.address = url->ip->to_string();
  } else {
    key.host = url->host;
  }
  key.port = url->port;
  return key;
}

std::string display(const EndpointKey& key) {
  if (!key.raw.empty()) return key.raw;
  std::string name = key.host.empty() ? key.address : key.host;
  if (key.port == 0) return name;
  if (key.host.empty() && name.find(':') != std::string::npos) {
    return fmt::format("[{}]:{}", name, key.port);
  }
  return fmt::format("{}:{}", name, key.port);
}

bool same_endpoint(const EndpointKey& predicted, const ObservedEndpoint& observed) {
  if (!predicted.raw.empty()) return false;
  if (predicted.port != 0 && observed.port != 0 && predicted.port != observed.port) return false;
  if (!predicted.host.empty()) return predicted.host == observed.host;
  if (predicted.address.empty()) return false;
  return observed.address == predicted.address || observed.run.addresses.count(predicted.address);
}

std::optional<rules::EndpointQuery> query_of(const EndpointKey& key) {
  if (!key.raw.empty()) return std::nullopt;
  rules::EndpointQuery query;
  if (!key.host.empty()) query.host = key.host;
  if (!key.address.empty()) query.ip = rules::parse_ip(key.address);
  query.port = key.port;
  return query;
}

}  // namespace cordon::join
