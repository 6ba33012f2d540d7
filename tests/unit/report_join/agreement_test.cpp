// The scan's policy and `cordon report` decide "does this manifest flow
// declare this path" with one matcher (flow::declared_flow_matches). The
// engine scans a fixed graph (agreement.yaml) under a manifest; its report is
// rendered as JSON, read back and joined with the same manifest; for every
// exfiltration path the join's verdict must equal the scan's `allowed` flag
// (the profile allows nothing else: no allowlist, no same-vendor flows). The
// cases are path/declaration pairs on which the two used to disagree (the
// URL template's is a guard: they agreed).
#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "cordon/flow/analyze.h"
#include "cordon/flow/finding_id.h"
#include "cordon/flow/manifest.h"
#include "cordon/flow/policy.h"
#include "cordon/join/join.h"
#include "cordon/report/json_report.h"
#include "cordon/report/scan_report_reader.h"
#include "fixtures.h"
#include "null_front_end.h"

namespace cordon::join::test {
namespace {

const testing::Fixture& fixture() {
  static const testing::Fixture loaded = [] {
    auto f = testing::load_fixture(CORDON_TEST_AGREEMENT_FIXTURE);
    REQUIRE_MESSAGE(f.has_value(), (f ? "" : f.error().message()));
    return std::move(*f);
  }();
  return loaded;
}

const rules::RuleSet& fixture_pack() {
  static const rules::RuleSet set = [] {
    auto loaded = rules::RuleSet::from_texts(fixture().packs);
    if (!loaded) {
      for (const auto& e : loaded.error()) MESSAGE(e.message());
    }
    REQUIRE(loaded.has_value());
    return std::move(*loaded);
  }();
  return set;
}

rules::Profile zero_trust() {
  rules::Profile p;
  p.name = "zero-trust";
  p.static_policy.allow_same_vendor = false;
  p.runtime_policy.network = rules::NetworkPolicy::kAllowlist;
  return p;
}

// "function:sink rule" for an engine finding: which sink rule made it is
// told by its id, as finding_id hashes it.
std::string label(const flow::Finding& f) {
  for (const char* rule : {"fx.send-a", "fx.send-b", "fx.raw-sendto", "fx.http-post"}) {
    if (flow::finding_id(f, rule) == f.id) return f.path.back().function + ":" + rule;
  }
  FAIL("no sink rule gives the id of " << f.id);
  return "";
}

struct Outcome {
  std::vector<std::string> allowed;  // labels of the paths the scan allowed, sorted
  JoinReport joined;
};

// Scans the fixture under `manifest_text`, joins the JSON report read back
// with the same manifest and `report_rules`, and checks that both sides
// agree on every exfiltration path.
Outcome scan_and_join(const std::string& manifest_text,
                      const rules::RuleSet& report_rules = fixture_pack()) {
  auto manifest = flow::parse_manifest(manifest_text, "manifest.yaml");
  REQUIRE_MESSAGE(manifest.has_value(), (manifest ? "" : manifest.error().message()));
  auto policy = flow::make_policy(zero_trust(), {}, *manifest);
  REQUIRE(policy.has_value());
  flow::ScanReport scanned;
  scanned.tool_version = "0.1.0";
  scanned.profile = "zero-trust";
  scanned.findings = flow::analyze_graph(fixture().graph, "bin/title", fixture_pack(), *policy);
  report::sort_report(scanned);
  auto read = report::parse_scan_report(report::render_json(scanned), "scan.json");
  REQUIRE_MESSAGE(read.has_value(), (read ? "" : read.error().message()));

  Outcome out;
  out.joined = join::join(ScanInput{"scan.json", &*read}, std::nullopt,
                          ManifestInput{"manifest.yaml", &*manifest}, report_rules, "test");
  std::size_t paths = 0;
  for (const auto& f : scanned.findings) {
    if (f.kind != flow::FindingKind::kExfiltrationPath) continue;
    ++paths;
    auto flow = std::find_if(out.joined.flows.begin(), out.joined.flows.end(),
                             [&f](const FlowItem& item) { return item.finding.id == f.id; });
    REQUIRE(flow != out.joined.flows.end());
    REQUIRE(flow->declared.has_value());
    CHECK_MESSAGE(flow->declared->declared == f.allowed,
                  label(f) << ": scan allowed=" << f.allowed
                           << ", report declared=" << flow->declared->declared);
    if (f.allowed) out.allowed.push_back(label(f));
  }
  CHECK(paths == 4);  // the fixture's four paths, whatever the manifest
  std::sort(out.allowed.begin(), out.allowed.end());
  return out;
}

const EndpointItem& item(const JoinReport& report, const std::string& endpoint) {
  for (const auto& e : report.endpoints) {
    if (e.endpoint == endpoint) return e;
  }
  FAIL("no endpoint item " << endpoint);
  return report.endpoints.front();
}

using Labels = std::vector<std::string>;

}  // namespace

TEST_CASE("a pattern with a port does not declare a bare address of the binary, on either side") {
  // The report used to give the bare address the pattern's port and call
  // both net_send paths declared; the scan never allowed them.
  auto with_port = scan_and_join("flows: [ { source: identity, endpoint: '198.51.100.7:8443' } ]");
  CHECK(with_port.allowed.empty());
  CHECK_FALSE(item(with_port.joined, "198.51.100.7").declared->declared);

  auto any_port = scan_and_join("flows: [ { source: identity, endpoint: '198.51.100.7' } ]");
  CHECK(any_port.allowed == Labels{"to_bare:fx.send-a", "to_bare:fx.send-b"});
  CHECK(item(any_port.joined, "198.51.100.7").declared->by == "flows[0]");
}

TEST_CASE("a declared sink rule id declares that rule's path only, when two rules model one API") {
  // The report used to accept any sink rule naming the API: both paths.
  auto out = scan_and_join("flows: [ { source: fx.tag, sink: fx.send-b } ]");
  CHECK(out.allowed == Labels{"to_bare:fx.send-b"});
  // By API, a declared sink names the call: both rules' paths.
  auto by_api = scan_and_join("flows: [ { source: fx.tag, sink: net_send } ]");
  CHECK(by_api.allowed == Labels{"to_bare:fx.send-a", "to_bare:fx.send-b"});
}

TEST_CASE("a declared sink rule id declares a path through a system call that rule models") {
  // The report used to look the syscall's name up as an API and find no rule.
  auto out = scan_and_join("flows: [ { source: fx.tag, sink: fx.raw-sendto } ]");
  CHECK(out.allowed == Labels{"to_syscall:fx.raw-sendto"});
}

TEST_CASE("an endpoint pattern matches a URL template on both sides") {
  auto out = scan_and_join("flows: [ { source: identity, endpoint: api.fx.example } ]");
  CHECK(out.allowed == Labels{"to_template:fx.http-post"});
  CHECK(item(out.joined, "api.fx.example:443").declared->by == "flows[0]");
}

TEST_CASE("the report tells a declared sink rule without the scan's rule packs") {
  // `cordon report` loads the built-in packs only; the rules of a scan's
  // --rules packs are told by the finding ids.
  auto dup = scan_and_join("flows: [ { source: fx.tag, sink: fx.send-b } ]", fixture_rules());
  CHECK(dup.allowed == Labels{"to_bare:fx.send-b"});
  auto syscall =
      scan_and_join("flows: [ { source: fx.tag, sink: fx.raw-sendto } ]", fixture_rules());
  CHECK(syscall.allowed == Labels{"to_syscall:fx.raw-sendto"});
}

}  // namespace cordon::join::test
