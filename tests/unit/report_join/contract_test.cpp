// The report reads every line the run writes: each event kind the runtime
// can log, formatted by the runtime's own writer, parses back with its
// fields; kinds and families outside the contract (a newer cordon's log)
// are kept and counted, not fatal.
#include <sys/socket.h>

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "cordon/join/audit_input.h"
#include "cordon/join/observations.h"
#include "cordon/runtime/audit_log.h"
#include "fixtures.h"

namespace cordon::join::test {
namespace {

using sandbox::Family;
using sandbox::Operation;

// Every Operation; a new one added without a case here fails the switch
// warning in operation_name() first, and this list second.
constexpr Operation kOperations[] = {
    Operation::kConnect,    Operation::kSendto, Operation::kSendmsg, Operation::kBind,
    Operation::kSocket,     Operation::kExec,   Operation::kSyscall, Operation::kDns,
    Operation::kSetsockopt, Operation::kListen, Operation::kAccept,  Operation::kOpen};

sandbox::Event event_of(Operation op) {
  sandbox::Event e;
  e.request.op = op;
  e.request.pid = 42;
  e.exe = "/t/title";
  e.request.address.family = Family::kInet;
  e.request.address.ip = {127, 0, 0, 1};
  e.request.address.port = 8303;
  e.request.socket_family = AF_NETLINK;
  e.request.name = op == Operation::kDns ? "master.example.test" : "/t/title";
  e.decision.verdict = sandbox::Verdict::kDeny;
  e.decision.rule = "air-gapped";
  return e;
}

}  // namespace

TEST_CASE("every event kind the runtime writes is read back by the report") {
  const timespec when{1795860000, 123456000};
  for (Operation op : kOperations) {
    const std::string line = runtime::format_audit_line(event_of(op), "air-gapped", when);
    CAPTURE(line);
    std::vector<AuditEvent> events;
    auto read =
        parse_audit_log(line, "run.jsonl", [&events](const AuditEvent& e) { events.push_back(e); });
    REQUIRE(read.has_value());
    CHECK(read->unknown_events.empty());
    CHECK(read->unknown_families.empty());
    REQUIRE(events.size() == 1);
    CHECK(events[0].event == sandbox::operation_name(op));
    CHECK(events[0].verdict == "deny");
    CHECK(events[0].pid == 42);
  }
}

TEST_CASE("listen, accept and setsockopt lines of a server title are read and grouped") {
  const std::string text = event_json("listen", "inet", "127.0.0.1", 8303, "", "deny") + "\n" +
                           event_json("accept", "inet", "127.0.0.1", 40000, "", "audit") + "\n" +
                           event_json("setsockopt", "inet", "10.0.0.1", 0, "", "deny") + "\n" +
                           event_json("open", "file", "/home/qa/.ssh/id_rsa", 0, "", "deny") + "\n";
  Observations seen;
  auto read = parse_audit_log(text, "run.jsonl", [&seen](const AuditEvent& e) { seen.add(e); });
  REQUIRE(read.has_value());
  CHECK(read->events == 4);
  CHECK(read->unknown_events.empty());
  CHECK(read->unknown_families.empty());
  CHECK(seen.endpoints().empty());  // none of them is a destination the title sent to
  REQUIRE(seen.others().size() == 4);
  CHECK(seen.others()[0].event == "accept");
  CHECK(seen.others()[1].event == "listen");
  CHECK(seen.others()[2].event == "open");
  CHECK(seen.others()[2].family == "file");
  CHECK(seen.others()[3].event == "setsockopt");
}

TEST_CASE("an event kind or family the contract does not name is kept and counted") {
  const std::string text = event_json("teleport", "inet", "198.51.100.7", 1, "", "deny") + "\n" +
                           event_json("connect", "ipx", "00:11", 2, "", "deny") + "\n" +
                           event_json("teleport", "null", "", 0, "", "audit") + "\n";
  std::vector<AuditEvent> events;
  auto read =
      parse_audit_log(text, "run.jsonl", [&events](const AuditEvent& e) { events.push_back(e); });
  REQUIRE(read.has_value());
  CHECK(read->events == 3);
  CHECK(events.size() == 3);
  REQUIRE(read->unknown_events.size() == 1);
  CHECK(read->unknown_events.at("teleport").count == 2);
  CHECK(read->unknown_events.at("teleport").first_line == 1);
  REQUIRE(read->unknown_families.size() == 1);
  CHECK(read->unknown_families.at("ipx").count == 1);
  CHECK(read->unknown_families.at("ipx").first_line == 2);

  // An unknown connect family is no destination: it is other activity.
  Observations seen;
  for (const AuditEvent& e : events) seen.add(e);
  CHECK(seen.endpoints().empty());
  CHECK(seen.others().size() == 3);
}

}  // namespace cordon::join::test
