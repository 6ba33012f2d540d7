/* clean_ping: sample title (i). CLEAN: network without sensitive data.
 *
 * What it does: sends the constant datagram "ping" with sendto to
 * 192.0.2.50:9000 (TEST-NET-1) and nothing else; it reads no identity,
 * device or platform data.
 *
 * What cordon must find: no exfiltration path. A network-capability finding
 * (sendto) and the endpoint 192.0.2.50 are expected and correct.
 *
 * Running it: the samples' tests listen on 192.0.2.50:9000 in an empty
 * network namespace; the datagram must be exactly "ping". */
#include "sample_net.h"

#include <stdio.h>
#include <string.h>

int main(void) {
  if (sample_net_init() != 0) return 1;
  sample_socket_t fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd == SAMPLE_BAD_SOCKET) return 1;
  struct sockaddr_in to;
  memset(&to, 0, sizeof to);
  to.sin_family = AF_INET;
  to.sin_port = htons(9000);
  inet_pton(AF_INET, "192.0.2.50", &to.sin_addr);
  static const char kPing[] = "ping";
  long sent = (long)sendto(fd, kPing, sizeof kPing - 1, 0, (const struct sockaddr*)&to, sizeof to);
  printf("sample: sendto 192.0.2.50:9000 %s\n", sent == 4 ? "sent" : "failed (offline)");
  sample_close_socket(fd);
  return 0;
}
