/* sample_net.h: the few lines that differ between POSIX sockets and Winsock,
 * so each sample title reads the same on Linux and in its PE build.
 * Holds no data flow of its own: the titles call socket(), sendto(), send()
 * themselves, so those calls sit in the title's functions. */
#ifndef CORDON_SAMPLE_NET_H
#define CORDON_SAMPLE_NET_H

#include "sample_common.h"

#if defined(_WIN32)
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0A00
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
typedef SOCKET sample_socket_t;
#define SAMPLE_BAD_SOCKET INVALID_SOCKET
#define sample_close_socket closesocket
static inline int sample_net_init(void) {
  WSADATA data;
  return WSAStartup(MAKEWORD(2, 2), &data);
}
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
typedef int sample_socket_t;
#define SAMPLE_BAD_SOCKET (-1)
#define sample_close_socket close
static inline int sample_net_init(void) {
  return 0;
}
#endif

#endif
