/* libcurl's public API (libcurl4-openssl-dev). */
#include <curl/curl.h>
