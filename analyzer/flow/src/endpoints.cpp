#include "endpoints.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace cordon::flow {
namespace {

constexpr std::size_t kMaxBackwardVisits = 512;
constexpr std::size_t kMaxEndpointLength = 2048;

std::size_t label_count(const std::string& host) {
  return static_cast<std::size_t>(std::count(host.begin(), host.end(), '.')) + 1;
}

bool alphabetic_tld(const std::string& host) {
  auto dot = host.rfind('.');
  if (dot == std::string::npos || dot + 2 > host.size()) return false;
  return std::all_of(host.begin() + static_cast<std::ptrdiff_t>(dot) + 1, host.end(),
                     [](unsigned char c) { return std::isalpha(c) != 0; });
}

// "a.b.c.d" with decimal parts, optionally followed by ":port" or a path.
bool dotted_quad(std::string_view text) {
  auto end = text.find_first_of(":/");
  std::string_view host = text.substr(0, end);
  int dots = 0;
  std::size_t digits = 0;
  for (char c : host) {
    if (c == '.') {
      if (digits == 0) return false;
      ++dots;
      digits = 0;
    } else if (c >= '0' && c <= '9') {
      if (++digits > 3) return false;
    } else {
      return false;
    }
  }
  return dots == 3 && digits > 0;
}

}  // namespace

std::optional<rules::Url> plausible_endpoint(std::string_view text, const rules::RuleSet& rules) {
  if (text.empty() || text.size() > kMaxEndpointLength) return std::nullopt;
  if (std::any_of(text.begin(), text.end(), [](unsigned char c) {
        return std::isspace(c) != 0 || std::iscntrl(c) != 0 || c >= 0x80;
      })) {
    return std::nullopt;
  }
  auto url = rules::parse_url(text);
  if (!url) {
    // A URL template ("https://host/users/xuid(%s)/x"): judge its scheme and authority.
    auto scheme_end = text.find("://");
    if (scheme_end != std::string_view::npos) {
      auto authority_end = text.find_first_of("/?#", scheme_end + 3);
      url = rules::parse_url(text.substr(0, authority_end));
    }
  }
  if (!url || url->host.empty()) return std::nullopt;
  if (url->ip && url->scheme.empty() && !url->ip->v6 && !dotted_quad(text)) {
    // "9.81", "5.6.1" and "20000" are IPv4 to inet_aton but numbers and
    // versions in a binary's strings: a bare address must be written a.b.c.d.
    return std::nullopt;
  }
  if (!url->scheme.empty() || url->ip) return url;
  if (rules.endpoints().match_url(*url)) return url;
  if (!alphabetic_tld(url->host)) return std::nullopt;
  if (url->port != 0 || label_count(url->host) >= 3) return url;
  return std::nullopt;
}

std::vector<std::size_t> strings_reaching(
    const ValueGraph& graph, const std::vector<NodeId>& targets,
    const std::unordered_map<NodeId, std::vector<std::size_t>>& string_nodes) {
  std::vector<std::size_t> out;
  std::vector<NodeId> stack;
  std::unordered_set<NodeId> seen;
  for (NodeId t : targets) {
    if (t < graph.size() && seen.insert(t).second) stack.push_back(t);
  }
  while (!stack.empty() && seen.size() < kMaxBackwardVisits) {
    NodeId node = stack.back();
    stack.pop_back();
    if (auto found = string_nodes.find(node); found != string_nodes.end()) {
      out.insert(out.end(), found->second.begin(), found->second.end());
    }
    graph.for_each_predecessor(node, [&](NodeId pred) {
      if (seen.insert(pred).second) stack.push_back(pred);
    });
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace cordon::flow
