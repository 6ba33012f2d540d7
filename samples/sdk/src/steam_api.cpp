// Mock Steamworks: one fixed signed-in user; nothing talks to a Steam client.
#define MOCK_SDK_BUILDING 1
#include <steam/steam_api.h>

namespace {

constexpr uint64 kMockSteamId = 76561198000000042ULL;

class MockSteamUser final : public ISteamUser {
 public:
  HSteamUser GetHSteamUser() override { return 1; }
  bool BLoggedOn() override { return true; }
  CSteamID GetSteamID() override { return CSteamID(kMockSteamId); }
};

class MockSteamFriends final : public ISteamFriends {
 public:
  const char* GetPersonaName() override { return "MockPersona"; }
};

MockSteamUser g_user;
MockSteamFriends g_friends;

}  // namespace

bool SteamAPI_Init() {
  return true;
}
void SteamAPI_Shutdown() {}
ISteamUser* SteamUser() {
  return &g_user;
}
ISteamFriends* SteamFriends() {
  return &g_friends;
}
ISteamUser* SteamAPI_SteamUser_v023() {
  return &g_user;
}
ISteamFriends* SteamAPI_SteamFriends_v018() {
  return &g_friends;
}
uint64_steamid SteamAPI_ISteamUser_GetSteamID(ISteamUser* self) {
  return self->GetSteamID().ConvertToUint64();
}
const char* SteamAPI_ISteamFriends_GetPersonaName(ISteamFriends* self) {
  return self->GetPersonaName();
}
