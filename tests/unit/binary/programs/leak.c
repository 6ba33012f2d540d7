/* A tiny title for the binary front end's tests: leak_it sends the host
 * name to a UDP socket; send_url hands a URL string to curl_easy_setopt
 * (declared here and provided by a stub library, no real libcurl). It is
 * only compiled and analysed, never run. */
#include <string.h>
#ifdef _WIN32
#include <winsock2.h>
#define EXPORT __declspec(dllimport)
#else
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#define EXPORT
#endif

typedef void CURL;
EXPORT int curl_easy_setopt(CURL* curl, int option, ...);
EXPORT CURL* curl_easy_init(void);

int send_url(void) {
  CURL* curl = curl_easy_init();
  return curl_easy_setopt(curl, 10002, "https://telemetry.example.com/upload");
}

int leak_it(int fd) {
  char host[64];
  struct sockaddr_in to;
  memset(&to, 0, sizeof to);
  gethostname(host, sizeof host);
  return (int)sendto(fd, host, (int)strlen(host), 0, (struct sockaddr*)&to, sizeof to);
}

int main(void) {
  send_url();
  return leak_it(3);
}
