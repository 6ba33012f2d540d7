// The pack loader and validator on YAML held in strings: a good pack loads
// and is indexed; each fault is reported as file:line:column: reason.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cordon/rules/rule_set.h"

using cordon::Error;
using cordon::rules::EntryKind;
using cordon::rules::Party;
using cordon::rules::RuleSet;
using cordon::rules::ValueRef;

namespace {

const char* const kGood = R"(pack: demo
description: a small pack for tests
sources:
  - id: demo.user-id
    apis: [ "Demo::GetUserId", demo_get_user_id ]
    platform: steam
    data: identity
    carries: [ ret, "*arg0" ]
    arity: 1
    description: the user id
    reference: https://example.com/demo#GetUserId
  - id: demo.machine-id
    strings: [ /etc/machine-id ]
    platform: os
    data: device
    carries: [ ret ]
    description: the machine id file
    reference: https://example.com/machine-id
sinks:
  - id: demo.sendto
    apis: [ sendto ]
    syscalls: [ sendto ]
    vendor: unknown
    channel: udp
    carries: [ "*arg1" ]
    destination: "*arg4"
    arity: 6
    description: datagram send
    reference: https://man7.org/linux/man-pages/man2/sendto.2.html
propagators:
  - id: demo.snprintf
    apis: [ snprintf ]
    from: [ "arg3+", "*arg3+" ]
    to: [ "*arg0", ret ]
    arity: 3
    description: formatted print
    reference: https://man7.org/linux/man-pages/man3/snprintf.3.html
  - id: demo.thread
    apis: [ pthread_create ]
    callback: 2
    from: [ arg3 ]
    arity: 4
    description: thread start
    reference: https://man7.org/linux/man-pages/man3/pthread_create.3.html
sanitizers:
  - id: demo.sha256
    apis: [ SHA256 ]
    from: [ "*arg0" ]
    to: [ "*arg2", ret ]
    description: one-way hash
    reference: https://example.com/sha
endpoints:
  - id: demo.api
    vendor: microsoft
    patterns: [ "*.demo-api.com", "https://collect.demo.net/v1/", "192.0.2.0/24:443" ]
    description: demo hosts
    reference: https://example.com/hosts
)";

std::vector<std::string> messages(const std::string& yaml) {
  auto set = RuleSet::from_texts({{"p.yaml", yaml}});
  std::vector<std::string> out;
  if (set) return out;
  for (const Error& e : set.error()) out.push_back(e.message());
  return out;
}

// The good pack with one line replaced: faults are checked one at a time.
std::string with(std::string_view from, std::string_view to) {
  std::string text = kGood;
  auto pos = text.find(from);
  REQUIRE_MESSAGE(pos != std::string::npos, from);
  text.replace(pos, from.size(), to);
  return text;
}

std::string only(const std::vector<std::string>& all) {
  if (all.size() == 1) return all.front();
  std::string joined = std::to_string(all.size()) + " faults:";
  for (const auto& m : all) joined += "\n  " + m;
  return joined;
}

}  // namespace

TEST_CASE("a good pack loads and is indexed") {
  auto set = RuleSet::from_texts({{"p.yaml", kGood}});
  REQUIRE_MESSAGE(set, (set ? "" : set.error().front().message()));
  REQUIRE(set->packs().size() == 1);
  CHECK(set->all_apis().size() == 6);
  CHECK(set->all_endpoints().size() == 1);
  CHECK(set->endpoints().size() == 3);
  REQUIRE(set->by_api("Demo::GetUserId").size() == 1);
  const auto* source = set->by_api("Demo::GetUserId").front();
  CHECK(source->id == "demo.user-id");
  CHECK(source->kind == EntryKind::kSource);
  CHECK(source->party == Party::kSteam);
  CHECK(source->pack == "demo");
  CHECK(source->location.file == "p.yaml");
  CHECK(source->location.line == 4);
  CHECK(source->location.column == 5);
  CHECK(source->carries ==
        std::vector<ValueRef>{{ValueRef::Where::kReturn, 0}, {ValueRef::Where::kPointee, 0}});
  CHECK(set->by_syscall("sendto").front()->id == "demo.sendto");
  CHECK(set->by_string("/etc/machine-id").front()->id == "demo.machine-id");
  CHECK(set->by_id("demo.thread")->callback == 2);
  CHECK(set->by_id("demo.sendto")->destination == ValueRef{ValueRef::Where::kPointee, 4});
  CHECK(set->by_id("nope") == nullptr);
  CHECK(set->by_api("nope").empty());
  auto match = set->endpoints().match_url(*cordon::rules::parse_url("https://eu.demo-api.com/x"));
  REQUIRE(match);
  CHECK(match->id == "demo.api");
  CHECK(match->vendor == Party::kMicrosoft);
}

TEST_CASE("each fault is named with file:line:column") {
  CHECK(only(messages(with("    platform: steam\n", "    platfrom: steam\n"))) ==
        "2 faults:\n  p.yaml:6:5: unknown key 'platfrom' in source entry\n"
        "  p.yaml:4:5: source entry 'demo.user-id' has no 'platform'");
  CHECK(only(messages(with("    platform: steam", "    platform: ps5"))) ==
        "p.yaml:6:15: unknown platform 'ps5' (expected one of: playstation, xbox, microsoft, "
        "steam, epic, nintendo, apple, os, third-party, unknown)");
  CHECK(only(messages(with("    data: identity", "    data: engagement"))) ==
        "p.yaml:7:11: unknown data class 'engagement' (expected one of: identity, social, "
        "device, telemetry, location, payment, credentials)");
  CHECK(only(messages(with("    channel: udp", "    channel: tcp"))) ==
        "p.yaml:24:14: unknown channel 'tcp' (expected one of: http, socket, udp, sdk, dns)");
  CHECK(only(messages(with("    vendor: unknown\n", "    platform: unknown\n"))) ==
        "2 faults:\n  p.yaml:23:5: key 'platform' does not apply to a sink entry\n"
        "  p.yaml:20:5: sink entry 'demo.sendto' has no 'vendor'");
  CHECK(only(messages(with("  - id: demo.user-id", "  - id: Demo.UserId"))) ==
        "p.yaml:4:9: bad id 'Demo.UserId': use lower-case letters, digits, '.', '_' and '-', "
        "starting with a letter or digit");
  CHECK(only(messages(with("  - id: demo.machine-id", "  - id: demo.user-id"))) ==
        "p.yaml:12:5: duplicate id 'demo.user-id' (first defined at p.yaml:4:5)");
  CHECK(only(messages(with("carries: [ ret, \"*arg0\" ]", "carries: [ ret, \"*arg1\" ]"))) ==
        "p.yaml:8:21: argument index 1 in '*arg1' is out of range for arity 1");
  CHECK(only(messages(with("destination: \"*arg4\"", "destination: \"*arg16\""))) ==
        "p.yaml:26:18: argument index 16 in '*arg16' is out of range (at most 15)");
  CHECK(only(messages(with("from: [ \"arg3+\", \"*arg3+\" ]", "from: [ \"arg4+\" ]"))) ==
        "p.yaml:33:13: argument index 4 in 'arg4+' is out of range for arity 3");
  CHECK(only(messages(with("carries: [ \"*arg1\" ]", "carries: [ \"&arg1\" ]"))) ==
        "p.yaml:25:16: bad value reference '&arg1' (expected ret, this, argN, *argN, argN+ or "
        "*argN+)");
  CHECK(only(messages(with("    callback: 2", "    callback: 4"))) ==
        "p.yaml:40:15: callback argument 4 is out of range for arity 4");
  CHECK(only(messages(with("\"192.0.2.0/24:443\"", "\"192.0.2.0/33\""))) ==
        "p.yaml:55:67: bad endpoint pattern '192.0.2.0/33': prefix length '33' is not within 0-32");
  CHECK(only(messages(with("\"*.demo-api.com\"", "\"*.\""))) ==
        "p.yaml:55:17: bad endpoint pattern '*.': nothing after '*.'");
  CHECK(only(messages(with("    apis: [ SHA256 ]", "    apis: []"))) ==
        "p.yaml:46:5: sanitizer entry 'demo.sha256' matches nothing: 'apis', 'syscalls' and "
        "'strings' are all empty");
  CHECK(
      only(messages(with("reference: https://example.com/sha", "reference: /usr/include/sha.h"))) ==
      "p.yaml:51:16: reference '/usr/include/sha.h' is not an https URL");
  CHECK(only(messages(with("reference: https://example.com/sha", "reference: ftp://x.org/sha"))) ==
        "p.yaml:51:16: reference 'ftp://x.org/sha' is not an https URL");
  CHECK(only(messages(with("reference: https://example.com/sha", "reference: http://x.org/sha"))) ==
        "p.yaml:51:16: reference 'http://x.org/sha' is not an https URL");
  CHECK(only(messages(with("    data: device\n", ""))) ==
        "p.yaml:12:5: source entry 'demo.machine-id' has no 'data'");
  CHECK(only(messages(with("    channel: udp\n", ""))) ==
        "p.yaml:20:5: sink entry 'demo.sendto' has no 'channel'");
  CHECK(only(messages(with("    arity: 6", "    arity: six"))) ==
        "p.yaml:27:12: 'arity' is 'six', not a number within 0-16");
  CHECK(only(messages(with("    apis: [ snprintf ]", "    apis: snprintf"))) ==
        "p.yaml:32:5: 'apis' must be a list of strings, not a scalar");
  // A misspelt syscall names the entry and the nearest name libseccomp knows;
  // one near no name says so. Names known on one architecture only are valid.
  CHECK(only(messages(with("    syscalls: [ sendto ]", "    syscalls: [ sendtoo ]"))) ==
        "p.yaml:22:17: sink entry 'demo.sendto' has unknown syscall 'sendtoo' (did you mean "
        "'sendto'?)");
  CHECK(only(messages(with("    syscalls: [ sendto ]", "    syscalls: [ frobnicate_all ]"))) ==
        "p.yaml:22:17: sink entry 'demo.sendto' has unknown syscall 'frobnicate_all' (libseccomp "
        "knows no such name on x86-64 or aarch64)");
  CHECK(messages(with("    syscalls: [ sendto ]", "    syscalls: [ sendto, getsockname ]")).empty());
  CHECK(messages(with("    syscalls: [ sendto ]", "    syscalls: [ sendto, open ]")).empty());
  CHECK(only(messages(with("    description: the user id\n",
                           "    description: the user id\n    description: again\n"))) ==
        "p.yaml:11:5: duplicate key 'description' (first at line 10)");
  CHECK(only(messages(with("    to: [ \"*arg0\", ret ]\n", ""))) ==
        "p.yaml:31:5: propagator entry 'demo.snprintf' has no 'to' and no 'callback'");
}

TEST_CASE("every fault of a file is reported, not just the first") {
  std::string text = with("    platform: steam", "    platform: ps5");
  auto pos = text.find("    channel: udp");
  text.replace(pos, 16, "    channel: tcp");
  CHECK(messages(text).size() == 2);
}

TEST_CASE("pack-level faults") {
  CHECK(only(messages("")) ==
        "p.yaml:1:1: empty pack: expected a mapping with 'pack' and 'description'");
  CHECK(only(messages("- a\n- b\n")) == "p.yaml:1:1: pack must be a mapping, not a list");
  CHECK(only(messages("pack: x\ndescription: y\n")) == "p.yaml:1:1: pack 'x' has no entries");
  CHECK(only(messages("pack: x\ndescription: y\nsorces: []\n")) ==
        "2 faults:\n  p.yaml:3:1: unknown key 'sorces' in pack\n"
        "  p.yaml:1:1: pack 'x' has no entries");
  CHECK(only(messages("pack: x\ndescription: y\nsources: {}\n")) ==
        "2 faults:\n  p.yaml:3:1: 'sources' must be a list of entries\n"
        "  p.yaml:1:1: pack 'x' has no entries");
  CHECK(only(messages("pack: [x\n")) ==
        "p.yaml:2:1: yaml syntax error: end of sequence flow not found");
  CHECK(only(messages("pack: x\n\tdescription: y\n")).starts_with("p.yaml:"));
  // Deep nesting is refused by yaml-cpp's depth guard, not by a crash.
  CHECK(only(messages(std::string(5000, '[') + std::string(5000, ']'))).find("yaml syntax error") !=
        std::string::npos);
}

TEST_CASE("ids and patterns are unique across packs") {
  const std::string second = R"(pack: other
description: another pack
endpoints:
  - id: demo.api
    vendor: steam
    patterns: [ "*.DEMO-API.com." ]
    description: again
    reference: https://example.com/again
)";
  auto set = RuleSet::from_texts({{"p.yaml", kGood}, {"q.yaml", second}});
  REQUIRE_FALSE(set);
  REQUIRE(set.error().size() == 2);
  CHECK(set.error()[0].message() ==
        "q.yaml:4:5: duplicate id 'demo.api' (first defined at p.yaml:53:5)");
  CHECK(set.error()[1].message() ==
        "q.yaml:4:5: pattern '*.DEMO-API.com.' of endpoint 'demo.api' is also in endpoint "
        "'demo.api' (p.yaml:53:5)");
  auto same_name =
      RuleSet::from_texts({{"p.yaml", kGood}, {"r.yaml", with("  - id: demo.", "  - id: again.")}});
  REQUIRE_FALSE(same_name);
  bool named = false;
  for (const Error& e : same_name.error()) {
    named = named || e.message() == "r.yaml: duplicate pack name 'demo' (also in p.yaml)";
  }
  CHECK(named);
}

TEST_CASE("aliases cannot multiply the work without bound") {
  // One 1000-name list, named again by 300 entries: 300000 values to read
  // from a 30 KB file. Reading stops at the budget with one fault.
  std::string text = "pack: bomb\ndescription: alias bomb\nsources:\n";
  for (int i = 0; i < 300; ++i) {
    text += "  - id: bomb.e" + std::to_string(i) + "\n    apis: ";
    if (i == 0) {
      text += "&names [";
      for (int n = 0; n < 1000; ++n) text += (n ? ", f" : "f") + std::to_string(n);
      text += "]\n";
    } else {
      text += "*names\n";
    }
    text +=
        "    platform: os\n    data: device\n    carries: [ ret ]\n"
        "    description: d\n    reference: https://example.com/x\n";
  }
  const auto all = messages(text);
  bool stopped = false;
  for (const auto& m : all) {
    stopped = stopped || m.find(
                             "more than 200000 values to read (aliases expanding too far); "
                             "reading stops here") != std::string::npos;
  }
  CHECK(stopped);
  CHECK(all.size() <= 101);
}

TEST_CASE("endpoint examples are run against every loaded pattern") {
  const std::string good = with("    description: demo hosts\n",
                                "    examples: [ \"https://eu.demo-api.com/x\", 192.0.2.9:443 ]\n"
                                "    description: demo hosts\n");
  auto set = RuleSet::from_texts({{"p.yaml", good}});
  REQUIRE_MESSAGE(set, (set ? "" : set.error().front().message()));
  CHECK(set->all_endpoints().front()->examples.size() == 2);

  CHECK(only(messages(with("    description: demo hosts\n",
                           "    examples: [ demo-api.com ]\n    description: demo hosts\n"))) ==
        "p.yaml:53:5: example 'demo-api.com' of endpoint 'demo.api' matches no endpoint");
  CHECK(only(messages(with("    description: demo hosts\n",
                           "    examples: [ \"192.0.2.9:80\" ]\n    description: demo hosts\n"))) ==
        "p.yaml:53:5: example '192.0.2.9:80' of endpoint 'demo.api' matches no endpoint");
  CHECK(only(messages(with("    description: demo hosts\n",
                           "    examples: [ \"not a url\" ]\n    description: demo hosts\n"))) ==
        "p.yaml:56:17: example 'not a url' is not a URL or host name");
  const std::string other = R"(pack: other
description: a more specific pattern elsewhere
endpoints:
  - id: other.eu
    vendor: steam
    patterns: [ eu.demo-api.com ]
    description: eu host
    reference: https://example.com/eu
)";
  auto taken = RuleSet::from_texts({{"p.yaml", good}, {"q.yaml", other}});
  REQUIRE_FALSE(taken);
  CHECK(taken.error().front().message() ==
        "p.yaml:53:5: example 'https://eu.demo-api.com/x' of endpoint 'demo.api' matches endpoint "
        "'other.eu' (pattern 'eu.demo-api.com')");
}

TEST_CASE("members of a carried structure and own-name lookups") {
  std::string text = with("    carries: [ ret, \"*arg0\" ]\n",
                          "    carries: [ ret, \"*arg0\" ]\n"
                          "    fields:\n"
                          "      ret: { pw_name: 0, pw_gecos: 0x18 }\n"
                          "    own_name: true\n");
  const std::string destination = "    destination: \"*arg4\"\n";
  text.replace(text.find(destination), destination.size(),
               destination + "    answers_own_name: true\n");
  auto set = RuleSet::from_texts({{"p.yaml", text}});
  REQUIRE_MESSAGE(set, (set ? "" : set.error().front().message()));
  const auto* source = set->by_id("demo.user-id");
  REQUIRE(source->fields.size() == 1);
  CHECK(source->fields.front().ref == ValueRef{ValueRef::Where::kReturn, 0});
  CHECK(source->fields.front().members ==
        std::vector<std::pair<std::string, std::int64_t>>{{"pw_name", 0}, {"pw_gecos", 24}});
  CHECK(source->own_name);
  CHECK(set->by_id("demo.sendto")->own_name);
  CHECK_FALSE(set->by_id("demo.machine-id")->own_name);

  // A member list for a value the entry does not carry, a bad offset, the
  // sink's key in a source, `fields` in a sink.
  auto faults = messages(with("    carries: [ ret, \"*arg0\" ]\n",
                              "    carries: [ ret, \"*arg0\" ]\n"
                              "    fields: { arg0: { a: 0 }, ret: { b: -1 } }\n"
                              "    answers_own_name: true\n"));
  auto has = [&faults](std::string_view wanted) {
    for (const auto& f : faults) {
      if (f.find(wanted) != std::string::npos) return true;
    }
    return false;
  };
  CHECK(faults.size() == 3);
  CHECK(has("key 'answers_own_name' does not apply"));
  CHECK(has("'fields' names 'arg0', which is not in 'carries'"));
  CHECK(has("member 'b' needs a byte offset from 0 to 65535"));
  CHECK(only(messages(with(destination, destination + "    fields: { ret: { a: 8 } }\n")))
            .find("key 'fields' does not apply") != std::string::npos);
}
