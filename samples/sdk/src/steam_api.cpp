// Mock Steamworks: one fixed signed-in user; nothing talks to a Steam client.
#define MOCK_SDK_BUILDING 1
#include <steam/steam_api.h>

#include <cstring>

namespace {

constexpr uint64 kMockSteamId = 76561198000000042ULL;

class MockSteamUser final : public ISteamUser {
 public:
  HSteamUser GetHSteamUser() override { return 1; }
  bool BLoggedOn() override { return true; }
  CSteamID GetSteamID() override { return CSteamID(kMockSteamId); }
};

constexpr uint64 kMockFriendIds[] = {76561198000000101ULL, 76561198000000102ULL};
const char* const kMockFriendNames[] = {"MockFriendA", "MockFriendB"};
constexpr int kMockFriends = 2;

class MockSteamFriends final : public ISteamFriends {
 public:
  const char* GetPersonaName() override { return "MockPersona"; }
  int GetPersonaState() override { return 1; }  // k_EPersonaStateOnline
  int GetFriendCount(int) override { return kMockFriends; }
  CSteamID GetFriendByIndex(int iFriend, int) override {
    return iFriend >= 0 && iFriend < kMockFriends ? CSteamID(kMockFriendIds[iFriend]) : CSteamID();
  }
  int GetFriendRelationship(CSteamID) override { return 3; }  // k_EFriendRelationshipFriend
  int GetFriendPersonaState(CSteamID) override { return 1; }
  const char* GetFriendPersonaName(CSteamID id) override {
    for (int i = 0; i < kMockFriends; ++i) {
      if (id.ConvertToUint64() == kMockFriendIds[i]) return kMockFriendNames[i];
    }
    return "";
  }
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
HSteamUser SteamAPI_GetHSteamUser() {
  return 1;
}
// The interfaces the mock has, by the version strings the SDK's headers pass.
void* SteamInternal_FindOrCreateUserInterface(HSteamUser, const char* pszVersion) {
  return SteamInternal_CreateInterface(pszVersion);
}
void* SteamInternal_CreateInterface(const char* ver) {
  if (ver == nullptr) return nullptr;
  if (std::strcmp(ver, "SteamUser023") == 0) return static_cast<ISteamUser*>(&g_user);
  if (std::strcmp(ver, "SteamFriends018") == 0) return static_cast<ISteamFriends*>(&g_friends);
  return nullptr;
}
void* SteamInternal_ContextInit(void* pContextInitData) {
  auto** words = static_cast<void**>(pContextInitData);
  if (words[1] == nullptr) {  // first use (the real SDK compares a counter)
    auto init = reinterpret_cast<void (*)(void*)>(words[0]);
    init(&words[2]);
    words[1] = reinterpret_cast<void*>(1);
  }
  return &words[2];
}
