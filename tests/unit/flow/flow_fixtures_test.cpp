// Runs every fixture under tests/fixtures/flow/ through the path engine and
// compares the findings, as one-line summaries, with the fixture's list.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "cordon/flow/analyze.h"
#include "cordon/flow/manifest.h"
#include "cordon/rules/profile_loader.h"
#include "cordon/rules/rule_set.h"
#include "null_front_end.h"

namespace {

std::vector<std::string> fixture_files() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(CORDON_TEST_FLOW_FIXTURES)) {
    if (entry.path().extension() == ".yaml") out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> run_fixture(const cordon::testing::Fixture& fixture) {
  auto rules = cordon::rules::RuleSet::from_texts(fixture.packs);
  if (!rules) {
    for (const auto& e : rules.error()) MESSAGE(e.message());
    FAIL("the fixture's pack does not load");
  }
  auto profile = cordon::rules::load_profile(fixture.profile, CORDON_TEST_PROFILES_DIR);
  REQUIRE_MESSAGE(profile.has_value(), (profile ? "" : profile.error().message()));
  for (const auto& id : fixture.accepted_sanitizers) {
    profile->static_policy.accepted_sanitizers.push_back(id);
  }
  if (fixture.allow_same_vendor)
    profile->static_policy.allow_same_vendor = *fixture.allow_same_vendor;
  cordon::flow::Manifest manifest;
  if (!fixture.manifest.empty()) {
    auto parsed = cordon::flow::parse_manifest(fixture.manifest, "fixture-manifest.yaml");
    REQUIRE_MESSAGE(parsed.has_value(), (parsed ? "" : parsed.error().message()));
    manifest = std::move(*parsed);
  }
  auto policy = cordon::flow::make_policy(std::move(*profile), fixture.allow, std::move(manifest));
  REQUIRE_MESSAGE(policy.has_value(), (policy ? "" : policy.error().message()));
  auto findings = cordon::flow::analyze_graph(fixture.graph, "fixture", *rules, *policy);
  std::vector<std::string> out;
  for (const auto& f : findings) {
    std::string kind = cordon::flow::to_string(f.kind);
    if (std::find(fixture.kinds.begin(), fixture.kinds.end(), kind) != fixture.kinds.end()) {
      out.push_back(cordon::testing::summary(f));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "\n  " + item;
  return out.empty() ? " (none)" : out;
}

}  // namespace

TEST_CASE("every flow fixture gives exactly its expected findings") {
  auto files = fixture_files();
  REQUIRE(files.size() >= 10);
  for (const auto& file : files) {
    CAPTURE(file);
    auto fixture = cordon::testing::load_fixture(file);
    REQUIRE_MESSAGE(fixture.has_value(), (fixture ? "" : fixture.error().message()));
    auto expected = fixture->expected;
    std::sort(expected.begin(), expected.end());
    auto actual = run_fixture(*fixture);
    CHECK_MESSAGE(actual == expected, "fixture " << fixture->name
                                                 << "\nexpected:" << lines(expected)
                                                 << "\nactual:" << lines(actual));
  }
}

TEST_CASE("findings are the same on a second run (deterministic)") {
  for (const auto& file : fixture_files()) {
    CAPTURE(file);
    auto fixture = cordon::testing::load_fixture(file);
    REQUIRE(fixture.has_value());
    CHECK(run_fixture(*fixture) == run_fixture(*fixture));
  }
}
