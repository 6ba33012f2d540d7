// Host names and URLs found in strings: canonical forms so that one endpoint
// has one spelling, and a conservative parser that turns garbage away.
#include <algorithm>
#include <charconv>
#include <vector>

#include "cordon/rules/endpoint.h"
#include "cordon/support/strings.h"

namespace cordon::rules {
namespace {

constexpr std::size_t kMaxHostLength = 253;
constexpr std::size_t kMaxLabelLength = 63;
constexpr std::size_t kMaxUrlLength = 4096;

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Printable ASCII without blanks: anything else is not an endpoint.
bool is_url_char(char c) {
  return c > ' ' && c < 0x7f;
}

bool is_dot(std::string_view segment) {
  const std::string lower = to_lower(segment);
  return lower == "." || lower == "%2e";
}

bool is_dot_dot(std::string_view segment) {
  const std::string lower = to_lower(segment);
  return lower == ".." || lower == ".%2e" || lower == "%2e." || lower == "%2e%2e";
}

// RFC 3986 5.2.4: "/v1/../admin" is "/admin", so a prefix "/v1/" must not
// cover it. Percent-encoded dots count as dots, as servers decode them.
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> kept;
  const auto parts = split(path.substr(1), '/');
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    const bool last = i + 1 == parts.size();
    if (is_dot(part)) {
      if (last) kept.emplace_back("");
    } else if (is_dot_dot(part)) {
      if (!kept.empty()) kept.pop_back();
      if (last) kept.emplace_back("");
    } else {
      kept.push_back(part);
    }
  }
  std::string out;
  for (std::string_view part : kept) {
    out += '/';
    out += part;
  }
  return out.empty() ? "/" : out;
}

}  // namespace

std::optional<std::string> canonical_host(std::string_view text) {
  if (text.ends_with('.')) text.remove_suffix(1);
  if (text.empty() || text.size() > kMaxHostLength) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  std::size_t label = 0;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '.') {
      if (label == 0) return std::nullopt;  // empty label: "a..b", ".a"
      label = 0;
    } else {
      if (!is_host_char(c)) return std::nullopt;
      if (++label > kMaxLabelLength) return std::nullopt;
    }
    out.push_back(c);
  }
  if (label == 0) return std::nullopt;  // "example.com.." ends in an empty label
  // A numeric last label is not a name: resolvers treat "1.2.3.256" or
  // "0x7f.1" as failed address literals, never as DNS names.
  const std::string_view last = std::string_view(out).substr(out.rfind('.') + 1);
  if (all_digits(last) || (last.starts_with("0x") && last.size() > 2 &&
                           std::all_of(last.begin() + 2, last.end(), [](char c) {
                             return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                           }))) {
    return std::nullopt;
  }
  return out;
}

std::uint16_t default_port(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  if (scheme == "mqtt") return 1883;
  if (scheme == "mqtts") return 8883;
  return 0;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (!all_digits(text) || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  if (value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::optional<Url> parse_url(std::string_view text) {
  if (text.empty() || text.size() > kMaxUrlLength) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), is_url_char)) return std::nullopt;

  Url url;
  std::string_view rest = text;
  if (auto sep = rest.find("://"); sep != std::string_view::npos) {
    const std::string_view scheme = rest.substr(0, sep);
    if (scheme.empty() || scheme.size() > 16) return std::nullopt;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
      const char c = scheme[i];
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      const bool ok =
          alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
      if (!ok) return std::nullopt;
    }
    url.scheme = to_lower(scheme);
    rest.remove_prefix(sep + 3);
  }

  const std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view tail = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  // Browsers read a backslash as a slash, so "http://evil\\@good" is evil's: refuse to guess.
  if (authority.find('\\') != std::string_view::npos) return std::nullopt;

  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    // user:password@host: credentials are not part of the endpoint. Without
    // a scheme, "name@host" is far more likely a mail address: not ours.
    if (url.scheme.empty()) return std::nullopt;
    authority.remove_prefix(at + 1);
  }

  std::string_view host = authority;
  std::string_view port_text;
  bool has_port = false;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port_text = after.substr(1);
      has_port = true;
    }
  } else if (std::count(authority.begin(), authority.end(), ':') == 1) {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    port_text = authority.substr(colon + 1);
    has_port = true;
  } else if (authority.find(':') != std::string_view::npos) {
    // Several colons and no brackets: only a bare IPv6 literal, without a
    // port and without a path (the port would be ambiguous).
    if (!url.scheme.empty() || !tail.empty()) return std::nullopt;
  }

  if (has_port) {
    auto port = parse_port(port_text);
    if (!port) return std::nullopt;
    url.port = *port;
  } else {
    url.port = default_port(url.scheme);
  }

  if (auto ip = parse_ip(host)) {
    url.ip = ip;
    url.host = ip->to_string();
  } else {
    if (host.starts_with('[')) return std::nullopt;
    auto name = canonical_host(host);
    if (!name) return std::nullopt;
    // Without a scheme, a bare word ("main", "config.json" is still a name)
    // needs at least one dot to be taken for a host.
    if (url.scheme.empty() && name->find('.') == std::string::npos) return std::nullopt;
    url.host = std::move(*name);
  }

  // The fragment never leaves the client; the query does.
  if (auto hash = tail.find('#'); hash != std::string_view::npos) tail = tail.substr(0, hash);
  const std::size_t query = tail.find('?');
  const std::string_view path = tail.substr(0, query);
  const std::string_view rest_query =
      query == std::string_view::npos ? std::string_view{} : tail.substr(query);
  if (!path.empty()) {
    url.path = remove_dot_segments(path);
  } else if (!rest_query.empty()) {
    url.path.push_back('/');
  }
  url.path += rest_query;
  return url;
}

std::string canonical_url(const Url& url) {
  std::string out;
  if (!url.scheme.empty()) {
    out += url.scheme;
    out += "://";
  }
  const bool brackets = url.ip && url.ip->v6;
  if (brackets) out += '[';
  out += url.host;
  if (brackets) out += ']';
  if (url.port != 0 && url.port != default_port(url.scheme)) {
    out += ':';
    out += std::to_string(url.port);
  }
  out += url.path.empty() ? "/" : url.path;
  return out;
}

}  // namespace cordon::rules
