#include "endpoints.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "public_suffix.h"

namespace cordon::flow {
namespace {

constexpr std::size_t kMaxBackwardVisits = 512;
constexpr std::size_t kMaxEndpointLength = 2048;

// Top-level domains that are also file extensions people put in binaries:
// sources and scripts (.py, .sh, .pl, .pm, .rs, .cc, .ml, .mk, .md), autotools
// templates (.in, .am, .ac), shared objects (.so), archives and media (.zip,
// .mov), PostScript (.ps). Not .io, .gg, .app, .tv: game services live there.
constexpr std::string_view kFileExtensionTlds[] = {"ac", "am", "cc", "in", "md", "mk", "ml", "mov",
                                                   "pl", "pm", "ps", "py", "rs", "sh", "so", "zip"};

std::size_t label_count(std::string_view host) {
  return static_cast<std::size_t>(std::count(host.begin(), host.end(), '.')) + 1;
}

std::string_view last_label(std::string_view host) {
  auto dot = host.rfind('.');
  return dot == std::string_view::npos ? host : host.substr(dot + 1);
}

bool file_extension_tld(std::string_view host) {
  auto tld = last_label(host);
  return std::find(std::begin(kFileExtensionTlds), std::end(kFileExtensionTlds), tld) !=
         std::end(kFileExtensionTlds);
}

// "camera.zoom.wheel.out": a name of dotted labels, no scheme, port or path.
bool bare_dotted_name(std::string_view text) {
  if (text.find('.') == std::string_view::npos) return false;
  return std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-';
  });
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
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

EndpointJudge::EndpointJudge(const rules::RuleSet& rules, const std::vector<StringRef>& strings)
    : rules_(rules) {
  for (const StringRef& ref : strings) {
    if (ref.text.size() > kMaxEndpointLength || !bare_dotted_name(ref.text)) continue;
    std::string name = lower(ref.text);
    auto dot = name.rfind('.');
    if (dot == 0 || dot + 1 == name.size()) continue;
    if (!is_top_level_domain(std::string_view(name).substr(dot + 1))) {
      key_prefixes_.insert(name.substr(0, dot));
    }
  }
}

std::optional<rules::Url> EndpointJudge::operator()(std::string_view text) const {
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
  if (rules_.endpoints().match_url(*url)) return url;
  // A host name is letters, digits and hyphens (RFC 1123); an underscore
  // makes an identifier or a file name ("threadsafe_function.rs:749", a Rust
  // panic location; "save_slot.dat").
  if (url->host.find('_') != std::string::npos) return std::nullopt;
  const std::size_t suffix = public_suffix_labels(url->host);
  if (suffix == 0) return std::nullopt;  // no top-level domain: "text.move.left"
  if (url->port != 0) {
    // "parser.rs:749", "main.cc:120": a source file and a line, not a host
    // and a port. "stun.example.org:3478" and "relay.game.rs:7777" stay.
    if (suffix == 1 && label_count(url->host) == 2 && file_extension_tld(url->host)) {
      return std::nullopt;
    }
    return url;
  }
  if (label_count(url->host) < 3) return std::nullopt;
  if (suffix == 1 && file_extension_tld(url->host)) return std::nullopt;
  auto dot = url->host.rfind('.');
  if (key_prefixes_.count(url->host.substr(0, dot)) != 0) return std::nullopt;
  return url;
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
