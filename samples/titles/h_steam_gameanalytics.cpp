// steam_gameanalytics: sample title (h). LEAKY, C++, third-party telemetry.
//
// What it does: reads the Steam ID through the C++ interface
// (SteamUser()->GetSteamID(), a virtual call on ISteamUser), turns it into
// a std::string and hands it to GameAnalytics as a design event
// (gameanalytics::GameAnalytics::addDesignEvent), which the real SDK
// uploads to api.gameanalytics.com.
//
// What cordon must find: one exfiltration path, source
// ISteamUser::GetSteamID (steam, identity) to sink
// gameanalytics::GameAnalytics::addDesignEvent (third-party, sdk channel):
// high under zero-trust. From the source code the call is named; in a
// binary it is an indirect call through slot 2 of ISteamUser's vtable on
// the pointer SteamUser() returns, so a binary front end that does not
// model C++ interfaces sees only the telemetry SDK (a telemetry-sdk finding
// for addDesignEvent) and may miss the path.
//
// Running it: the mock prints
// "mock-gameanalytics: addDesignEvent event_id=player:76561198000000042:login".
#include <gameanalytics/GameAnalytics.h>
#include <steam/steam_api.h>

#include <string>

int main() {
  if (!SteamAPI_Init()) return 1;
  gameanalytics::GameAnalytics::configureBuild("1.0.3");
  gameanalytics::GameAnalytics::initialize("mockgamekey0001", "mockgamesecret0001");

  const CSteamID player = SteamUser()->GetSteamID();
  const std::string event = "player:" + std::to_string(player.ConvertToUint64()) + ":login";
  gameanalytics::GameAnalytics::addDesignEvent(event);

  gameanalytics::GameAnalytics::onQuit();
  SteamAPI_Shutdown();
  return 0;
}
