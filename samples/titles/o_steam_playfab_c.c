/* steam_playfab_c: sample title (o). LEAKY, C, cross-platform through an SDK.
 *
 * What it does: reads the Steam persona name through the flat Steamworks
 * API (SteamAPI_SteamFriends_v018, SteamAPI_ISteamFriends_GetPersonaName),
 * puts it in the JSON payload of a PlayFab event and uploads it with the
 * PlayFab Services C SDK (PFEventsWriteEventsAsync).
 *
 * What cordon must find: one exfiltration path, source
 * SteamAPI_ISteamFriends_GetPersonaName (steam, identity) to sink
 * PFEventsWriteEventsAsync (microsoft, sdk channel), through snprintf and
 * the request structs: critical under zero-trust (Steam data to another
 * vendor).
 *
 * Running it: the mock prints
 * "mock-playfab: PFEventsWriteEventsAsync name=custom.game.profile
 * payload={"persona":"MockPersona"}". */
#include <playfab/PFEvents.h>
#include <steam/steam_api.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  if (!SteamAPI_Init()) return 1;
  const char* persona = SteamAPI_ISteamFriends_GetPersonaName(SteamAPI_SteamFriends_v018());
  char payload[96];
  snprintf(payload, sizeof payload, "{\"persona\":\"%s\"}", persona);

  PFEventsEventContents event = {"custom.game", "profile", payload};
  const PFEventsEventContents* events[] = {&event};
  PFEventsWriteEventsRequest request = {events, 1};
  XAsyncBlock async;
  memset(&async, 0, sizeof async);
  HRESULT hr = PFEventsWriteEventsAsync(NULL, &request, &async);
  SteamAPI_Shutdown();
  return SUCCEEDED(hr) ? 0 : 1;
}
