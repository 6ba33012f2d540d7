/* winhttp_body: sample title (r). LEAKY, WinHTTP.
 *
 * What it does: reads the Steam ID (flat Steamworks API), formats it into a
 * JSON body and POSTs it with WinHTTP: WinHttpConnect names the server (a
 * UTF-16 literal, events.example-telemetry.test, a made-up host),
 * WinHttpOpenRequest the object (/v1/session), WinHttpSendRequest sends the
 * body as its optional data (lpOptional). A second helper appends the
 * computer name (GetComputerNameA) with WinHttpWriteData on the same
 * request handle. The handles go through helpers, as in a real client.
 *
 * What cordon must find: two exfiltration paths, both dataflow, both with
 * the endpoint events.example-telemetry.test (the server of the connection
 * the request handle was opened on): SteamAPI_ISteamUser_GetSteamID (steam,
 * identity) -> WinHttpSendRequest, and GetComputerNameA (os, device) ->
 * WinHttpWriteData; high under zero-trust (an unknown vendor). Also the
 * endpoint https://legacy.example-telemetry.test/v0/collect, a UTF-16 URL no
 * code uses.
 *
 * Running it (Linux builds): the mock WinHTTP prints the request and body
 * with Steam ID 76561198000000042 and computer name MOCK-PC-7. */
#include "sample_common.h"

#include <steam/steam_api.h>
#include <win32/win32_compat.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* A retired collector's URL, kept in the binary but used by no code: a
 * UTF-16 literal the scan must still report as an endpoint. */
__attribute__((used)) static const sample_wchar kRetiredCollector[] =
    SAMPLE_W("https://legacy.example-telemetry.test/v0/collect");

SAMPLE_KEEP static HINTERNET open_request(const sample_wchar* server, const sample_wchar* object) {
  HINTERNET session = WinHttpOpen(SAMPLE_W("cordon-sample/1.0"), WINHTTP_ACCESS_TYPE_DEFAULT_PROXY,
                                  WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
  if (session == NULL) return NULL;
  HINTERNET connection = WinHttpConnect(session, server, INTERNET_DEFAULT_HTTPS_PORT, 0);
  if (connection == NULL) return NULL;
  return WinHttpOpenRequest(connection, SAMPLE_W("POST"), object, NULL, WINHTTP_NO_REFERER,
                            WINHTTP_DEFAULT_ACCEPT_TYPES, WINHTTP_FLAG_SECURE);
}

SAMPLE_KEEP static int post_body(HINTERNET request, char* body, DWORD length) {
  return WinHttpSendRequest(request, SAMPLE_W("Content-Type: application/json"), (DWORD)-1, body,
                            length, length, 0)
             ? 0
             : 1;
}

SAMPLE_KEEP static int append_machine(HINTERNET request) {
  char name[64];
  DWORD size = sizeof name;
  if (!GetComputerNameA(name, &size)) return 1;
  DWORD written = 0;
  return WinHttpWriteData(request, name, size, &written) ? 0 : 1;
}

int main(void) {
  if (!SteamAPI_Init()) return 1;
  uint64_t id = SteamAPI_ISteamUser_GetSteamID(SteamAPI_SteamUser_v023());
  char body[128];
  int length = snprintf(body, sizeof body, "{\"steam_id\":\"%" PRIu64 "\",\"event\":\"login\"}", id);
  HINTERNET request =
      open_request(SAMPLE_W("events.example-telemetry.test"), SAMPLE_W("/v1/session"));
  if (request == NULL) return 1;
  int result = post_body(request, body, (DWORD)length) | append_machine(request);
  WinHttpCloseHandle(request);
  SteamAPI_Shutdown();
  return result;
}
