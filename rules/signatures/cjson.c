/* cJSON's public API (vendored, MIT). */
#include <cJSON.h>
