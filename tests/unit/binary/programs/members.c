/* Members of an object a global points to: one function fills the host
 * name into one member, another sends a different member. Only compiled and
 * analysed, never run. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define KEEP __attribute__((noinline, noipa))

struct options {
  long port;
  char host[64];
  char motd[64];
};

struct options* opts;

KEEP void set_host(void) { gethostname(opts->host, sizeof opts->host); }

KEEP long greet(int fd) { return (long)send(fd, opts->motd, strlen(opts->motd), 0); }

int main(void) {
  opts = calloc(1, sizeof *opts);
  if (opts == NULL) return 1;
  strcpy(opts->motd, "welcome");
  set_host();
  return (int)greet(3);
}
