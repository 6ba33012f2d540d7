// The one endpoint matcher of both halves. SECURITY: the sandbox admits a
// connection when this says "allowed", so every comparison here is on
// canonical forms (parse_ip, canonical_host, canonical_url) and a wildcard
// never matches its apex or a look-alike suffix ("evilx.com" for "*.x.com").
#include <tuple>

#include "cordon/rules/endpoint.h"

namespace cordon::rules {
namespace {

using Kind = EndpointPattern::Kind;

// Larger is more specific: (level, length within the level, narrower port).
using Specificity = std::tuple<int, int, int>;

bool port_matches(const EndpointPattern& p, std::uint16_t port) {
  if (p.port_low == 0) return true;  // the pattern names no port
  return port != 0 && p.port_low <= port && port <= p.port_high;
}

int port_narrowness(const EndpointPattern& p) {
  if (p.port_low == 0) return -65536;
  return -(static_cast<int>(p.port_high) - static_cast<int>(p.port_low) + 1);
}

bool in_network(const IpAddress& ip, const EndpointPattern& p) {
  if (ip.v6 != p.ip.v6) return false;
  const int bits = p.prefix_length;
  for (int bit = 0; bit < bits; ++bit) {
    const auto byte = static_cast<std::size_t>(bit / 8);
    const int shift = 7 - bit % 8;
    if (((ip.bytes[byte] >> shift) & 1) != ((p.ip.bytes[byte] >> shift) & 1)) return false;
  }
  return true;
}

// A prefix ends at a path boundary: "/v1" covers "/v1/x" and "/v1?q", not "/v10".
bool url_has_prefix(std::string_view url, std::string_view prefix) {
  if (!url.starts_with(prefix)) return false;
  if (url.size() == prefix.size() || prefix.ends_with('/')) return true;
  const char next = url[prefix.size()];
  return next == '/' || next == '?' || next == '#';
}

std::optional<Specificity> specificity(const EndpointPattern& p, const EndpointQuery& q) {
  if (!port_matches(p, q.port)) return std::nullopt;
  const int narrow = port_narrowness(p);
  switch (p.kind) {
    case Kind::kUrlPrefix:
      if (!q.url.empty()) {
        if (!url_has_prefix(q.url, p.url_prefix)) return std::nullopt;
        return Specificity{5, static_cast<int>(p.url_prefix.size()), narrow};
      }
      // No path to compare (a connect): the prefix's server is what it names.
      if (p.url_host_is_ip) {
        if (!q.ip || !(*q.ip == p.ip)) return std::nullopt;
      } else if (!q.host || *q.host != p.host) {
        return std::nullopt;
      }
      return Specificity{4, 0, narrow};
    case Kind::kHostExact:
      if (!q.host || *q.host != p.host) return std::nullopt;
      return Specificity{4, 0, narrow};
    case Kind::kIp:
      if (!q.ip || !(*q.ip == p.ip)) return std::nullopt;
      return Specificity{4, 0, narrow};
    case Kind::kHostWildcard: {
      if (!q.host) return std::nullopt;
      const std::string& host = *q.host;
      const std::string& domain = p.host;
      // Strictly below the domain, at a label boundary.
      if (host.size() <= domain.size() + 1 || !host.ends_with(domain) ||
          host[host.size() - domain.size() - 1] != '.') {
        return std::nullopt;
      }
      return Specificity{3, static_cast<int>(domain.size()), narrow};
    }
    case Kind::kCidr:
      if (!q.ip || !in_network(*q.ip, p)) return std::nullopt;
      return Specificity{2, p.prefix_length, narrow};
  }
  return std::nullopt;
}

}  // namespace

Status EndpointMatcher::add(std::string_view pattern, std::string id, Party vendor) {
  auto parsed = parse_endpoint_pattern(pattern);
  if (!parsed) return fail(parsed.error());
  const std::size_t index = entries_.size();
  switch (parsed->kind) {
    case Kind::kHostExact:
      by_host_[parsed->host].push_back(index);
      break;
    case Kind::kHostWildcard:
      by_domain_[parsed->host].push_back(index);
      break;
    case Kind::kIp:
    case Kind::kCidr:
    case Kind::kUrlPrefix:
      scanned_.push_back(index);
      break;
  }
  entries_.push_back(Entry{std::move(*parsed), std::move(id), vendor});
  return {};
}

std::optional<EndpointMatch> EndpointMatcher::match(const EndpointQuery& query) const {
  // Every candidate is scored with specificity(), which alone decides
  // whether it matches: the indexes only narrow the candidates. Among equal
  // scores the lowest index (first added) wins, as in a plain scan.
  std::optional<std::size_t> best;
  Specificity best_score{};
  auto consider = [&](std::size_t index) {
    auto score = specificity(entries_[index].pattern, query);
    if (!score) return;
    if (!best || *score > best_score || (*score == best_score && index < *best)) {
      best = index;
      best_score = *score;
    }
  };
  auto consider_all = [&](const std::vector<std::size_t>* indexes) {
    if (indexes == nullptr) return;
    for (std::size_t index : *indexes) consider(index);
  };
  auto lookup = [](const auto& map, const std::string& key) -> const std::vector<std::size_t>* {
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  };
  if (query.host) {
    const std::string& host = *query.host;
    consider_all(lookup(by_host_, host));
    // Each proper suffix after a dot: "a.b.x.com" probes b.x.com, x.com, com.
    for (std::size_t dot = host.find('.'); dot != std::string::npos;
         dot = host.find('.', dot + 1)) {
      consider_all(lookup(by_domain_, host.substr(dot + 1)));
    }
  }
  for (std::size_t index : scanned_) consider(index);
  if (!best) return std::nullopt;
  const Entry& entry = entries_[*best];
  return EndpointMatch{entry.id, entry.vendor, entry.pattern.text};
}

std::optional<EndpointMatch> EndpointMatcher::match_url(const Url& url) const {
  EndpointQuery query;
  if (url.ip) {
    query.ip = url.ip;
  } else {
    query.host = url.host;
  }
  query.port = url.port;
  if (!url.scheme.empty()) query.url = canonical_url(url);
  return match(query);
}

}  // namespace cordon::rules
