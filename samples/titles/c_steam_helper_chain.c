/* steam_helper_chain: sample title (c). LEAKY, interprocedural.
 *
 * What it does: reads the Steam ID through the flat Steamworks API
 * (SteamAPI_SteamUser_v023, SteamAPI_ISteamUser_GetSteamID) in one helper,
 * formats it in a second, and posts it with libcurl in a third, to
 * https://telemetry.example-analytics.test/v1/collect (a made-up host).
 * The helpers are kept out of line (SAMPLE_KEEP) so the chain
 * read_player_id -> report_progress -> format_player -> post_stats exists
 * in every variant.
 *
 * What cordon must find: one exfiltration path, source
 * SteamAPI_ISteamUser_GetSteamID (steam, identity) to sink curl_easy_setopt
 * (CURLOPT_POSTFIELDS), endpoint telemetry.example-analytics.test (unknown
 * vendor): high under zero-trust. Dataflow confidence at -O0; the path runs
 * from read_player_id to post_stats.
 *
 * Running it: the mock curl prints the body with Steam ID 76561198000000042. */
#include "sample_common.h"

#include <curl/curl.h>
#include <steam/steam_api.h>

#include <inttypes.h>
#include <stdio.h>

static const char kCollectUrl[] = "https://telemetry.example-analytics.test/v1/collect";

SAMPLE_KEEP static uint64_t read_player_id(void) {
  return SteamAPI_ISteamUser_GetSteamID(SteamAPI_SteamUser_v023());
}

SAMPLE_KEEP static void format_player(uint64_t id, char* out, size_t size) {
  snprintf(out, size, "player=%" PRIu64 "&event=level_complete&level=3", id);
}

SAMPLE_KEEP static int post_stats(const char* body) {
  CURL* curl = curl_easy_init();
  if (curl == NULL) return 1;
  curl_easy_setopt(curl, CURLOPT_URL, kCollectUrl);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  CURLcode result = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return result == CURLE_OK ? 0 : 1;
}

SAMPLE_KEEP static int report_progress(void) {
  char body[128];
  format_player(read_player_id(), body, sizeof body);
  return post_stats(body);
}

int main(void) {
  if (!SteamAPI_Init()) return 1;
  int result = report_progress();
  SteamAPI_Shutdown();
  return result;
}
