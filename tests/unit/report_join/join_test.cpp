// The join on fixed inputs: which endpoints match, what each carries, how
// vendors are attributed and what the manifest declares.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "cordon/flow/manifest.h"
#include "cordon/join/join.h"
#include "cordon/report/scan_report_reader.h"
#include "fixtures.h"

namespace cordon::join::test {
namespace {

struct Inputs {
  std::optional<flow::ScanReport> scan;
  std::optional<Observations> run;
  AuditSummary summary;
  std::optional<flow::Manifest> manifest;

  JoinReport join() const {
    std::optional<ScanInput> s;
    if (scan) s = ScanInput{"scan.json", &*scan};
    std::optional<RunInput> r;
    if (run) r = RunInput{"run.jsonl", &*run, summary};
    std::optional<ManifestInput> m;
    if (manifest) m = ManifestInput{"manifest.yaml", &*manifest};
    return join::join(s, r, m, fixture_rules(), "test");
  }
};

Inputs make(const std::vector<std::string>& findings, const std::vector<std::string>& events,
            const std::string& manifest = "") {
  Inputs in;
  if (!findings.empty()) {
    auto scan = report::parse_scan_report(scan_json(findings), "scan.json");
    REQUIRE_MESSAGE(scan.has_value(), (scan ? "" : scan.error().message()));
    in.scan = std::move(*scan);
  }
  if (!events.empty()) {
    std::string text;
    for (const auto& e : events) text += e + "\n";
    in.run = observe(text, &in.summary);
  }
  if (!manifest.empty()) {
    auto parsed = flow::parse_manifest(manifest, "manifest.yaml");
    REQUIRE_MESSAGE(parsed.has_value(), (parsed ? "" : parsed.error().message()));
    in.manifest = std::move(*parsed);
  }
  return in;
}

const EndpointItem& item(const JoinReport& report, const std::string& endpoint) {
  for (const auto& e : report.endpoints) {
    if (e.endpoint == endpoint) return e;
  }
  FAIL("no endpoint item " << endpoint);
  return report.endpoints.front();
}

std::vector<std::pair<std::string, std::string>> statuses(const JoinReport& report) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : report.endpoints) out.emplace_back(e.endpoint, to_string(e.status));
  return out;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("a bare address in the binary matches a connection to it on any port") {
  auto in = make({finding_json("f1", "exfiltration-path", R"(["198.51.100.7"])")},
                 {event_json("connect", "inet", "198.51.100.7", 8443, "", "deny", 10,
                             "2026-11-28T10:00:02.000000Z"),
                  event_json("connect", "inet", "198.51.100.7", 8443, "", "deny", 11,
                             "2026-11-28T10:00:01.000000Z")});
  JoinReport r = in.join();
  CHECK(statuses(r) == Pairs{{"198.51.100.7", "matched"}});
  const EndpointItem& e = r.endpoints[0];
  CHECK(e.address == "198.51.100.7");
  CHECK(e.port == 0);
  REQUIRE(e.scan.has_value());
  CHECK(e.scan->finding_ids == std::vector<std::string>{"f1"});
  CHECK(e.scan->targets == std::vector<std::string>{"bin/title"});
  REQUIRE(e.scan->paths.size() == 1);
  CHECK(e.scan->paths[0].finding == "f1");
  CHECK(e.scan->paths[0].kind == flow::FindingKind::kExfiltrationPath);
  CHECK(e.scan->paths[0].functions == std::vector<std::string>{"read_tag", "send_tag"});
  REQUIRE(e.run.has_value());
  CHECK(e.run->events == 2);
  CHECK(e.run->kinds == std::map<std::string, std::size_t>{{"connect", 2}});
  CHECK(e.run->verdicts == std::map<std::string, std::size_t>{{"deny", 2}});
  CHECK(e.run->ports == std::set<std::uint16_t>{8443});
  CHECK(e.run->pids == std::set<std::int64_t>{10, 11});
  CHECK(e.run->first_ts == "2026-11-28T10:00:01.000000Z");  // the earliest, not the first line
  CHECK(e.run->first_line == 1);
  CHECK_FALSE(e.declared.has_value());  // no manifest given
  REQUIRE(r.flows.size() == 1);
  CHECK(r.flows[0].status == FlowStatus::kExercised);
  CHECK(r.flows[0].observed == std::vector<std::string>{"198.51.100.7"});
  CHECK_FALSE(has_discrepancy(r));
}

TEST_CASE("ports must agree when both sides know them; a lookup matches any port") {
  auto in = make({finding_json("f1", "endpoint", R"(["https://h.example.test/v1/x"])")},
                 {event_json("dns", "null", "", 0, "H.Example.TEST.", "deny"),
                  event_json("connect", "inet", "192.0.2.9", 80, "h.example.test", "allow")});
  JoinReport r = in.join();
  CHECK(statuses(r) ==
        Pairs{{"h.example.test:443", "matched"}, {"h.example.test:80", "unpredicted"}});
  const EndpointItem& matched = item(r, "h.example.test:443");
  CHECK(matched.host == "h.example.test");
  CHECK(matched.run->kinds == std::map<std::string, std::size_t>{{"dns", 1}});
  const EndpointItem& other = item(r, "h.example.test:80");
  CHECK(other.run->addresses == std::set<std::string>{"192.0.2.9"});
  CHECK(other.run->hosts == std::set<std::string>{"h.example.test"});
  CHECK(has_discrepancy(r));
  CHECK(r.flows.empty());  // an endpoint finding is not a flow
}

TEST_CASE("an address the scan names matches a connection to a name that resolved to it") {
  auto in =
      make({finding_json("f1", "exfiltration-path", R"(["203.0.113.5:443"])")},
           {event_json("connect", "inet", "203.0.113.5", 443, "collector.example.test", "allow")});
  JoinReport r = in.join();
  CHECK(statuses(r) == Pairs{{"203.0.113.5:443", "matched"}});
  CHECK(r.endpoints[0].vendor == rules::Party::kThirdParty);
  CHECK(r.endpoints[0].vendor_entry == "test.collector");
}

TEST_CASE("run-time endpoints are attributed to vendors by the rule packs' matcher") {
  auto in =
      make({}, {event_json("sendto", "inet", "203.0.113.9", 7777, "", "deny"),
                event_json("connect", "inet6", "2001:db8::1", 443, "Title.PlayFabAPI.com", "allow"),
                event_json("connect", "inet", "192.0.2.1", 53, "", "deny")});
  JoinReport r = in.join();
  CHECK(statuses(r) == Pairs{{"192.0.2.1:53", "observed"},
                             {"203.0.113.9:7777", "observed"},
                             {"title.playfabapi.com:443", "observed"}});
  CHECK(item(r, "192.0.2.1:53").vendor == rules::Party::kUnknown);
  CHECK(item(r, "192.0.2.1:53").vendor_entry.empty());
  CHECK(item(r, "203.0.113.9:7777").vendor == rules::Party::kThirdParty);
  CHECK(item(r, "title.playfabapi.com:443").vendor == rules::Party::kMicrosoft);
  CHECK(item(r, "title.playfabapi.com:443").vendor_entry == "test.playfab");
  REQUIRE(r.vendors.size() == 3);
  CHECK(r.vendors[0].vendor == rules::Party::kMicrosoft);  // sorted by name
  CHECK(r.vendors[1].vendor == rules::Party::kThirdParty);
  CHECK(r.vendors[2].vendor == rules::Party::kUnknown);
  CHECK(r.vendors[2].events == 1);
  // Without a scan or a manifest nothing is judged: no discrepancy.
  CHECK_FALSE(has_discrepancy(r));
}

TEST_CASE("IPv6 and IPv4-mapped spellings are one endpoint") {
  auto in =
      make({finding_json("f1", "exfiltration-path", R"(["[2001:db8::17]:5353", "198.51.100.7"])")},
           {event_json("sendto", "inet6", "2001:0db8:0:0::17", 5353, "", "deny"),
            event_json("connect", "inet", "::ffff:198.51.100.7", 8443, "", "deny")});
  JoinReport r = in.join();
  CHECK(statuses(r) == Pairs{{"198.51.100.7", "matched"}, {"[2001:db8::17]:5353", "matched"}});
  CHECK(r.flows[0].observed == std::vector<std::string>{"198.51.100.7", "[2001:db8::17]:5353"});
}

TEST_CASE(
    "predicted endpoints never reached are unexercised; flows without endpoints are not judged") {
  auto in = make({finding_json("f1", "exfiltration-path", R"(["https://a.example.test/x"])"),
                  finding_json("f2", "exfiltration-path", "[]"),
                  finding_json("f3", "endpoint", R"(["not an endpoint"])")},
                 {event_json("exec", "null", "/t/title", 0, "", "allow")});
  JoinReport r = in.join();
  CHECK(statuses(r) ==
        Pairs{{"a.example.test:443", "unexercised"}, {"not an endpoint", "unexercised"}});
  REQUIRE(r.flows.size() == 2);
  CHECK(r.flows[0].status == FlowStatus::kUnexercised);
  CHECK(r.flows[1].status == FlowStatus::kNoEndpoint);
  CHECK_FALSE(has_discrepancy(r));
}

TEST_CASE("without an audit log the scan's endpoints are only predicted") {
  auto in = make({finding_json("f1", "exfiltration-path", R"(["198.51.100.7"])")}, {});
  JoinReport r = in.join();
  CHECK(statuses(r) == Pairs{{"198.51.100.7", "predicted"}});
  CHECK(r.flows[0].status == FlowStatus::kNotRun);
  CHECK_FALSE(r.audit_file.has_value());
}

TEST_CASE("events without a network destination are grouped as other activity") {
  auto in = make({}, {event_json("exec", "null", "/t/title", 0, "", "allow"),
                      event_json("exec", "null", "/t/title", 0, "", "allow", 101),
                      event_json("connect", "unix", "/run/dbus/system_bus_socket", 0, "", "deny"),
                      event_json("socket", "netlink", "", 0, "", "deny"),
                      event_json("bind", "inet", "0.0.0.0", 27015, "", "allow"),
                      event_json("sendto", "inet", "", 0, "", "deny")});
  JoinReport r = in.join();
  CHECK(r.endpoints.empty());
  std::vector<std::string> groups;
  for (const auto& o : r.other) {
    groups.push_back(o.event + "|" + o.family + "|" + o.address + "|" + o.verdict + "|" +
                     std::to_string(o.run.events));
  }
  CHECK(groups == std::vector<std::string>{"bind|inet|0.0.0.0|allow|1",
                                           "connect|unix|/run/dbus/system_bus_socket|deny|1",
                                           "exec||/t/title|allow|2", "sendto|inet||deny|1",
                                           "socket|netlink||deny|1"});
  CHECK(r.other[2].run.pids == std::set<std::int64_t>{100, 101});
}

TEST_CASE("the manifest declares endpoints by pattern, by vendor, or through a declared flow") {
  const std::string manifest = R"(title: t
flows:
  - source: identity
    endpoint: "198.51.100.7:8443"
    reason: lobby
  - source: "*"
    vendor: microsoft
  - source: XUserGetGamertag
    sink: test.send
    reason: by sink rule id
)";
  auto in = make({finding_json("f1", "exfiltration-path", R"(["198.51.100.7"])"),
                  finding_json("f2", "endpoint", R"(["https://t.playfabapi.com/e"])"),
                  finding_json("f3", "endpoint", R"(["https://x.example.test/"])")},
                 {event_json("connect", "inet", "198.51.100.7", 8443, "", "deny"),
                  event_json("dns", "null", "", 0, "lookup.playfabapi.com", "deny"),
                  event_json("connect", "inet", "192.0.2.33", 443, "", "deny")},
                 manifest);
  JoinReport r = in.join();
  CHECK(statuses(r) == Pairs{{"192.0.2.33:443", "unpredicted"},
                             {"198.51.100.7", "matched"},
                             {"lookup.playfabapi.com", "unpredicted"},
                             {"t.playfabapi.com:443", "unexercised"},
                             {"x.example.test:443", "unexercised"}});
  // The bare address of the binary was reached on the declared port.
  CHECK(item(r, "198.51.100.7").declared->declared);
  CHECK(item(r, "198.51.100.7").declared->by == "flows[0]: lobby");
  CHECK(item(r, "lookup.playfabapi.com").declared->by == "flows[1]");
  CHECK(item(r, "t.playfabapi.com:443").declared->by == "flows[1]");
  CHECK_FALSE(item(r, "192.0.2.33:443").declared->declared);
  CHECK_FALSE(item(r, "x.example.test:443").declared->declared);
  REQUIRE(r.flows.size() == 1);
  // The path itself names the address without a port: as the scan's policy
  // judges it, "198.51.100.7:8443" does not declare it; its sink rule does.
  CHECK(r.flows[0].declared->by == "flows[2]: by sink rule id");
  CHECK(has_discrepancy(r));  // 192.0.2.33:443 was reached, undeclared and unpredicted
}

TEST_CASE("a flow declared by source and sink only declares its finding's endpoints") {
  const std::string manifest = R"(flows:
  - source: XUserGetGamertag
    sink: test.send
    reason: by sink rule id
  - source: steam
    endpoint: "*.example.test"
)";
  auto in = make({finding_json("f1", "exfiltration-path", R"(["198.51.100.7"])")},
                 {event_json("connect", "inet", "198.51.100.7", 8443, "", "deny")}, manifest);
  JoinReport r = in.join();
  REQUIRE(r.endpoints.size() == 1);
  CHECK(r.endpoints[0].declared->by == "flows[0]: by sink rule id");
  CHECK(r.flows[0].declared->by == "flows[0]: by sink rule id");
  CHECK_FALSE(has_discrepancy(r));
}

TEST_CASE("a bare endpoint of the binary is declared with a port only by the run's connections") {
  const std::string manifest = R"(flows:
  - source: steam
    endpoint: "198.51.100.7:8443"
  - source: steam
    endpoint: "api.example.test:443"
)";
  const std::vector<std::string> findings{
      finding_json("f1", "exfiltration-path", R"(["198.51.100.7"])"),
      finding_json("f2", "endpoint", R"(["api.example.test"])")};
  // Not run: the scan's port-less spellings are not declared by a pattern
  // with a port, as the scan's policy does not declare them.
  JoinReport predicted = make(findings, {}, manifest).join();
  CHECK_FALSE(item(predicted, "198.51.100.7").declared->declared);
  CHECK_FALSE(item(predicted, "api.example.test").declared->declared);
  CHECK_FALSE(predicted.flows[0].declared->declared);

  // Run: a connection on another port is not declared; a lookup of the name
  // is (the name is declared on some port, as the sandbox resolves it).
  JoinReport other_port = make(findings,
                               {event_json("connect", "inet", "198.51.100.7", 9999, "", "deny"),
                                event_json("dns", "null", "", 0, "api.example.test", "deny")},
                               manifest)
                              .join();
  CHECK(statuses(other_port) ==
        Pairs{{"198.51.100.7", "matched"}, {"api.example.test", "matched"}});
  CHECK_FALSE(item(other_port, "198.51.100.7").declared->declared);
  CHECK(item(other_port, "api.example.test").declared->by == "flows[1]");
  CHECK(has_discrepancy(other_port));

  JoinReport declared_port =
      make(findings, {event_json("connect", "inet", "198.51.100.7", 8443, "", "deny")}, manifest)
          .join();
  CHECK(item(declared_port, "198.51.100.7").declared->by == "flows[0]");
  CHECK_FALSE(declared_port.flows[0].declared->declared);  // the path: as the scan judged it
  CHECK_FALSE(has_discrepancy(declared_port));
}

TEST_CASE("a matched but undeclared endpoint is a discrepancy when a manifest is given") {
  const std::string manifest = "flows:\n  - source: steam\n    endpoint: \"*.example.test\"\n";
  auto in = make({finding_json("f1", "exfiltration-path", R"(["198.51.100.7"])")},
                 {event_json("connect", "inet", "198.51.100.7", 8443, "", "deny")}, manifest);
  JoinReport r = in.join();
  CHECK(r.endpoints[0].status == EndpointStatus::kMatched);
  CHECK_FALSE(r.endpoints[0].declared->declared);
  CHECK_FALSE(r.flows[0].declared->declared);
  CHECK(has_discrepancy(r));
}

TEST_CASE("a truncated last line is carried into the join") {
  std::string text = event_json("connect", "inet", "198.51.100.7", 8443, "", "deny") + "\n{\"ts\":";
  Inputs in;
  in.run = observe(text, &in.summary);
  JoinReport r = in.join();
  CHECK(r.audit_events == 1);
  REQUIRE(r.truncated_line.has_value());
  CHECK(*r.truncated_line == 2);
}

}  // namespace cordon::join::test
