/* sentry-native's public API (vendored, MIT). The Nintendo Switch build
 * (__NX__) declares a few more functions; its parse adds them. */
#include <sentry.h>
