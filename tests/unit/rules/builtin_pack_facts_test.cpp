// Facts of the built-in packs that an outside audit (rules-audit-2026-12)
// found wrong: each API is checked against its public declaration here, so a
// later edit that folds them back into a neighbour's entry fails.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cordon/rules/rule_set.h"

using cordon::rules::ApiEntry;
using cordon::rules::parse_value_ref;
using cordon::rules::RuleSet;
using cordon::rules::ValueRef;

namespace {

const RuleSet& builtin() {
  static const RuleSet set = [] {
    auto loaded = RuleSet::load({CORDON_TEST_PACKS_DIR});
    REQUIRE(loaded.has_value());
    return std::move(*loaded);
  }();
  return set;
}

// The one entry that names `api`.
const ApiEntry& entry_of(const std::string& api) {
  auto entries = builtin().by_api(api);
  REQUIRE(entries.size() == 1);
  return *entries.front();
}

std::vector<ValueRef> refs(std::initializer_list<const char*> texts) {
  std::vector<ValueRef> out;
  for (const char* t : texts) out.push_back(*parse_value_ref(t));
  return out;
}

}  // namespace

TEST_CASE("sceNpGetAccountLanguage takes a request id first: the language is *arg2 of 3") {
  // shadPS4 np_manager.cpp: sceNpGetAccountLanguage(s32 req_id, OrbisNpOnlineId*,
  // OrbisNpLanguageCode*), sceNpGetAccountLanguageA(s32 req_id, user id, language*).
  for (const char* api : {"sceNpGetAccountLanguage", "sceNpGetAccountLanguageA"}) {
    CAPTURE(api);
    const ApiEntry& e = entry_of(api);
    CHECK(e.carries == refs({"*arg2"}));
    CHECK(e.arity == 3);
  }
  // The country calls have no request id: (online id or user id, country*).
  for (const char* api : {"sceNpGetAccountCountry", "sceNpGetAccountCountryA"}) {
    CAPTURE(api);
    const ApiEntry& e = entry_of(api);
    CHECK(e.carries == refs({"*arg1"}));
    CHECK(e.arity == 2);
  }
}

TEST_CASE("curl_escape has no handle: its string is arg0") {
  const ApiEntry& old = entry_of("curl_escape");
  CHECK(old.from == refs({"arg0", "*arg0"}));
  CHECK(old.arity == 2);
  const ApiEntry& easy = entry_of("curl_easy_escape");
  CHECK(easy.from == refs({"arg1", "*arg1"}));
  CHECK(easy.arity == 3);
}

TEST_CASE("audited references point at what they cite") {
  CHECK(entry_of("EOS_UserInfo_CopyBestDisplayNameWithPlatform")
            .reference.find("CopyBestDisplayName") != std::string::npos);
  const ApiEntry* dmi = builtin().by_id("os.linux.dmi-ids");
  REQUIRE(dmi != nullptr);
  CHECK(dmi->reference.find("drivers/firmware/dmi-id.c") != std::string::npos);
  const ApiEntry& pii = entry_of("sentry_options_set_send_default_pii");
  CHECK(pii.description.find("IP address") == std::string::npos);
  CHECK(pii.description.find("Switch") != std::string::npos);
}
