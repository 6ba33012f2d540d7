// psn_playfab_sdk: sample title (m). LEAKY, C++, cross-platform through an SDK.
//
// What it does: reads the PlayStation user's Online ID
// (sceUserServiceGetInitialUser, sceNpGetOnlineId) and writes it into the
// body of a PlayStream event sent with the PlayFab C++ SDK
// (PlayFab::PlayFabClientAPI::WritePlayerEvent), which the real SDK posts
// to https://{titleId}.playfabapi.com/Client/WritePlayerEvent.
//
// What cordon must find: one exfiltration path, source sceNpGetOnlineId
// (playstation, identity) to sink PlayFab::PlayFabClientAPI::WritePlayerEvent
// (microsoft, sdk channel): critical under zero-trust (PlayStation data to
// another vendor). No URL is in the title: the SDK sink names its vendor.
//
// Running it: the mock prints
// "mock-playfab: WritePlayerEvent name=player_login body=online_id=MockOnlineId,platform=ps4".
#include <orbis/NpManager.h>
#include <orbis/UserService.h>
#include <playfab/PlayFabClientApi.h>

#include <cstdio>
#include <string>

int main() {
  int32_t user = 0;
  OrbisNpOnlineId online_id{};
  if (sceUserServiceGetInitialUser(&user) != 0) return 1;
  if (sceNpGetOnlineId(user, &online_id) != 0) return 1;

  PlayFab::ClientModels::WriteClientPlayerEventRequest request;
  request.EventName = "player_login";
  request.Body["online_id"] = std::string(online_id.data, sizeof online_id.data).c_str();
  request.Body["platform"] = "ps4";
  bool written = false;
  PlayFab::PlayFabClientAPI::WritePlayerEvent(
      request,
      [](const PlayFab::ClientModels::WriteEventResponse& response, void* custom) {
        std::printf("sample: event %s written\n", response.EventId.c_str());
        *static_cast<bool*>(custom) = true;
      },
      nullptr, &written);
  return written ? 0 : 1;
}
