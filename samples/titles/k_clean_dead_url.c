/* clean_dead_url: sample title (k). CLEAN: a dead URL string.
 *
 * What it does: carries the URL of a retired telemetry service,
 * https://legacy.example-analytics.test/v0/collect, in .rodata (kept there
 * with the `used` attribute) but never passes it anywhere, and makes no
 * network call: it only prints an offline notice.
 *
 * What cordon must find: no exfiltration path and no network capability.
 * An endpoint finding (info) for legacy.example-analytics.test is correct:
 * the string is in the binary.
 *
 * Running it: prints "sample: offline build, telemetry disabled". */
#include <stdio.h>

__attribute__((used)) static const char kRetiredTelemetryUrl[] =
    "https://legacy.example-analytics.test/v0/collect";

int main(void) {
  puts("sample: offline build, telemetry disabled");
  return 0;
}
