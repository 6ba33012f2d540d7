/* xbox_same_vendor: sample title (l). CLEAN under zero-trust: same vendor.
 *
 * What it does: signs in the default Xbox user, reads the XUID (XUserGetId)
 * and sets presence on the Xbox Live presence service with libcurl (on a
 * console this is XCurl, libcurl's API): the XUID goes into the URL
 * https://userpresence.xboxlive.com/users/xuid(<xuid>)/devices/current/titles/current
 * passed as CURLOPT_URL; the body is a constant.
 *
 * What cordon must find: one exfiltration path, source XUserGetId (xbox,
 * identity) to sink curl_easy_setopt (the CURLOPT_URL argument), endpoint
 * userpresence.xboxlive.com (Xbox Live). Under zero-trust a platform's data
 * to its own vendor is allowed: "allowed": true, severity info. Under
 * air-gapped it is high.
 *
 * Running it: the mock curl prints the URL holding XUID 2533274800000042. */
#include <curl/curl.h>
#include <gdk/XUser.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  XAsyncBlock async;
  memset(&async, 0, sizeof async);
  XUserHandle user = NULL;
  if (FAILED(XUserAddAsync(XUserAddOptions_AddDefaultUserSilently, &async))) return 1;
  if (FAILED(XUserAddResult(&async, &user))) return 1;
  uint64_t xuid = 0;
  if (FAILED(XUserGetId(user, &xuid))) return 1;
  XUserCloseHandle(user);

  char url[160];
  snprintf(url, sizeof url,
           "https://userpresence.xboxlive.com/users/xuid(%" PRIu64
           ")/devices/current/titles/current",
           xuid);
  CURL* curl = curl_easy_init();
  if (curl == NULL) return 1;
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "{\"state\":\"active\"}");
  CURLcode result = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return result == CURLE_OK ? 0 : 1;
}
