// Where a descriptor goes and which ioctl request reads a MAC address (issue
// 11 items 1 and 5), on compiled code with the shipped rule packs. The host
// name goes to a file (open/write), a stream (fopen/fprintf), the terminal
// (write(1), fprintf(stderr)) and, once, to a socket (send); a MAC address
// read with ioctl(SIOCGIFHWADDR) is written to a connected UDP socket with
// write(2); an ioctl with another request (SIOCGIFMTU) reads no source.
// Expected paths: gethostname -> send and ioctl -> write, nothing else.
// Never run by the tests (only scanned).
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static char g_name[256];

static int udp_to_loopback(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9999)};
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  connect(s, (struct sockaddr*)&to, sizeof to);
  return s;
}

__attribute__((noinline)) static void save_to_file(void) {
  int fd = open("save.dat", O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return;
  write(fd, g_name, strlen(g_name));
  close(fd);
}

__attribute__((noinline)) static void save_to_stream(void) {
  FILE* f = fopen("save.txt", "w");
  if (!f) return;
  fprintf(f, "name=%s\n", g_name);
  fclose(f);
}

__attribute__((noinline)) static void show(void) {
  write(1, g_name, strlen(g_name));
  fprintf(stderr, "host %s\n", g_name);
}

__attribute__((noinline)) static void send_name(void) {
  int s = udp_to_loopback();
  send(s, g_name, strlen(g_name), 0);
  close(s);
}

__attribute__((noinline)) static void send_mac(void) {
  int s = udp_to_loopback();
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strcpy(ifr.ifr_name, "eth0");
  if (ioctl(s, SIOCGIFHWADDR, &ifr) == 0) write(s, ifr.ifr_hwaddr.sa_data, 6);
  close(s);
}

__attribute__((noinline)) static void send_mtu(void) {
  int s = udp_to_loopback();
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strcpy(ifr.ifr_name, "eth0");
  if (ioctl(s, SIOCGIFMTU, &ifr) == 0) write(s, &ifr.ifr_mtu, sizeof ifr.ifr_mtu);
  close(s);
}

int main(void) {
  if (gethostname(g_name, sizeof g_name) != 0) return 1;
  save_to_file();
  save_to_stream();
  show();
  send_name();
  send_mac();
  send_mtu();
  return 0;
}
