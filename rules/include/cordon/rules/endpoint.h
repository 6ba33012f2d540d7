// Endpoints: parsing, canonical forms and matching of hosts, IP addresses,
// CIDRs, ports and URLs. Used by the scanner (strings found in binaries and
// sources) and by the sandbox (addresses a title connects to): one matcher,
// so a profile means the same thing in both halves.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cordon/rules/model.h"
#include "cordon/support/error.h"

namespace cordon::rules {

// An IPv4 or IPv6 address in canonical form: IPv4-mapped IPv6 (::ffff:a.b.c.d)
// is stored as IPv4, so both spellings of one address compare equal.
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses bytes[0..3]

  [[nodiscard]] std::string to_string() const;  // dotted quad or RFC 5952 text
  [[nodiscard]] bool is_loopback() const;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// Parses an IP literal. IPv4 accepts every form inet_aton(3) accepts, since
// that is what a title's libc will connect to: "127.1", "0x7f.0.0.1",
// "017700000001", "2130706433". IPv6 accepts RFC 4291 text, with or without
// brackets, with an optional zone (dropped). Returns nullopt for anything else.
[[nodiscard]] std::optional<IpAddress> parse_ip(std::string_view text);

// Lower case, without one trailing dot; nullopt unless the result is a
// syntactically valid DNS name (labels 1..63 of [a-z0-9_-], total <= 253).
[[nodiscard]] std::optional<std::string> canonical_host(std::string_view text);

// A URL or host[:port] found in a string: scheme may be empty.
struct Url {
  std::string scheme;  // lower case: "https", "udp", ... or empty
  std::string host;    // canonical host, or IP text in canonical form
  std::optional<IpAddress> ip;
  std::uint16_t port = 0;  // 0 when not given (and no scheme default)
  std::string path;        // starts with '/' or is empty
};

// Parses "https://Host.Example:8443/x", "host.example:443", "[::1]:80",
// "10.0.0.1". Returns nullopt for text that is not a plausible endpoint.
[[nodiscard]] std::optional<Url> parse_url(std::string_view text);

// The default port of a scheme (http 80, https 443, ws 80, wss 443, ...), or 0.
[[nodiscard]] std::uint16_t default_port(std::string_view scheme);

// "scheme://host[:port]/path": the port only when it is not the scheme's
// default, IPv6 in brackets, "/" for an empty path. Two spellings of one URL
// give one string; URL-prefix patterns compare against this form.
[[nodiscard]] std::string canonical_url(const Url& url);

// A decimal port 1..65535 (no sign, at most five digits), or nullopt.
[[nodiscard]] std::optional<std::uint16_t> parse_port(std::string_view text);

// One allow/endpoint pattern, parsed: `*.domain`, `host`, IP, CIDR, URL
// prefix, each with an optional `:port` or `:lo-hi` range.
struct EndpointPattern {
  enum class Kind { kHostExact, kHostWildcard, kIp, kCidr, kUrlPrefix };
  Kind kind = Kind::kHostExact;
  std::string host;             // canonical host, or the domain after "*." for wildcards
  IpAddress ip;                 // kIp / kCidr
  int prefix_length = 0;        // kCidr
  std::string url_prefix;       // kUrlPrefix: canonical "scheme://host[:port]/path"
  bool url_host_is_ip = false;  // kUrlPrefix: the server is `ip`, not `host`
  std::uint16_t port_low = 0;   // 0..0 means any port
  std::uint16_t port_high = 0;
  std::string text;  // as written
};

// Parses a pattern; the error's reason says what is wrong with it.
[[nodiscard]] Result<EndpointPattern> parse_endpoint_pattern(std::string_view text);

// What an endpoint is checked against: a host name, an IP, or both (the
// sandbox knows the name a title resolved and the address it connects to),
// plus a port, and the full URL when the query came from one.
// A port of 0 means unknown: it matches only patterns without a port, so an
// allowlist entry "host:443" never admits a connection on another port.
struct EndpointQuery {
  std::optional<std::string> host;  // canonical host when known
  std::optional<IpAddress> ip;
  std::uint16_t port = 0;
  std::string url;  // full canonical URL when the query came from one
};

struct EndpointMatch {
  std::string id;  // the endpoint entry id, or "allow:<pattern>" for allowlist entries
  Party vendor = Party::kUnknown;
  std::string pattern;  // the pattern text that matched
};

// An index of patterns. Lookups are thread safe once built.
class EndpointMatcher {
 public:
  // Adds a pattern for `id`/`vendor`. Bad patterns are returned as errors.
  Status add(std::string_view pattern, std::string id, Party vendor);

  // The most specific match, or nullopt. Specificity, highest first: a URL
  // prefix (longer wins; only for queries with a URL), an exact host or IP,
  // a wildcard (longer domain wins), a CIDR (longer prefix wins); within one
  // level a port-restricted pattern beats a wider range. Ties: first added.
  // A URL-prefix pattern also matches a query without a URL on its host and
  // port: at connect time the path is not visible (TLS), only the server.
  [[nodiscard]] std::optional<EndpointMatch> match(const EndpointQuery& query) const;
  [[nodiscard]] std::optional<EndpointMatch> match_url(const Url& url) const;
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    EndpointPattern pattern;
    std::string id;
    Party vendor;
  };
  std::vector<Entry> entries_;
  // Indexes into entries_: host patterns by their host (exact) or domain
  // (wildcard), so a lookup costs one probe per label of the query; the
  // address and URL patterns, which are few, are scanned.
  std::unordered_map<std::string, std::vector<std::size_t>> by_host_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_domain_;
  std::vector<std::size_t> scanned_;
};

}  // namespace cordon::rules
