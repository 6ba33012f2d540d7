// The audit line format is part of the contract: exact bytes.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>

#include "cordon/runtime/audit_log.h"

namespace {

using cordon::sandbox::Decision;
using cordon::sandbox::Event;
using cordon::sandbox::Family;
using cordon::sandbox::Operation;
using cordon::sandbox::Verdict;

timespec at(long seconds, long nanoseconds) {
  timespec t{};
  t.tv_sec = seconds;
  t.tv_nsec = nanoseconds;
  return t;
}

}  // namespace

TEST_CASE("timestamps are RFC 3339 UTC with microseconds") {
  CHECK(cordon::runtime::format_timestamp(at(0, 0)) == "1970-01-01T00:00:00.000000Z");
  CHECK(cordon::runtime::format_timestamp(at(1795860000, 123456789)) ==
        "2026-11-28T10:00:00.123456Z");
}

TEST_CASE("a denied connect is one line with the contract's fields in order") {
  Event e;
  e.request.op = Operation::kConnect;
  e.request.pid = 123;
  e.request.address.family = Family::kInet;
  e.request.address.ip = {1, 2, 3, 4};
  e.request.address.port = 443;
  e.decision = Decision{Verdict::kDeny, 111, false, "zero-trust:not-allowed", "telemetry.example"};
  e.exe = "/path/title";
  CHECK(
      cordon::runtime::format_audit_line(e, "zero-trust", at(1795860000, 123456000)) ==
      R"({"ts":"2026-11-28T10:00:00.123456Z","pid":123,"exe":"/path/title","event":"connect",)"
      R"("family":"inet","address":"1.2.3.4","port":443,"host":"telemetry.example","verdict":"deny",)"
      R"("rule":"zero-trust:not-allowed","profile":"zero-trust"})"
      "\n");
}

TEST_CASE("exec, socket, syscall and dns events") {
  Event e;
  e.request.pid = 7;
  e.exe = "/bin/sh";
  e.request.op = Operation::kExec;
  e.request.name = "/usr/bin/game";
  e.decision = Decision{Verdict::kAllow, 0, false, "exec", ""};
  CHECK(
      cordon::runtime::format_audit_line(e, "air-gapped", at(0, 0)) ==
      R"({"ts":"1970-01-01T00:00:00.000000Z","pid":7,"exe":"/bin/sh","event":"exec","family":"null",)"
      R"("address":"/usr/bin/game","port":0,"host":"","verdict":"allow","rule":"exec","profile":"air-gapped"})"
      "\n");
  e.request.op = Operation::kSocket;
  e.request.socket_family = 17;  // AF_PACKET
  e.decision = Decision{Verdict::kAudit, 0, false, "socket:family-17", ""};
  const auto socket_line = cordon::runtime::format_audit_line(e, "air-gapped", at(0, 0));
  CHECK(socket_line.find(R"("event":"socket","family":"packet","address":"")") !=
        std::string::npos);
  CHECK(socket_line.find(R"("verdict":"audit")") != std::string::npos);
  e.request.op = Operation::kDns;
  e.request.name = "leak.example";
  e.decision = Decision{Verdict::kDeny, 0, false, "dns:not-allowed", ""};
  CHECK(cordon::runtime::format_audit_line(e, "zero-trust", at(0, 0))
            .find(R"("host":"leak.example")") != std::string::npos);
}

TEST_CASE("hostile bytes in paths stay one valid line") {
  Event e;
  e.request.op = Operation::kExec;
  e.request.name = std::string("/tmp/a\"b\n\xff\xfe", 10);
  e.exe = "x";
  const auto line = cordon::runtime::format_audit_line(e, "p", at(0, 0));
  CHECK(line.find('\n') == line.size() - 1);
  CHECK(line.find(R"(/tmp/a\"b\n)") != std::string::npos);
}

TEST_CASE("strings are escaped as nlohmann::json writes them, invalid UTF-8 replaced") {
  // Expected bytes taken from nlohmann::json's dump (compact, replace).
  const std::pair<std::string, std::string> cases[] = {
      {"a\"b\\c\n\t\x01\x7f", R"("a\"b\\c\n\t\u0001)"
                              "\x7f\""},
      {"caf\xc3\xa9 \xf0\x9f\x8e\xae", "\"caf\xc3\xa9 \xf0\x9f\x8e\xae\""},
      {"bad \xff\xfe end", "\"bad \xef\xbf\xbd\xef\xbf\xbd end\""},
      {"cut \xe2\x82", "\"cut \xef\xbf\xbd\""},
      {"/tmp/x y", "\"/tmp/x y\""},
      {"", "\"\""},
  };
  for (const auto& [text, json] : cases) {
    Event e;
    e.request.op = Operation::kExec;
    e.exe = text;
    const auto line = cordon::runtime::format_audit_line(e, "p", at(0, 0));
    CHECK(line.find(",\"exe\":" + json + ",\"event\":\"exec\",") != std::string::npos);
  }
}

TEST_CASE("summary counts verdicts and lists what was stopped") {
  auto log = cordon::runtime::AuditLog::open(std::nullopt, "zero-trust");
  REQUIRE(log);
  Event e;
  e.request.op = Operation::kConnect;
  e.request.address.family = Family::kInet;
  e.request.address.ip = {192, 0, 2, 1};
  e.request.address.port = 80;
  e.decision = Decision{Verdict::kDeny, 111, false, "r", ""};
  CHECK((*log)->record_at(e, at(0, 0)));
  CHECK((*log)->record_at(e, at(0, 0)));
  e.decision.verdict = Verdict::kAllow;
  CHECK((*log)->record(e));
  CHECK((*log)->summary() ==
        "cordon: run: 1 allowed, 2 denied, 0 audited\n"
        "cordon:   2x deny connect inet 192.0.2.1:80 rule r, pid 0, 00:00:00.000 .. 00:00:00.000 "
        "UTC\n");
}

TEST_CASE("repeats fold into one summary row with their count and first and last time") {
  auto log = cordon::runtime::AuditLog::open(std::nullopt, "air-gapped");
  REQUIRE(log);
  Event netlink;
  netlink.request.op = Operation::kSocket;
  netlink.request.pid = 2;
  netlink.request.socket_family = 16;  // AF_NETLINK
  netlink.exe = "/usr/games/teeworlds";
  netlink.decision = Decision{Verdict::kDeny, 97, false, "socket:family-16", ""};
  // 626 identical denied netlink sockets over ten seconds, recorded out of
  // order the way concurrent threads can be.
  for (int i = 0; i < 626; ++i) {
    const long ms = (i * 7919L) % 626 * 16;  // a permutation of 0, 16, ... 10000
    CHECK((*log)->record_at(netlink, at(1795860000 + ms / 1000, ms % 1000 * 1000000)));
  }
  Event other = netlink;
  other.request.pid = 3;  // another process: its own row
  CHECK((*log)->record_at(other, at(1795860005, 0)));
  Event connect;
  connect.request.op = Operation::kConnect;
  connect.request.pid = 2;
  connect.exe = "/usr/games/teeworlds";
  connect.request.address.family = Family::kInet;
  connect.request.address.ip = {255, 255, 255, 255};
  connect.request.address.port = 8303;
  connect.decision = Decision{Verdict::kDeny, 101, false, "air-gapped", ""};
  CHECK((*log)->record_at(connect, at(1795860001, 500000000)));
  CHECK((*log)->record_at(connect, at(1795860003, 250000000)));
  connect.decision.verdict = Verdict::kAllow;  // allowed: counted, not listed
  CHECK((*log)->record_at(connect, at(1795860004, 0)));
  CHECK((*log)->summary() ==
        "cordon: run: 1 allowed, 629 denied, 0 audited\n"
        "cordon:   626x deny socket netlink rule socket:family-16, pid 2 /usr/games/teeworlds, "
        "10:00:00.000 .. 10:00:10.000 UTC\n"
        "cordon:   2x deny connect inet 255.255.255.255:8303 rule air-gapped, pid 2 "
        "/usr/games/teeworlds, 10:00:01.500 .. 10:00:03.250 UTC\n"
        "cordon:   1x deny socket netlink rule socket:family-16, pid 3 /usr/games/teeworlds, "
        "10:00:05.000 UTC\n");
  CHECK((*log)->summary(1) ==
        "cordon: run: 1 allowed, 629 denied, 0 audited\n"
        "cordon:   626x deny socket netlink rule socket:family-16, pid 2 /usr/games/teeworlds, "
        "10:00:00.000 .. 10:00:10.000 UTC\n"
        "cordon:   ... 2 more groups (3 attempts); the audit log has each\n");
}

TEST_CASE("summary names the first 4096 destinations and counts the rest together") {
  auto log = cordon::runtime::AuditLog::open(std::nullopt, "zero-trust");
  REQUIRE(log);
  constexpr std::size_t kNamed = cordon::runtime::AuditLog::kNamedDestinations;
  Event e;
  e.request.op = Operation::kConnect;
  e.request.address.family = Family::kInet;
  e.decision = Decision{Verdict::kDeny, 111, false, "r", ""};
  const auto to = [&](std::size_t i, Verdict verdict) {
    e.request.address.ip = {10, static_cast<std::uint8_t>(i >> 16),
                            static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
    e.request.address.port = 80;
    e.decision.verdict = verdict;
    CHECK((*log)->record_at(e, at(0, 0)));
  };
  for (std::size_t i = 0; i < 3 * kNamed; ++i) to(i, Verdict::kAllow);  // allowed ones take no room
  for (std::size_t i = 0; i < kNamed + 900; ++i) to(i, Verdict::kDeny);
  for (std::size_t i = 0; i < 4; ++i) to(kNamed + 5000 + i, Verdict::kAudit);
  to(7, Verdict::kDeny);  // a destination already named is still counted by name
  CHECK((*log)->summary(1) ==
        "cordon: run: " + std::to_string(3 * kNamed) + " allowed, " + std::to_string(kNamed + 901) +
            " denied, 4 audited\n"
            "cordon:   2x deny connect inet 10.0.0.7:80 rule r, pid 0, " +
            "00:00:00.000 .. 00:00:00.000 UTC\n"
            "cordon:   ... " +
            std::to_string(kNamed - 1) + " more groups (" + std::to_string(kNamed - 1) +
            " attempts); the audit log has each\n"
            "cordon:   deny attempts after the first 4096 groups (900)\n"
            "cordon:   audit attempts after the first 4096 groups (4)\n");
}
