/* Mock libcurl: the public easy API of curl/curl.h, same names, same
 * signatures, same option numbers (CURLOPTTYPE_OBJECTPOINT = 10000,
 * CURLOPT_URL = 10002, CURLOPT_POSTFIELDS = 10015, CURLOPT_HTTPHEADER = 10023,
 * CURLOPT_COPYPOSTFIELDS = 10165, CURLOPT_POSTFIELDSIZE = 60).
 * curl_easy_perform never touches the network: it prints the request it would
 * have sent ("mock-curl: perform url=... postfields=...") so tests can prove
 * what a sample leaks. Reference: https://curl.se/libcurl/c/curl_easy_setopt.html */
#ifndef CORDON_MOCK_CURL_H
#define CORDON_MOCK_CURL_H

#include "../mock_export.h"

MOCK_BEGIN_C

typedef void CURL;

typedef enum {
  CURLE_OK = 0,
  CURLE_UNSUPPORTED_PROTOCOL = 1,
  CURLE_FAILED_INIT = 2,
  CURLE_URL_MALFORMAT = 3,
  CURLE_OUT_OF_MEMORY = 27,
  CURLE_UNKNOWN_OPTION = 48
} CURLcode;

#define CURLOPTTYPE_LONG 0
#define CURLOPTTYPE_OBJECTPOINT 10000

typedef enum {
  CURLOPT_URL = CURLOPTTYPE_OBJECTPOINT + 2,
  CURLOPT_POSTFIELDS = CURLOPTTYPE_OBJECTPOINT + 15,
  CURLOPT_USERAGENT = CURLOPTTYPE_OBJECTPOINT + 18,
  CURLOPT_HTTPHEADER = CURLOPTTYPE_OBJECTPOINT + 23,
  CURLOPT_COPYPOSTFIELDS = CURLOPTTYPE_OBJECTPOINT + 165,
  CURLOPT_POSTFIELDSIZE = CURLOPTTYPE_LONG + 60,
  CURLOPT_TIMEOUT = CURLOPTTYPE_LONG + 13
} CURLoption;

#define CURL_GLOBAL_DEFAULT 3L

struct curl_slist {
  char* data;
  struct curl_slist* next;
};

MOCK_API CURLcode curl_global_init(long flags);
MOCK_API void curl_global_cleanup(void);
MOCK_API CURL* curl_easy_init(void);
MOCK_API CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...);
MOCK_API CURLcode curl_easy_perform(CURL* curl);
MOCK_API void curl_easy_cleanup(CURL* curl);
MOCK_API struct curl_slist* curl_slist_append(struct curl_slist* list, const char* data);
MOCK_API void curl_slist_free_all(struct curl_slist* list);

MOCK_END_C

#endif
