// Properties over many generated strings (deterministic seed): the parsers
// never crash on hostile text, canonical forms are fixed points, and a URL
// always matches the exact pattern made from its own canonical parts.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "cordon/rules/endpoint.h"

using namespace cordon::rules;  // NOLINT: test brevity

namespace {

// Pieces that make parsers work hard: separators, brackets, digits, hex,
// percent escapes, dots, NUL and non-ASCII bytes.
const char* const kPieces[] = {
    "https://", "http://", "wss://", "x://", "[",   "]",     ":",     "::",   "/",        "//",
    ".",        "..",      "*.",     "*",    "@",   "%2e",   "?",     "#",    "\\",       "0x",
    "0",        "1",       "127",    "255",  "256", "65535", "65536", "ffff", "a",        "example",
    "com",      "-",       "_",      " ",    "%",   "/../",  "/./",   "",     "\xc3\xa4", "\xff",
    "1.2.3.4",  "::ffff:", "/24",    "/33",  "-80", "443"};

std::string random_text(std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> count(1, 8);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kPieces) - 1);
  std::string out;
  for (std::size_t i = count(rng); i > 0; --i) {
    const std::size_t p = pick(rng);
    // The empty piece stands for a NUL byte.
    if (kPieces[p][0] == '\0') {
      out.push_back('\0');
    } else {
      out += kPieces[p];
    }
  }
  return out;
}

}  // namespace

TEST_CASE("parsers on generated hostile text") {
  std::mt19937 rng(20261128);
  int urls = 0;
  int patterns = 0;
  for (int i = 0; i < 40000; ++i) {
    const std::string text = random_text(rng);
    if (auto ip = parse_ip(text)) {
      // The printed form reads back as the same address.
      auto again = parse_ip(ip->to_string());
      REQUIRE_MESSAGE(again, text);
      CHECK(*again == *ip);
    }
    if (auto host = canonical_host(text)) {
      CHECK(canonical_host(*host) == host);
      CHECK(host->size() <= 253);
    }
    if (auto url = parse_url(text)) {
      ++urls;
      const std::string canon = canonical_url(*url);
      auto again = parse_url(canon);
      REQUIRE_MESSAGE(again, text, " -> ", canon);
      CHECK_MESSAGE(canonical_url(*again) == canon, text);
      CHECK(again->port == url->port);
      if (!url->scheme.empty()) {
        // An exact host or IP pattern built from the URL's own parts matches it.
        EndpointMatcher m;
        const std::string host = url->ip && url->ip->v6 ? "[" + url->host + "]" : url->host;
        const std::string pattern = url->port != 0 ? host + ":" + std::to_string(url->port) : host;
        REQUIRE_MESSAGE(m.add(pattern, "self", Party::kUnknown), pattern);
        CHECK_MESSAGE(m.match_url(*url), text);
      }
    }
    auto pattern = parse_endpoint_pattern(text);
    if (pattern) {
      ++patterns;
      EndpointMatcher m;
      CHECK(m.add(text, "p", Party::kUnknown));
    } else {
      CHECK(pattern.error().reason.starts_with("bad endpoint pattern '"));
    }
  }
  // The generator reaches the accepting paths too, not only the rejections.
  CHECK(urls > 500);
  CHECK(patterns > 500);
}
