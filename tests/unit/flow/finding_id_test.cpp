#include <doctest/doctest.h>

#include "cordon/flow/finding_id.h"

using namespace cordon::flow;  // NOLINT: test brevity

TEST_CASE("fnv-1a 64 matches the published test vectors") {
  CHECK(fnv1a64_hex("") == "cbf29ce484222325");
  CHECK(fnv1a64_hex("a") == "af63dc4c8601ec8c");
  CHECK(fnv1a64_hex("foobar") == "85944171f73967e8");
}

TEST_CASE("finding ids depend on names, not on addresses") {
  Finding f;
  f.kind = FindingKind::kNetworkCapability;
  f.rule = "r";
  f.target = "bin/x";
  f.path = {PathStep{"main", 0x1000, std::nullopt, std::nullopt},
            PathStep{"send_stats", 0x2000, std::nullopt, std::nullopt}};
  Finding moved = f;
  moved.path[0].address = 0x1234;
  moved.path[1].address = 0x5678;
  CHECK(finding_id(f, "sink") == finding_id(moved, "sink"));
  CHECK(finding_id(f, "sink").size() == 16);
  CHECK(finding_id(f, "sink") != finding_id(f, "other-sink"));
  Finding renamed = f;
  renamed.path[1].function = "send_stat";
  CHECK(finding_id(f, "sink") != finding_id(renamed, "sink"));
  Finding other_target = f;
  other_target.target = "bin/y";
  CHECK(finding_id(f, "sink") != finding_id(other_target, "sink"));
}

TEST_CASE("an exfiltration path's id is its decision's: another chain does not change it") {
  Finding f;
  f.kind = FindingKind::kExfiltrationPath;
  f.rule = "os.hostname";
  f.target = "bin/x";
  f.endpoints = {"https://a.example/"};
  f.path = {PathStep{"main", 0x1000, std::nullopt, std::nullopt}};
  Finding longer = f;
  longer.path.push_back(PathStep{"upload", 0x2000, std::nullopt, std::nullopt});
  longer.alternative_paths = {f.path};
  CHECK(finding_id(f, "libc.send") == finding_id(longer, "libc.send"));
  CHECK(finding_id(f, "libc.send") != finding_id(f, "libc.sendto"));
  Finding elsewhere = f;
  elsewhere.endpoints = {"https://b.example/"};
  CHECK(finding_id(f, "libc.send") != finding_id(elsewhere, "libc.send"));
}
