// Endpoint patterns as written in packs, profiles and --allow: parsed once,
// strictly, so that a pattern means exactly one set of endpoints.
#include <algorithm>
#include <charconv>

#include "cordon/rules/endpoint.h"
#include "cordon/support/strings.h"
#include "quoted.h"

namespace cordon::rules {
namespace {

using detail::quoted;

constexpr std::size_t kMaxPatternLength = 2048;

using Kind = EndpointPattern::Kind;

tl::unexpected<Error> bad(std::string_view text, std::string reason) {
  return fail(ErrorKind::kValidation, "", "",
              "bad endpoint pattern '" + printable(text) + "': " + std::move(reason));
}

// "443" or "27015-27030".
Status parse_port_spec(std::string_view pattern, std::string_view spec, EndpointPattern& out) {
  const auto dash = spec.find('-');
  const std::string_view low_text = spec.substr(0, dash);
  const std::string_view high_text =
      dash == std::string_view::npos ? low_text : spec.substr(dash + 1);
  const auto low = parse_port(low_text);
  const auto high = parse_port(high_text);
  if (!low || !high) {
    return bad(pattern, "port '" + printable(spec) + "' is not a port or range within 1-65535");
  }
  if (*low > *high) return bad(pattern, "port range '" + printable(spec) + "' is reversed");
  out.port_low = *low;
  out.port_high = *high;
  return {};
}

// A strict dotted quad for CIDR bases: the inet_aton shorthands ("10/8" is
// 0.0.0.10/8 to inet_aton) would make a network mean something unexpected.
bool is_dotted_quad(std::string_view text) {
  const auto parts = split(text, '.');
  if (parts.size() != 4) return false;
  return std::all_of(parts.begin(), parts.end(), [](const std::string& p) {
    return !p.empty() && p.size() <= 3 &&
           std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
  });
}

// "010.0.0.1" is 8.0.0.1 to inet_aton: a query may be spelled so (and is
// read as the libc reads it), but a pattern that says so is almost surely a
// slip that would allow the wrong network.
bool has_octal_part(std::string_view text) {
  for (const std::string& part : split(text, '.')) {
    if (part.size() > 1 && part[0] == '0' && part[1] >= '0' && part[1] <= '9') return true;
  }
  return false;
}

Status parse_cidr(std::string_view pattern, std::string_view address, std::string_view length,
                  EndpointPattern& out) {
  const bool v6_text = address.find(':') != std::string_view::npos;
  if (!v6_text && !is_dotted_quad(address)) {
    return bad(pattern, "a CIDR base must be a dotted quad or an IPv6 address");
  }
  if (!v6_text && has_octal_part(address)) {
    return bad(pattern, "a leading zero makes an octal number to inet_aton; write plain decimal");
  }
  auto ip = parse_ip(address);
  if (!ip) return bad(pattern, quoted(address) + " is not an IP address");
  const bool digits =
      !length.empty() && length.size() <= 3 &&
      std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
  int bits = -1;
  if (digits) std::from_chars(length.data(), length.data() + length.size(), bits);
  const int max_bits = v6_text ? 128 : 32;
  if (bits < 0 || bits > max_bits) {
    return bad(pattern, "prefix length '" + printable(length) + "' is not within 0-" +
                            std::to_string(max_bits));
  }
  if (v6_text && !ip->v6) {
    // ::ffff:10.0.0.0/104 is 10.0.0.0/8 once the address is canonical.
    if (bits < 96) return bad(pattern, "an IPv4-mapped network needs a prefix of at least 96");
    bits -= 96;
  }
  const int total = ip->v6 ? 128 : 32;
  for (int bit = bits; bit < total; ++bit) {
    const auto byte = static_cast<std::size_t>(bit / 8);
    if ((ip->bytes[byte] >> (7 - bit % 8)) & 1) {
      return bad(pattern, "address has bits set beyond the prefix length");
    }
  }
  out.kind = Kind::kCidr;
  out.ip = *ip;
  out.prefix_length = bits;
  return {};
}

Status parse_host_part(std::string_view pattern, std::string_view host, EndpointPattern& out) {
  if (host.empty()) return bad(pattern, "no host");
  if (host.starts_with("*.")) {
    const std::string_view domain = host.substr(2);
    if (domain.empty()) return bad(pattern, "nothing after '*.'");
    if (domain.find('*') != std::string_view::npos) {
      return bad(pattern, "'*' is allowed only as the whole first label");
    }
    auto name = canonical_host(domain);
    if (!name) return bad(pattern, quoted(domain) + " is not a valid host name");
    if (name->find('.') == std::string::npos) {
      return bad(pattern, "a wildcard over a whole top-level domain is too broad");
    }
    out.kind = Kind::kHostWildcard;
    out.host = std::move(*name);
    return {};
  }
  if (host.find('*') != std::string_view::npos) {
    return bad(pattern, "'*' is allowed only as the whole first label");
  }
  if (auto ip = parse_ip(host)) {
    if (!ip->v6 && has_octal_part(host)) {
      return bad(pattern, "a leading zero makes an octal number to inet_aton; write plain decimal");
    }
    out.kind = Kind::kIp;
    out.ip = *ip;
    return {};
  }
  if (host.find(':') != std::string_view::npos || host.starts_with('[')) {
    return bad(pattern, quoted(host) + " is not an IPv6 address");
  }
  auto name = canonical_host(host);
  if (!name) return bad(pattern, quoted(host) + " is not a valid host name or address");
  out.kind = Kind::kHostExact;
  out.host = std::move(*name);
  return {};
}

Result<EndpointPattern> parse_url_prefix(std::string_view text, EndpointPattern out) {
  if (text.find('*') != std::string_view::npos) {
    return bad(text, "wildcards are not allowed in URL prefixes (use a host pattern)");
  }
  auto url = parse_url(text);
  if (!url || url->scheme.empty()) return bad(text, "not a valid URL");
  out.kind = Kind::kUrlPrefix;
  out.url_prefix = canonical_url(*url);
  out.host = url->host;
  if (url->ip) {
    out.ip = *url->ip;
    out.url_host_is_ip = true;
  }
  out.port_low = url->port;
  out.port_high = url->port;
  return out;
}

}  // namespace

Result<EndpointPattern> parse_endpoint_pattern(std::string_view text) {
  EndpointPattern out;
  out.text = std::string(text);
  if (text.empty()) return bad(text, "empty");
  if (text.size() > kMaxPatternLength) return bad(text, "longer than 2048 characters");
  for (char c : text) {
    if (c <= ' ' || c >= 0x7f) {
      return bad(text, "holds a blank, control or non-ASCII character (write IDNs as punycode)");
    }
  }
  if (text.find("://") != std::string_view::npos) return parse_url_prefix(text, std::move(out));

  std::string_view host = text;
  std::string_view port;
  bool has_port = false;
  std::string_view cidr_length;
  bool is_cidr = false;

  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return bad(text, "'[' without ']'");
    host = text.substr(1, close - 1);
    std::string_view after = text.substr(close + 1);
    if (after.starts_with('/')) {
      const auto colon = after.find(':');
      cidr_length = after.substr(1, colon == std::string_view::npos ? colon : colon - 1);
      is_cidr = true;
      after = colon == std::string_view::npos ? std::string_view{} : after.substr(colon);
    }
    if (!after.empty()) {
      if (!after.starts_with(':')) return bad(text, "unexpected text after ']'");
      port = after.substr(1);
      has_port = true;
    }
    if (host.find(':') == std::string_view::npos) {
      return bad(text, "brackets are only for IPv6 addresses");
    }
  } else {
    const auto colons = std::count(text.begin(), text.end(), ':');
    if (colons == 1) {
      const auto colon = text.find(':');
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
      has_port = true;
    }
    // Two or more colons: a bare IPv6 address or network, never with a port.
    if (auto slash = host.find('/'); slash != std::string_view::npos) {
      cidr_length = host.substr(slash + 1);
      host = host.substr(0, slash);
      is_cidr = true;
    }
  }

  if (has_port) {
    if (auto status = parse_port_spec(text, port, out); !status) return fail(status.error());
  }
  if (is_cidr) {
    if (auto status = parse_cidr(text, host, cidr_length, out); !status) {
      return fail(status.error());
    }
    return out;
  }
  if (auto status = parse_host_part(text, host, out); !status) return fail(status.error());
  return out;
}

}  // namespace cordon::rules
