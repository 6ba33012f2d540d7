/* Mock Sentry Native (sentry.h): options, init, values, sentry_set_user and
 * sentry_capture_event with the real types (sentry_value_t is a 64-bit
 * union). Captures print "mock-sentry: ..." instead of posting an envelope
 * to the DSN host. */
#ifndef CORDON_MOCK_SENTRY_H
#define CORDON_MOCK_SENTRY_H

#include <stdint.h>

#include "../mock_export.h"

typedef union sentry_value_u {
  uint64_t _bits;
  double _double;
} sentry_value_t;

typedef struct sentry_options_s sentry_options_t;

typedef struct sentry_uuid_s {
  char bytes[16];
} sentry_uuid_t;

typedef enum sentry_level_e {
  SENTRY_LEVEL_DEBUG = -1,
  SENTRY_LEVEL_INFO = 0,
  SENTRY_LEVEL_WARNING = 1,
  SENTRY_LEVEL_ERROR = 2,
  SENTRY_LEVEL_FATAL = 3
} sentry_level_t;

MOCK_BEGIN_C
MOCK_API sentry_options_t* sentry_options_new(void);
MOCK_API void sentry_options_set_dsn(sentry_options_t* opts, const char* dsn);
MOCK_API int sentry_init(sentry_options_t* options);
MOCK_API int sentry_close(void);
MOCK_API sentry_value_t sentry_value_new_object(void);
MOCK_API sentry_value_t sentry_value_new_string(const char* value);
MOCK_API int sentry_value_set_by_key(sentry_value_t value, const char* k, sentry_value_t v);
MOCK_API sentry_value_t sentry_value_new_message_event(sentry_level_t level, const char* logger,
                                                       const char* text);
MOCK_API void sentry_set_user(sentry_value_t user);
MOCK_API sentry_uuid_t sentry_capture_event(sentry_value_t event);
MOCK_END_C

#endif
