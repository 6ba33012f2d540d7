// Shared fixtures of the join tests: a small rule set whose endpoint
// entries attribute hosts and addresses to vendors, a scan report, and an
// audit log, as texts in the contract's formats.
#pragma once

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "cordon/join/audit_input.h"
#include "cordon/join/observations.h"
#include "cordon/rules/rule_set.h"

namespace cordon::join::test {

inline const rules::RuleSet& fixture_rules() {
  static const rules::RuleSet set = [] {
    auto loaded = rules::RuleSet::from_texts({{"test.yaml", R"(pack: test-join
description: fixture endpoints and a sink
sinks:
  - id: test.send
    apis: [ send ]
    vendor: unknown
    channel: socket
    carries: [ "*arg1" ]
    description: sends
    reference: https://example.test/reference
endpoints:
  - id: test.playfab
    vendor: microsoft
    patterns: [ "*.playfabapi.com" ]
    description: playfab
    reference: https://example.test/reference
  - id: test.collector
    vendor: third-party
    patterns: [ "203.0.113.0/24" ]
    description: a third-party collector network
    reference: https://example.test/reference
)"}});
    if (!loaded) {
      for (const auto& e : loaded.error()) MESSAGE(e.message());
    }
    REQUIRE(loaded.has_value());
    return std::move(*loaded);
  }();
  return set;
}

// A finding in the contract's JSON, with the fields a test varies.
inline std::string finding_json(const std::string& id, const std::string& kind,
                                const std::string& endpoints, const std::string& extra = "") {
  std::string source =
      kind == "exfiltration-path"
          ? R"({"api": "XUserGetGamertag", "platform": "xbox", "data": "identity"})"
          : "null";
  std::string sink = kind == "exfiltration-path"
                         ? R"({"api": "send", "vendor": "unknown", "channel": "socket"})"
                         : "null";
  return R"({"id": ")" + id + R"(", "rule": "xbox.gamertag", "severity": "high", "kind": ")" +
         kind + R"(", "target": "bin/title", "source": )" + source + R"(, "sink": )" + sink +
         R"(, "endpoints": )" + endpoints +
         R"(, "path": [{"function": "read_tag", "address": "0x1130", "file": null, "line": null},
                      {"function": "send_tag", "address": "0x1190", "file": null, "line": null}],
             "confidence": "dataflow", "allowed": false, "message": "m")" +
         extra + "}";
}

inline std::string scan_json(const std::vector<std::string>& findings) {
  std::string out = R"({"tool": {"name": "cordon", "version": "0.1.0"}, "profile": "zero-trust",
    "targets": [{"path": "bin/title", "format": "elf", "arch": "x86_64", "sha256": "ab",
                 "status": "ok", "error": null,
                 "stats": {"functions": 1, "instructions": 2, "seconds": 0.0}}],
    "findings": [)";
  for (std::size_t i = 0; i < findings.size(); ++i) out += (i ? "," : "") + findings[i];
  return out + "]}";
}

inline std::string event_json(const std::string& event, const std::string& family,
                              const std::string& address, int port, const std::string& host,
                              const std::string& verdict, int pid = 100,
                              const std::string& ts = "2026-11-28T10:00:00.000001Z") {
  return R"({"ts":")" + ts + R"(","pid":)" + std::to_string(pid) +
         R"(,"exe":"/t/title","event":")" + event + R"(","family":")" + family +
         R"(","address":")" + address + R"(","port":)" + std::to_string(port) + R"(,"host":")" +
         host + R"(","verdict":")" + verdict + R"(","rule":"air-gapped","profile":"air-gapped"})";
}

// Parses an audit log text into observations; the test fails on an error.
inline Observations observe(const std::string& text, AuditSummary* summary = nullptr) {
  Observations out;
  auto read = parse_audit_log(text, "run.jsonl", [&out](const AuditEvent& e) { out.add(e); });
  REQUIRE_MESSAGE(read.has_value(), (read ? "" : read.error().message()));
  if (summary != nullptr) *summary = *read;
  return out;
}

}  // namespace cordon::join::test
