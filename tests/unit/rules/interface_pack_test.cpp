// The accessors and interfaces sections: an interface's methods keep their
// order (overloads repeat a name, one slot each), accessors are found by
// symbol and interfaces by version string, and the cross-pack faults are
// reported. The built-in Steam pack names the slots the samples rely on.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cordon/rules/rule_set.h"

using cordon::rules::RuleSet;

namespace {

const char* const kPack = R"(pack: demo-interfaces
description: interface accessors for tests
accessors:
  - id: demo.accessor.by-version
    apis: [ Demo_CreateInterface ]
    version_arg: 1
    description: returns the interface its second argument names
    reference: https://example.com/demo
  - id: demo.accessor.fixed
    apis: [ Demo_User_v002 ]
    version: DemoUser002
    description: returns one interface
    reference: https://example.com/demo
interfaces:
  - id: demo.interface.user-002
    class: demo::IUser
    versions: [ DemoUser002, DEMO_USER_2 ]
    methods: [ GetHandle, GetStat, GetStat, GetUserId ]
    description: the user interface
    reference: https://example.com/demo
)";

std::vector<std::string> faults_of(const std::string& yaml) {
  auto set = RuleSet::from_texts({{"p.yaml", yaml}});
  std::vector<std::string> out;
  if (set) return out;
  for (const auto& e : set.error()) out.push_back(e.message());
  return out;
}

bool has_fault(const std::vector<std::string>& faults, const std::string& part) {
  for (const auto& f : faults) {
    if (f.find(part) != std::string::npos) return true;
  }
  return false;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("interface accessors and method orders load and are indexed") {
  auto set = RuleSet::from_texts({{"p.yaml", kPack}});
  REQUIRE_MESSAGE(set, (set ? "" : set.error().front().message()));
  const auto* by_version = set->accessor_of("Demo_CreateInterface");
  REQUIRE(by_version != nullptr);
  REQUIRE(by_version->version_arg.has_value());
  CHECK(*by_version->version_arg == 1);
  CHECK(by_version->version.empty());
  const auto* fixed = set->accessor_of("Demo_User_v002");
  REQUIRE(fixed != nullptr);
  CHECK_FALSE(fixed->version_arg.has_value());
  CHECK(fixed->version == "DemoUser002");
  CHECK(set->accessor_of("Demo_Other") == nullptr);
  const auto* iface = set->interface_of("DEMO_USER_2");
  REQUIRE(iface != nullptr);
  CHECK(iface == set->interface_of("DemoUser002"));
  CHECK(iface->class_name == "demo::IUser");
  CHECK(iface->methods == std::vector<std::string>{"GetHandle", "GetStat", "GetStat", "GetUserId"});
  CHECK(set->interface_of("DemoUser001") == nullptr);
  CHECK(set->all_apis().empty());  // no source, sink or endpoint of their own
}

TEST_CASE("interface and accessor faults") {
  CHECK(has_fault(faults_of(replaced(kPack, "    version_arg: 1\n", "")),
                  "needs exactly one of 'version_arg'"));
  CHECK(has_fault(faults_of(replaced(kPack, "    version_arg: 1\n",
                                     "    version_arg: 1\n    version: DemoUser002\n")),
                  "needs exactly one of 'version_arg'"));
  CHECK(has_fault(faults_of(replaced(kPack, "version_arg: 1", "version_arg: 16")), "16"));
  CHECK(has_fault(faults_of(replaced(kPack, "version: DemoUser002", "version: DemoUser003")),
                  "returns version 'DemoUser003', which no loaded interface defines"));
  CHECK(has_fault(faults_of(replaced(kPack, "GetUserId ]", "Get-UserId ]")),
                  "method 'Get-UserId' of interface entry 'demo.interface.user-002' is not a C++ "
                  "identifier"));
  CHECK(has_fault(faults_of(replaced(kPack, "class: demo::IUser", "class: demo::1IUser")),
                  "is not a C++ class name"));
  CHECK(has_fault(faults_of(replaced(kPack, "methods: [ GetHandle, GetStat, GetStat, GetUserId ]",
                                     "methods: []")),
                  "'methods' of interface entry 'demo.interface.user-002' is empty"));
  // A version is defined once across packs, an API is one accessor.
  const std::string second =
      replaced(replaced(replaced(kPack, "pack: demo-interfaces", "pack: other"), "demo.accessor.",
                        "other.accessor."),
               "demo.interface.", "other.interface.");
  auto set = RuleSet::from_texts({{"p.yaml", kPack}, {"q.yaml", second}});
  REQUIRE_FALSE(set);
  std::vector<std::string> messages;
  for (const auto& e : set.error()) messages.push_back(e.message());
  CHECK(has_fault(messages, "interface version 'DemoUser002' is also defined at p.yaml:"));
  CHECK(has_fault(messages, "accessor api 'Demo_CreateInterface' is also an accessor at p.yaml:"));
}

TEST_CASE("the built-in Steam interfaces name the slots the samples call") {
  auto set = RuleSet::load({CORDON_TEST_PACKS_DIR});
  REQUIRE_MESSAGE(set, (set ? "" : set.error().front().message()));
  const auto* user = set->interface_of("SteamUser023");
  REQUIRE(user != nullptr);
  CHECK(user->class_name == "ISteamUser");
  REQUIRE(user->methods.size() > 2);
  CHECK(user->methods[0] == "GetHSteamUser");
  CHECK(user->methods[1] == "BLoggedOn");
  CHECK(user->methods[2] == "GetSteamID");
  const auto* friends = set->interface_of("SteamFriends018");
  REQUIRE(friends != nullptr);
  REQUIRE(friends->methods.size() > 6);
  CHECK(friends->methods[0] == "GetPersonaName");
  CHECK(friends->methods[3] == "GetFriendByIndex");
  CHECK(friends->methods[6] == "GetFriendPersonaName");
  // STEAM_PRIVATE_API methods hold their slots (steam_api.json omits them).
  const auto* utils = set->interface_of("SteamUtils010");
  REQUIRE(utils != nullptr);
  REQUIRE(utils->methods.size() > 8);
  CHECK(utils->methods[7] == "GetCSERIPPort");
  CHECK(utils->methods[8] == "GetCurrentBatteryPower");
  const auto* accessor = set->accessor_of("SteamInternal_FindOrCreateUserInterface");
  REQUIRE(accessor != nullptr);
  REQUIRE(accessor->version_arg.has_value());
  CHECK(*accessor->version_arg == 1);
  // Every method the interfaces name with a rule is spelled as the rules spell it.
  CHECK_FALSE(set->by_api("ISteamUser::GetSteamID").empty());
  CHECK_FALSE(set->by_api("ISteamFriends::GetFriendPersonaName").empty());
}
