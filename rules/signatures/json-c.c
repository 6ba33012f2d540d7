/* json-c (libjson-c-dev): apart from Jansson, whose names it reuses. */
#include <json-c/json.h>
