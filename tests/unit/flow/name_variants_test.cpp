#include <doctest/doctest.h>

#include "site_resolver.h"

using cordon::flow::name_variants;
using V = std::vector<std::string>;

TEST_CASE("name variants strip linker and mangling decorations, most literal first") {
  CHECK(name_variants("sendto") == V{"sendto"});
  CHECK(name_variants("sendto@plt") == V{"sendto@plt", "sendto"});
  CHECK(name_variants("gethostname@GLIBC_2.2.5") == V{"gethostname@GLIBC_2.2.5", "gethostname"});
  CHECK(name_variants("gethostname@@GLIBC_2.2.5") == V{"gethostname@@GLIBC_2.2.5", "gethostname"});
  CHECK(name_variants("__imp_send") == V{"__imp_send", "send"});
  CHECK(name_variants("__imp__send@16") == V{"__imp__send@16", "_send@16", "_send", "send"});
  CHECK(name_variants("_sceNpGetAccountId") == V{"_sceNpGetAccountId", "sceNpGetAccountId"});
  CHECK(name_variants("__libc_write") == V{"__libc_write"});
  CHECK(name_variants("ISteamUser::GetSteamID() const") ==
        V{"ISteamUser::GetSteamID() const", "ISteamUser::GetSteamID"});
  CHECK(name_variants("PlayFab::PlayFabClientAPI::WritePlayerEvent(PlayFab::Req&)") ==
        V{"PlayFab::PlayFabClientAPI::WritePlayerEvent(PlayFab::Req&)",
          "PlayFab::PlayFabClientAPI::WritePlayerEvent"});
  CHECK(name_variants("").empty());
  CHECK(name_variants("@") == V{"@"});
  CHECK(name_variants("_") == V{"_"});
}
