/* Stand-in for libcurl: exports the two names leak.c imports. Like libcurl,
 * curl_easy_setopt reads its variadic value (a linked-in copy that never
 * read it would take no third argument). */
#include <stdarg.h>
#ifdef _WIN32
#define EXPORT __declspec(dllexport)
#else
#define EXPORT
#endif
typedef void CURL;
EXPORT int curl_easy_setopt(CURL* curl, int option, ...) {
  va_list ap;
  va_start(ap, option);
  const void* value = va_arg(ap, const void*);
  va_end(ap);
  return curl != 0 && value != 0 ? option : 0;
}
EXPORT CURL* curl_easy_init(void) {
  return 0;
}
