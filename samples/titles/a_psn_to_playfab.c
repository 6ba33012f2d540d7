/* psn_to_playfab: sample title (a). LEAKY, cross-platform.
 *
 * What it does: reads the signed-in PlayStation user's PSN account id
 * (sceUserServiceGetInitialUser, then sceNpGetAccountId) and posts it in a
 * JSON event with libcurl to a PlayFab events endpoint,
 * https://title-1a2b.playfabapi.com/Event/WriteEvents (made-up title id).
 *
 * What cordon must find: one exfiltration path, source sceNpGetAccountId
 * (playstation, identity) to sink curl_easy_setopt (the CURLOPT_POSTFIELDS
 * body), endpoint title-1a2b.playfabapi.com (PlayFab, vendor microsoft).
 * Severity critical under zero-trust: PlayStation data reaches another
 * vendor. Dataflow confidence at -O0.
 *
 * Running it sends nothing: curl is the mock, which prints the request
 * ("mock-curl: perform url=... postfields=...") with account id
 * 1311768467294899695 in the body. */
#include <curl/curl.h>
#include <orbis/NpManager.h>
#include <orbis/UserService.h>

#include <inttypes.h>
#include <stdio.h>

static const char kEventsUrl[] = "https://title-1a2b.playfabapi.com/Event/WriteEvents";

int main(void) {
  int32_t user = 0;
  uint64_t account_id = 0;
  if (sceUserServiceGetInitialUser(&user) != 0) return 1;
  if (sceNpGetAccountId(user, &account_id) != 0) return 1;

  char body[192];
  snprintf(body, sizeof body,
           "{\"Events\":[{\"EventNamespace\":\"custom.game\",\"Name\":\"session_start\","
           "\"Payload\":{\"psn_account_id\":\"%" PRIu64 "\"}}]}",
           account_id);

  CURL* curl = curl_easy_init();
  if (curl == NULL) return 1;
  struct curl_slist* headers = curl_slist_append(NULL, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, kEventsUrl);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  CURLcode result = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return result == CURLE_OK ? 0 : 1;
}
