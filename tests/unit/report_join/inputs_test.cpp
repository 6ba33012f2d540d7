// Reading the join's inputs: the scan's JSON report and the run's audit log.
#include <string>

#include <doctest/doctest.h>

#include "cordon/join/audit_input.h"
#include "cordon/report/scan_report_reader.h"
#include "fixtures.h"

namespace cordon::join::test {
namespace {

std::string scan_error(const std::string& text) {
  auto parsed = report::parse_scan_report(text, "scan.json");
  REQUIRE_FALSE(parsed.has_value());
  return parsed.error().message();
}

std::string audit_error(const std::string& text) {
  auto parsed = parse_audit_log(text, "run.jsonl", [](const AuditEvent&) {});
  REQUIRE_FALSE(parsed.has_value());
  return parsed.error().message();
}

}  // namespace

TEST_CASE("a scan report reads back into findings with every field") {
  auto parsed = report::parse_scan_report(
      scan_json({finding_json("f1", "exfiltration-path", R"(["198.51.100.7:8443"])")}),
      "scan.json");
  REQUIRE(parsed.has_value());
  CHECK(parsed->profile == "zero-trust");
  CHECK(parsed->tool_version == "0.1.0");
  REQUIRE(parsed->targets.size() == 1);
  CHECK(parsed->targets[0].path == "bin/title");
  CHECK(parsed->targets[0].ok);
  REQUIRE(parsed->findings.size() == 1);
  const flow::Finding& f = parsed->findings[0];
  CHECK(f.id == "f1");
  CHECK(f.kind == flow::FindingKind::kExfiltrationPath);
  CHECK(f.severity == rules::Severity::kHigh);
  REQUIRE(f.source.has_value());
  CHECK(f.source->platform == rules::Party::kXbox);
  CHECK(f.source->data == rules::DataClass::kIdentity);
  REQUIRE(f.sink.has_value());
  CHECK(f.sink->channel == rules::Channel::kSocket);
  CHECK(f.endpoints == std::vector<std::string>{"198.51.100.7:8443"});
  REQUIRE(f.path.size() == 2);
  CHECK(f.path[0].function == "read_tag");
  CHECK(f.path[0].address == 0x1130);
  CHECK_FALSE(f.path[0].file.has_value());
  CHECK(f.confidence == flow::Confidence::kDataflow);
}

TEST_CASE("a bad scan report is one error naming the file, the place and the fault") {
  CHECK(scan_error("{\"findings\": [") == "scan.json: not a JSON document");
  CHECK(scan_error("[]") == "scan.json: not a cordon scan report: not a JSON object");
  CHECK(scan_error("{\"targets\": []}") ==
        "scan.json: not a cordon scan report: no 'findings' array");
  CHECK(scan_error(std::string(100000, '[')) == "scan.json: JSON nested deeper than 64 levels");
}

TEST_CASE("wrong field values in a finding are named by their place") {
  std::string good = finding_json("f1", "exfiltration-path", R"(["h.example.test"])");
  auto with = [&good](const std::string& from, const std::string& to) {
    std::string text = good;
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return scan_json({text});
  };
  CHECK(scan_error(with(R"("severity": "high")", R"("severity": "urgent")")) ==
        "scan.json:findings[0].severity: unknown severity 'urgent'");
  CHECK(scan_error(with(R"("kind": "exfiltration-path")", R"("kind": 7)")) ==
        "scan.json:findings[0].kind: must be a string");
  CHECK(scan_error(with(R"("platform": "xbox")", R"("platform": "sega")")) ==
        "scan.json:findings[0].source.platform: unknown platform 'sega'");
  CHECK(scan_error(with(R"(["h.example.test"])", R"(["a", 1])")) ==
        "scan.json:findings[0].endpoints[1]: must be a string");
  CHECK(scan_error(with(R"("address": "0x1130")", R"("address": "4400")")) ==
        "scan.json:findings[0].path[0].address: must be \"0x\" and hex digits, or null");
  CHECK(scan_error(with(R"("id": "f1")", R"("id": "")")) ==
        "scan.json:findings[0].id: must not be empty");
  CHECK(scan_error(with(R"("allowed": false)", R"("allowed": "no")")) ==
        "scan.json:findings[0].allowed: must be true or false");
  CHECK(scan_error(with(R"("line": null})", R"("line": -4})")) ==
        "scan.json:findings[0].path[0].line: must be a non-negative integer or null");
}

TEST_CASE("a missing scan file is an error naming it") {
  auto loaded = report::load_scan_report("/nonexistent/scan.json");
  REQUIRE_FALSE(loaded.has_value());
  CHECK(loaded.error().message() == "/nonexistent/scan.json: no such file or directory");
}

TEST_CASE("an audit log is read line by line; blank lines are skipped") {
  std::string text = event_json("connect", "inet", "198.51.100.7", 8443, "", "deny") + "\n\n" +
                     event_json("exec", "null", "/t/title", 0, "", "allow") + "\n";
  std::vector<AuditEvent> events;
  auto read =
      parse_audit_log(text, "run.jsonl", [&events](const AuditEvent& e) { events.push_back(e); });
  REQUIRE(read.has_value());
  CHECK(read->events == 2);
  CHECK_FALSE(read->truncated_line.has_value());
  REQUIRE(events.size() == 2);
  CHECK(events[0].event == "connect");
  CHECK(events[0].port == 8443);
  CHECK(events[0].line == 1);
  CHECK(events[1].event == "exec");
  CHECK(events[1].family.empty());  // "null" reads as none
  CHECK(events[1].line == 3);
}

TEST_CASE("every event and family cordon run writes is read") {
  std::string text;
  for (const char* kind : {"listen", "accept", "setsockopt"})
    text += event_json(kind, "inet", "127.0.0.1", 27015, "", "deny") + "\n";
  text += event_json("open", "file", "/home/u/.ssh/id_ed25519", 0, "", "deny") + "\n";
  std::vector<AuditEvent> events;
  auto read =
      parse_audit_log(text, "run.jsonl", [&events](const AuditEvent& e) { events.push_back(e); });
  REQUIRE(read.has_value());
  REQUIRE(events.size() == 4);
  CHECK(events[3].event == "open");
  CHECK(events[3].family == "file");
  CHECK(events[3].address == "/home/u/.ssh/id_ed25519");
}

TEST_CASE("a truncated last line is skipped and reported; a complete one without newline is read") {
  std::string first = event_json("connect", "inet", "198.51.100.7", 8443, "", "deny");
  std::string second = event_json("sendto", "inet", "192.0.2.10", 9999, "", "deny");
  AuditSummary summary;
  observe(first + "\n" + second.substr(0, 40), &summary);
  CHECK(summary.events == 1);
  REQUIRE(summary.truncated_line.has_value());
  CHECK(*summary.truncated_line == 2);

  observe(first + "\n" + second, &summary);
  CHECK(summary.events == 2);
  CHECK_FALSE(summary.truncated_line.has_value());
}

TEST_CASE("a bad audit line is an error naming the file and line") {
  std::string good = event_json("connect", "inet", "198.51.100.7", 8443, "", "deny");
  CHECK(audit_error(good + "\n{\"ts\": \n" + good + "\n") == "run.jsonl:2: not a JSON object");
  // A cut line that is not the last one is corruption, not a killed run.
  CHECK(audit_error(good.substr(0, 30) + "\n" + good + "\n") == "run.jsonl:1: not a JSON object");
  CHECK(audit_error("[1, 2]\n") == "run.jsonl:1: an event must be a JSON object");
  CHECK(audit_error(R"({"pid": 1, "event": "connect", "verdict": "deny"})"
                    "\n") == "run.jsonl:1: missing 'ts'");
  auto replace = [&good](const std::string& from, const std::string& to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    return text + "\n";
  };
  CHECK(audit_error(replace("\"port\":8443", "\"port\":70000")) ==
        "run.jsonl:1: 'port' must be an integer 0..65535");
  CHECK(audit_error(replace("\"port\":8443", "\"port\":\"443\"")) ==
        "run.jsonl:1: 'port' must be an integer 0..65535");
  CHECK(audit_error(replace("\"pid\":100", "\"pid\":-1")) ==
        "run.jsonl:1: 'pid' must be an integer 0..2147483647");
  CHECK(audit_error(replace("\"event\":\"connect\"", "\"event\":\"\"")) ==
        "run.jsonl:1: empty 'event'");
  CHECK(audit_error(replace("\"verdict\":\"deny\"", "\"verdict\":\"maybe\"")) ==
        "run.jsonl:1: unknown verdict 'maybe'");
  CHECK(audit_error(replace("\"family\":\"inet\"", "\"family\":7")) ==
        "run.jsonl:1: 'family' must be a string");
  CHECK(audit_error(replace("\"exe\":\"/t/title\"", "\"exe\":[\"/t/title\"]")) ==
        "run.jsonl:1: 'exe' must be a string");
  CHECK(audit_error(std::string(5000, '[') + "\n") ==
        "run.jsonl:1: JSON nested deeper than 8 levels");
}

TEST_CASE("a missing or oversized audit file is an error naming it") {
  auto read = read_audit_log("/nonexistent/run.jsonl", [](const AuditEvent&) {});
  REQUIRE_FALSE(read.has_value());
  CHECK(read.error().message() == "/nonexistent/run.jsonl: no such file or directory");
  read = read_audit_log("/", [](const AuditEvent&) {});
  REQUIRE_FALSE(read.has_value());
  CHECK(read.error().message() == "/: is a directory");
}

}  // namespace cordon::join::test
