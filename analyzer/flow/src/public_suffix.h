// Top-level domains and public suffixes, from the Public Suffix List (the
// Debian package `publicsuffix`), compiled in when cordon is built, plus the
// special-use names of RFC 2606 and RFC 6761 that the list leaves out.
#pragma once

#include <cstddef>
#include <string_view>

namespace cordon::flow {

// Whether `label` (lower-case ASCII) is a top-level domain: "com", "in",
// "io", and the reserved "example", "test", "invalid", "localhost".
[[nodiscard]] bool is_top_level_domain(std::string_view label);

// The number of labels of the longest public suffix `host` (canonical, lower
// case) ends with: 1 for "a.b.com", 2 for "a.b.co.uk" or "x.web.app", 0 when
// its last label is no top-level domain.
[[nodiscard]] std::size_t public_suffix_labels(std::string_view host);

}  // namespace cordon::flow
