#include "public_suffix.h"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace cordon::flow {
namespace {

// The list's ASCII rules as they are written ("com", "co.uk", "*.ck",
// "!www.ck"), generated from public_suffix_list.dat by analyzer/flow/CMakeLists.txt.
constexpr const char* kRules[] = {
#include "public_suffix_list.inc"
};

// RFC 2606 / RFC 6761 names: never delegated, so not in the list, but they
// are what documentation and test hosts use ("telemetry.example-analytics.test").
constexpr const char* kSpecialUse[] = {"example", "test", "invalid", "localhost"};

struct Suffixes {
  std::unordered_set<std::string_view> exact;     // "co.uk"
  std::unordered_set<std::string_view> wildcard;  // "ck" for "*.ck": any label under it
  std::unordered_set<std::string_view> tld;       // last labels of every rule

  Suffixes() {
    for (std::string_view rule : kRules) {
      if (rule.starts_with('!')) continue;  // an exception narrows a wildcard: rare, ignored
      if (rule.empty() || rule.ends_with('.')) continue;
      if (rule.starts_with("*.")) {
        rule.remove_prefix(2);
        wildcard.insert(rule);
      } else {
        exact.insert(rule);
      }
      auto dot = rule.rfind('.');
      tld.insert(dot == std::string_view::npos ? rule : rule.substr(dot + 1));
    }
    for (std::string_view name : kSpecialUse) {
      exact.insert(name);
      tld.insert(name);
    }
  }
};

const Suffixes& suffixes() {
  static const Suffixes instance;
  return instance;
}

}  // namespace

bool is_top_level_domain(std::string_view label) {
  return suffixes().tld.count(label) != 0;
}

std::size_t public_suffix_labels(std::string_view host) {
  const Suffixes& s = suffixes();
  auto last_dot = host.rfind('.');
  if (!is_top_level_domain(last_dot == std::string_view::npos ? host : host.substr(last_dot + 1))) {
    return 0;
  }
  std::size_t best = 1;
  std::size_t labels = 1;
  // Walk the suffixes from the shortest ("com") to the whole name.
  for (std::size_t end = host.size(); end != std::string_view::npos && end > 0; ++labels) {
    std::size_t dot = host.rfind('.', end - 1);
    std::string_view suffix = dot == std::string_view::npos ? host : host.substr(dot + 1);
    if (s.exact.count(suffix) != 0) best = std::max(best, labels);
    if (s.wildcard.count(suffix) != 0 && dot != std::string_view::npos) {
      best = std::max(best, labels + 1);
    }
    end = dot;
  }
  return best;
}

}  // namespace cordon::flow
