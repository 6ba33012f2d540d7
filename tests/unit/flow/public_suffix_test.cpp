// The Public Suffix List compiled into cordon: top-level domains and the
// length of a host's public suffix.
#include <doctest/doctest.h>

#include <string>

#include "public_suffix.h"

using cordon::flow::is_top_level_domain;
using cordon::flow::public_suffix_labels;

TEST_CASE("top-level domains come from the public suffix list and RFC 6761") {
  for (const char* tld : {"com", "net", "org", "io", "gg", "in", "de", "app", "example", "test",
                          "invalid", "localhost"}) {
    CHECK_MESSAGE(is_top_level_domain(tld), std::string(tld));
  }
  for (const char* label :
       {"left", "smoothness", "baseurl", "part", "image", "txt", "png", "", "co.uk", "ccw"}) {
    CHECK_MESSAGE(!is_top_level_domain(label), std::string(label));
  }
}

TEST_CASE("public suffix length in labels") {
  CHECK(public_suffix_labels("servers.minetest.net") == 1);
  CHECK(public_suffix_labels("stats.game.co.in") == 2);
  CHECK(public_suffix_labels("a.b.co.uk") == 2);
  CHECK(public_suffix_labels("title.web.app") == 2);  // a private-section suffix
  CHECK(public_suffix_labels("x.y.ck") == 2);         // the wildcard *.ck
  CHECK(public_suffix_labels("com") == 1);
  CHECK(public_suffix_labels("text.move.left") == 0);
  CHECK(public_suffix_labels("libcurl.so.4") == 0);
}
