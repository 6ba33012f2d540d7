/* Stand-in for libcurl: exports the two names leak.c imports. */
#ifdef _WIN32
#define EXPORT __declspec(dllexport)
#else
#define EXPORT
#endif
typedef void CURL;
EXPORT int curl_easy_setopt(CURL* curl, int option, ...) {
  (void)curl;
  return option;
}
EXPORT CURL* curl_easy_init(void) {
  return 0;
}
