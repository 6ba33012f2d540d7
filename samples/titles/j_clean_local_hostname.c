/* clean_local_hostname: sample title (j). CLEAN: sensitive data kept local.
 *
 * What it does: reads the host name (gethostname, os/device data) and
 * writes it to standard output only. It makes no network call at all.
 *
 * What cordon must find: no exfiltration path and no network capability.
 * A sensitive-source finding for gethostname (info) is acceptable.
 *
 * Running it: prints "sample: running on <hostname>". */
#include "sample_net.h"

#include <stdio.h>

int main(void) {
  if (sample_net_init() != 0) return 1;
  char host[256] = "";
  if (gethostname(host, sizeof host) != 0) return 1;
  printf("sample: running on %s\n", host);
  return 0;
}
