/* sentry-native as the Nintendo Switch build sees it: __NX__ turns on
 * SENTRY_PLATFORM_NX and the functions declared only there. */
#define __NX__ 1
#include <sentry.h>
