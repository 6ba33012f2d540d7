// The report renderers against fixed expectations: the contract's JSON byte
// for byte, the text report as a snapshot, SARIF's key facts (the schema is
// checked by validate_sarif.py), and baselines.
#include <doctest/doctest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cordon/report/baseline.h"
#include "cordon/report/coverage.h"
#include "cordon/report/json_report.h"
#include "cordon/report/sarif_report.h"
#include "cordon/report/scan_report_reader.h"
#include "cordon/report/text_report.h"
#include "cordon/support/file_reader.h"
#include "sample_report.h"

namespace {

std::string golden(const char* name) {
  auto text = cordon::read_text_file(std::string(CORDON_TEST_REPORT_DIR) + "/" + name, 1u << 20);
  REQUIRE_MESSAGE(text.has_value(), name);
  return *text;
}

}  // namespace

TEST_CASE("the JSON report is exactly the contract's shape, in a stable order") {
  auto report = cordon::testing::sample_report();
  CHECK(cordon::report::render_json(report) == golden("expected_report.json"));
  CHECK(cordon::report::render_json(report) == cordon::report::render_json(report));
  auto json = nlohmann::json::parse(cordon::report::render_json(report));
  CHECK(json["targets"][0]["path"] == "samples/bad/garbage.elf");
  CHECK(json["findings"][0]["severity"] == "critical");
  CHECK(json["findings"][0]["path"][0]["address"] == "0x401a2c");
  CHECK(json["findings"][1]["source"].is_null());
}

TEST_CASE("the text report groups by target and draws the path as a call chain") {
  auto report = cordon::testing::sample_report();
  CHECK(cordon::report::render_text(report, /*colour=*/false) == golden("expected_report.txt"));
  auto coloured = cordon::report::render_text(report, /*colour=*/true);
  CHECK(coloured.find("\x1b[31m") != std::string::npos);
  CHECK(cordon::report::render_text(report, /*colour=*/false).find('\x1b') == std::string::npos);
}

TEST_CASE("SARIF levels, fingerprints, code flows and rule descriptors") {
  using cordon::rules::Severity;
  CHECK(std::string(cordon::report::sarif_level(Severity::kCritical)) == "error");
  CHECK(std::string(cordon::report::sarif_level(Severity::kHigh)) == "error");
  CHECK(std::string(cordon::report::sarif_level(Severity::kMedium)) == "warning");
  CHECK(std::string(cordon::report::sarif_level(Severity::kLow)) == "note");
  CHECK(std::string(cordon::report::sarif_level(Severity::kInfo)) == "note");
  auto sarif = nlohmann::json::parse(
      cordon::report::render_sarif(cordon::testing::sample_report(), nullptr));
  CHECK(sarif["version"] == "2.1.0");
  const auto& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["rules"].size() == 3);
  const auto& result = run["results"][0];
  CHECK(result["ruleId"] == "playstation.np.account-id/critical");
  CHECK(run["tool"]["driver"]["rules"][result["ruleIndex"].get<int>()]["properties"]
           ["security-severity"] == "9.5");
  CHECK(result["level"] == "error");
  CHECK(result["partialFingerprints"]["cordonFindingId/v1"] == "0123456789abcdef");
  const auto& steps = result["codeFlows"][0]["threadFlows"][0]["locations"];
  REQUIRE(steps.size() == 2);
  CHECK(steps[0]["location"]["physicalLocation"]["address"]["absoluteAddress"] == 0x401a2c);
  CHECK(steps[1]["location"]["physicalLocation"]["region"]["startLine"] == 42);
  CHECK(steps[1]["location"]["physicalLocation"]["artifactLocation"]["uri"] == "src/net.c");
  CHECK(steps[0]["location"]["physicalLocation"]["artifactLocation"]["uri"] ==
        "samples/bin/O0/psn%20to%20playfab");
  CHECK(run["invocations"][0]["executionSuccessful"] == false);
  auto tags = run["tool"]["driver"]["rules"][2]["properties"]["tags"];
  CHECK(tags.size() > 0);
}

TEST_CASE("one decision, several chains: alternative_paths in JSON and text, a threadFlow each") {
  auto report = cordon::testing::sample_report();
  auto path = std::find_if(report.findings.begin(), report.findings.end(), [](const auto& f) {
    return f.kind == cordon::flow::FindingKind::kExfiltrationPath;
  });
  REQUIRE(path != report.findings.end());
  const std::string id = path->id;
  path->alternative_paths = {
      {cordon::flow::PathStep{"read_id", 0x401a2c, std::nullopt, std::nullopt},
       cordon::flow::PathStep{"queue_stats", 0x401c10, std::nullopt, std::nullopt},
       cordon::flow::PathStep{"flush_stats", 0x401d20, std::nullopt, std::nullopt}}};

  auto json = nlohmann::json::parse(cordon::report::render_json(report));
  const auto* finding = &json["findings"][0];
  for (const auto& f : json["findings"]) {
    if (f["kind"] == "exfiltration-path") finding = &f;
  }
  CHECK((*finding)["id"] == id);
  CHECK((*finding)["sink"]["rule"] == "libcurl.easy-setopt");
  REQUIRE((*finding)["alternative_paths"].size() == 1);
  CHECK((*finding)["alternative_paths"][0].size() == 3);
  CHECK((*finding)["alternative_paths"][0][1]["function"] == "queue_stats");

  // Read back as `cordon report` reads it: the chains and the sink rule kept.
  auto read = cordon::report::parse_scan_report(cordon::report::render_json(report), "r.json");
  REQUIRE(read.has_value());
  auto back = std::find_if(read->findings.begin(), read->findings.end(), [](const auto& f) {
    return f.kind == cordon::flow::FindingKind::kExfiltrationPath;
  });
  REQUIRE(back != read->findings.end());
  REQUIRE(back->alternative_paths.size() == 1);
  REQUIRE(back->alternative_paths[0].size() == 3);
  CHECK(back->alternative_paths[0][2].function == "flush_stats");
  CHECK(back->alternative_paths[0][2].address == 0x401d20);
  REQUIRE(back->sink);
  CHECK(back->sink->rule == "libcurl.easy-setopt");

  CHECK(cordon::report::render_text(report, false)
            .find("also read_id (0x401a2c) -> queue_stats (0x401c10) -> flush_stats (0x401d20)") !=
        std::string::npos);

  auto sarif =
      nlohmann::json::parse(cordon::report::render_sarif(report, nullptr))["runs"][0]["results"];
  const nlohmann::json* result = nullptr;
  for (const auto& r : sarif) {
    if (r["partialFingerprints"]["cordonFindingId/v1"] == id) result = &r;
  }
  REQUIRE(result != nullptr);
  REQUIRE((*result)["codeFlows"].size() == 1);
  const auto& flows = (*result)["codeFlows"][0]["threadFlows"];
  REQUIRE(flows.size() == 2);
  CHECK(flows[0]["locations"].size() == 2);
  CHECK(flows[1]["locations"].size() == 3);
  CHECK(flows[1]["locations"][2]["location"]["physicalLocation"]["address"]["absoluteAddress"] ==
        0x401d20);
}

TEST_CASE("baselines: the ids of an earlier report") {
  auto report = cordon::testing::sample_report();
  auto ids = cordon::report::parse_baseline_ids(cordon::report::render_json(report), "b.json");
  REQUIRE(ids.has_value());
  CHECK(*ids == std::set<std::string>{"0123456789abcdef", "fedcba9876543210", "00000000000000ff"});
  auto bad = cordon::report::parse_baseline_ids("{", "b.json");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message() == "b.json: not a JSON document");
  auto shape = cordon::report::parse_baseline_ids("[]", "b.json");
  REQUIRE_FALSE(shape.has_value());
  CHECK(shape.error().message() == "b.json: not a cordon JSON report: no 'findings' array");
  auto no_id = cordon::report::parse_baseline_ids(R"({"findings": [{"id": "a"}, {}]})", "b.json");
  REQUIRE_FALSE(no_id.has_value());
  CHECK(no_id.error().message() == "b.json:findings[1]: a finding without a string 'id'");
  CHECK_FALSE(cordon::report::load_baseline_ids("/nonexistent/b.json").has_value());
}

TEST_CASE("coverage: the fraction, its wording, the warning and --min-coverage") {
  using cordon::report::apply_coverage_policy;
  using cordon::report::coverage_percent;
  cordon::flow::TargetStats stats;
  CHECK(coverage_percent(stats) == "-");  // no machine code: nothing to cover
  stats.code_bytes = 1000;
  stats.covered_bytes = 899;
  CHECK(coverage_percent(stats) == "89.9%");
  stats.covered_bytes = 8999;
  stats.code_bytes = 10000;
  CHECK(coverage_percent(stats) == "89.9%");  // rounded down: never shown at the threshold
  CHECK(cordon::report::byte_size_text(512) == "512 bytes");
  CHECK(cordon::report::byte_size_text(3u << 20) == "3.0 MiB");

  cordon::flow::TargetResult low;
  low.path = "bin/game";
  low.stats = stats;
  apply_coverage_policy(low, std::nullopt);
  CHECK(low.ok);
  REQUIRE(low.warnings.size() == 1);
  CHECK(low.warnings[0].find("89.9%") != std::string::npos);

  cordon::flow::TargetResult gated;
  gated.path = "bin/game";
  gated.stats = stats;
  apply_coverage_policy(gated, 0.95);
  CHECK_FALSE(gated.ok);
  REQUIRE(gated.error);
  CHECK(gated.error->rfind("bin/game: ", 0) == 0);
  CHECK(gated.error->find("--min-coverage 0.95") != std::string::npos);

  cordon::flow::TargetResult high;
  high.stats.code_bytes = 100;
  high.stats.covered_bytes = 90;
  apply_coverage_policy(high, 0.9);
  CHECK(high.ok);
  CHECK(high.warnings.empty());

  cordon::flow::TargetResult source;  // sources have no code bytes
  source.format = "source";
  apply_coverage_policy(source, 1.0);
  CHECK(source.ok);
  CHECK(source.warnings.empty());
}
