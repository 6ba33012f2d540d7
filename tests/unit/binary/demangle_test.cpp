#include <doctest/doctest.h>

#include "demangle.h"

namespace cordon::binary {

TEST_CASE("itanium names: full and qualified without parameters") {
  auto steam = demangle_symbol("_ZN10ISteamUser10GetSteamIDEv");
  CHECK(steam.full == "ISteamUser::GetSteamID()");
  CHECK(steam.qualified == "ISteamUser::GetSteamID");
  auto playfab = demangle_symbol(
      "_ZN7PlayFab16PlayFabClientAPI11WriteEventsERKNS_12ClientModels18WriteEventsRequestE");
  CHECK(playfab.qualified == "PlayFab::PlayFabClientAPI::WriteEvents");
}

TEST_CASE("msvc names: qualified without parameters") {
  auto steam = demangle_symbol("?GetSteamID@ISteamUser@@QEAA?AVCSteamID@@XZ");
  CHECK(steam.qualified == "ISteamUser::GetSteamID");
  auto playfab = demangle_symbol(
      "?WriteEvents@PlayFabClientAPI@PlayFab@@SAXAEBUWriteEventsRequest@ClientModels@2@@Z");
  CHECK(playfab.qualified == "PlayFab::PlayFabClientAPI::WriteEvents");
}

TEST_CASE("plain and versioned c names stay as they are") {
  CHECK(demangle_symbol("sendto").qualified == "sendto");
  CHECK(demangle_symbol("gethostname@GLIBC_2.2.5").qualified == "gethostname");
  CHECK(demangle_symbol("_Znot_really_mangled").qualified == "_Znot_really_mangled");
  CHECK(demangle_symbol("").qualified.empty());
}

}  // namespace cordon::binary
