/* Mock libcurl: records the options a title sets and prints the request on
 * perform instead of sending it. Never resolves a name, never opens a socket. */
#define MOCK_SDK_BUILDING 1
#include <curl/curl.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mock_easy {
  char* url;
  char* postfields; /* owned copy: COPYPOSTFIELDS semantics are the safe superset */
  const struct curl_slist* headers;
};

static char* dup_or_null(const char* text) {
  if (text == NULL) return NULL;
  size_t size = strlen(text) + 1;
  char* copy = malloc(size);
  if (copy != NULL) memcpy(copy, text, size);
  return copy;
}

CURLcode curl_global_init(long flags) {
  (void)flags;
  return CURLE_OK;
}

void curl_global_cleanup(void) {}

CURL* curl_easy_init(void) {
  return calloc(1, sizeof(struct mock_easy));
}

CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...) {
  struct mock_easy* easy = curl;
  if (easy == NULL) return CURLE_FAILED_INIT;
  va_list args;
  va_start(args, option);
  CURLcode result = CURLE_OK;
  switch (option) {
    case CURLOPT_URL:
      free(easy->url);
      easy->url = dup_or_null(va_arg(args, const char*));
      break;
    case CURLOPT_POSTFIELDS:
    case CURLOPT_COPYPOSTFIELDS:
      free(easy->postfields);
      easy->postfields = dup_or_null(va_arg(args, const char*));
      break;
    case CURLOPT_HTTPHEADER:
      easy->headers = va_arg(args, const struct curl_slist*);
      break;
    case CURLOPT_USERAGENT:
      (void)va_arg(args, const char*);
      break;
    case CURLOPT_POSTFIELDSIZE:
    case CURLOPT_TIMEOUT:
      (void)va_arg(args, long);
      break;
    default:
      result = CURLE_UNKNOWN_OPTION;
      break;
  }
  va_end(args);
  return result;
}

CURLcode curl_easy_perform(CURL* curl) {
  struct mock_easy* easy = curl;
  if (easy == NULL || easy->url == NULL) return CURLE_URL_MALFORMAT;
  printf("mock-curl: perform url=%s postfields=%s headers=", easy->url,
         easy->postfields != NULL ? easy->postfields : "-");
  if (easy->headers == NULL) fputs("-", stdout);
  for (const struct curl_slist* h = easy->headers; h != NULL; h = h->next)
    printf("%s%s", h->data, h->next != NULL ? ";" : "");
  putchar('\n');
  fflush(stdout);
  return CURLE_OK;
}

void curl_easy_cleanup(CURL* curl) {
  struct mock_easy* easy = curl;
  if (easy == NULL) return;
  free(easy->url);
  free(easy->postfields);
  free(easy);
}

struct curl_slist* curl_slist_append(struct curl_slist* list, const char* data) {
  struct curl_slist* node = calloc(1, sizeof(*node));
  if (node == NULL) return NULL;
  node->data = dup_or_null(data);
  if (list == NULL) return node;
  struct curl_slist* last = list;
  while (last->next != NULL) last = last->next;
  last->next = node;
  return list;
}

void curl_slist_free_all(struct curl_slist* list) {
  while (list != NULL) {
    struct curl_slist* next = list->next;
    free(list->data);
    free(list);
    list = next;
  }
}
