// Value references and the names of the vocabulary, both directions.
#include <doctest/doctest.h>

#include <cerrno>

#include "cordon/rules/model.h"

using namespace cordon::rules;  // NOLINT: test brevity
using W = ValueRef::Where;

TEST_CASE("value references parse and print back") {
  for (const char* text : {"ret", "this", "arg0", "arg15", "*arg1", "arg3+", "*arg3+", "arg999"}) {
    auto ref = parse_value_ref(text);
    REQUIRE_MESSAGE(ref, text);
    CHECK(to_string(*ref) == text);
  }
  CHECK(*parse_value_ref("*arg2") == ValueRef{W::kPointee, 2});
  CHECK(*parse_value_ref("arg3+") == ValueRef{W::kArgsFrom, 3});
  CHECK(*parse_value_ref("*arg0+") == ValueRef{W::kPointeesFrom, 0});
  CHECK(*parse_value_ref("this") == ValueRef{W::kThis, 0});
}

TEST_CASE("bad value references") {
  for (const char* text :
       {"", "arg", "*arg", "arg-1", "arg+1", "arg01", "arg1000", "Arg1", "**arg1", "arg1++", "*ret",
        "ret+", "arg 1", "arg1 ", "this+", "arg0x1", "return", "*this", "arg１"}) {
    CHECK_MESSAGE(!parse_value_ref(text), text);
  }
}

TEST_CASE("vocabulary names round trip") {
  CHECK(parse_party("third-party") == Party::kThirdParty);
  CHECK(to_string(Party::kPlaystation) == "playstation");
  CHECK_FALSE(parse_party("Steam"));
  CHECK_FALSE(parse_party("sony"));
  CHECK(parse_data_class("credentials") == DataClass::kCredentials);
  CHECK_FALSE(parse_data_class("engagement"));
  CHECK(parse_channel("dns") == Channel::kDns);
  CHECK_FALSE(parse_channel("tcp"));
  CHECK(parse_severity("critical") == Severity::kCritical);
  CHECK_FALSE(parse_severity("fatal"));
  CHECK(to_string(EntryKind::kSanitizer) == "sanitizer");
  CHECK(parse_deny_action("kill") == DenyAction::kKill);
  CHECK(parse_network_policy("allowlist") == NetworkPolicy::kAllowlist);
  CHECK(parse_errno_name("ECONNREFUSED") == ECONNREFUSED);
  CHECK(parse_errno_name("ENETUNREACH") == ENETUNREACH);
  CHECK_FALSE(parse_errno_name("econnrefused"));
  CHECK_FALSE(parse_errno_name("EWHATEVER"));
}
