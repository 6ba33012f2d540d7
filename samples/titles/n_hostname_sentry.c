/* hostname_sentry: sample title (n). LEAKY, third-party crash reporter.
 *
 * What it does: sets up Sentry Native (init_crash_reporter, with a DSN on
 * a made-up host, o0.ingest.example-sentry.test), then tags every future
 * crash report with the machine's host name as the Sentry user
 * (gethostname, sentry_value_new_object/sentry_value_set_by_key,
 * sentry_set_user) and captures a start-up event.
 *
 * What cordon must find: one exfiltration path, source gethostname (os,
 * device) to sink sentry_set_user (third-party crash reporter, sdk
 * channel): high under zero-trust. The DSN is referenced in
 * init_crash_reporter, off the path; the sink names its vendor.
 *
 * Running it: the mock prints
 * "mock-sentry: set_user user={username=<hostname>}". */
#include "sample_net.h"

#include <sentry/sentry.h>

#include <stdio.h>

SAMPLE_KEEP static void init_crash_reporter(void) {
  sentry_options_t* options = sentry_options_new();
  sentry_options_set_dsn(options, "https://0123456789abcdef@o0.ingest.example-sentry.test/42");
  sentry_init(options);
}

int main(void) {
  if (sample_net_init() != 0) return 1;
  init_crash_reporter();
  char host[256] = "";
  if (gethostname(host, sizeof host) != 0) return 1;
  sentry_value_t user = sentry_value_new_object();
  sentry_value_set_by_key(user, "username", sentry_value_new_string(host));
  sentry_set_user(user);
  sentry_capture_event(sentry_value_new_message_event(SENTRY_LEVEL_INFO, "sample", "started"));
  sentry_close();
  return 0;
}
