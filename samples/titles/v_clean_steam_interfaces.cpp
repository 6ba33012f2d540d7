// clean_steam_interfaces: sample title (v). CLEAN: Steam C++ interfaces,
// no sensitive data sent.
//
// What it does: gets ISteamUser from
// SteamInternal_CreateInterface("SteamUser023"), and sends one UDP datagram
// to 192.0.2.32:27099 (TEST-NET-1) with what its first two virtual slots
// give: the local user handle (ISteamUser::GetHSteamUser, slot 0) and
// whether the user is logged on (BLoggedOn, slot 1). Neither is player
// data; the Steam ID is GetSteamID, the next slot (2), which this title
// never calls.
//
// What cordon must find: no exfiltration path (a network-capability
// finding for sendto and the endpoint 192.0.2.32 are expected). A scanner
// that misnamed a slot (off by one, or counting from the table's start
// instead of its address point) would report GetSteamID here.
//
// Running it: the datagram is "hello user=1 online=1".
#include <steam/steam_api.h>

#include <cstdio>
#include <cstring>

#include "sample_net.h"

namespace {

inline ISteamUser* SteamUser023() {
  return static_cast<ISteamUser*>(SteamInternal_CreateInterface("SteamUser023"));
}

}  // namespace

int main() {
  if (!SteamAPI_Init()) return 1;
  if (sample_net_init() != 0) return 1;
  ISteamUser* user = SteamUser023();
  if (user == nullptr) return 1;
  const int handle = user->GetHSteamUser();
  const int online = user->BLoggedOn() ? 1 : 0;
  char packet[64];
  int length = std::snprintf(packet, sizeof packet, "hello user=%d online=%d", handle, online);
  if (length < 0 || static_cast<std::size_t>(length) >= sizeof packet) return 1;

  sample_socket_t fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd == SAMPLE_BAD_SOCKET) return 1;
  sockaddr_in to;
  std::memset(&to, 0, sizeof to);
  to.sin_family = AF_INET;
  to.sin_port = htons(27099);
  inet_pton(AF_INET, "192.0.2.32", &to.sin_addr);
  long sent = static_cast<long>(sendto(fd, packet, static_cast<std::size_t>(length), 0,
                                       reinterpret_cast<const sockaddr*>(&to), sizeof to));
  std::printf("sample: sendto 192.0.2.32:27099 %s\n", sent == length ? "sent" : "failed (offline)");
  sample_close_socket(fd);
  SteamAPI_Shutdown();
  return 0;
}
