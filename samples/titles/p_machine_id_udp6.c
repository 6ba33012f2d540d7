/* machine_id_udp6: sample title (p). LEAKY, a file-path source over IPv6.
 *
 * What it does: reads the machine id from /etc/machine-id (fopen, fgets;
 * no API returns it: using the path is the source) and sends it in a UDP
 * datagram with sendto to [2001:db8::17]:5353 (IPv6 documentation prefix).
 * When the file is missing it sends "mid=unknown".
 *
 * What cordon must find: one exfiltration path, source /etc/machine-id (the
 * rule packs' string source for the machine id; os, device) to sink sendto,
 * endpoint 2001:db8::17 (unknown vendor): high under zero-trust. The data
 * reaches the buffer through fgets, so the engine needs file-read
 * propagators (FILE* to buffer) for dataflow confidence.
 *
 * Running it: the samples' tests listen on [2001:db8::17]:5353 in an empty
 * network namespace; the datagram must be "mid=" and the contents of the
 * machine's /etc/machine-id. */
#include "sample_net.h"

#include <stdio.h>
#include <string.h>

static const char kMachineIdPath[] = "/etc/machine-id";

int main(void) {
  if (sample_net_init() != 0) return 1;
  char machine_id[64] = "unknown";
  FILE* file = fopen(kMachineIdPath, "r");
  if (file != NULL) {
    if (fgets(machine_id, sizeof machine_id, file) == NULL) strcpy(machine_id, "unknown");
    fclose(file);
  }
  machine_id[strcspn(machine_id, "\r\n")] = '\0';

  char datagram[80];
  int length = snprintf(datagram, sizeof datagram, "mid=%s", machine_id);
  sample_socket_t fd = socket(AF_INET6, SOCK_DGRAM, 0);
  if (fd == SAMPLE_BAD_SOCKET) return 1;
  struct sockaddr_in6 to;
  memset(&to, 0, sizeof to);
  to.sin6_family = AF_INET6;
  to.sin6_port = htons(5353);
  inet_pton(AF_INET6, "2001:db8::17", &to.sin6_addr);
  long sent = (long)sendto(fd, datagram, length, 0, (const struct sockaddr*)&to, sizeof to);
  printf("sample: sendto [2001:db8::17]:5353 %s\n", sent == length ? "sent" : "failed (offline)");
  sample_close_socket(fd);
  return 0;
}
