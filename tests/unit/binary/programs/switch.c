/* A dense switch that compilers dispatch through a jump table: the case
 * blocks are reached only through the table. Case 3 reads the host name and
 * sends it; every case calls an import of its own. Only compiled and
 * analysed, never run. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef _WIN32
#include <winsock2.h>
#define getppid getpid
#define getuid getpid
#define getgid getpid
#define geteuid getpid
#define getpgrp getpid
#define alarm(s) (Sleep(s), 0)
#else
#include <sys/socket.h>
#endif

#define KEEP __attribute__((noinline, noipa))

KEEP intptr_t dispatch(int op, int fd, char* out) {
  char host[64];
  intptr_t r = 0;
  switch (op) {
    case 0:
      r = (intptr_t)getpid();
      break;
    case 1:
      r = (intptr_t)getenv(out);
      break;
    case 2:
      r = (intptr_t)time(NULL);
      break;
    case 3:
      gethostname(host, sizeof host);
      r = (intptr_t)send(fd, host, strlen(host), 0);
      break;
    case 4:
      r = (intptr_t)rand();
      break;
    case 5:
      r = (intptr_t)puts(out);
      break;
    case 6:
      r = (intptr_t)usleep(10);
      break;
    case 7:
      r = (intptr_t)atoi(out);
      break;
    case 8:
      r = (intptr_t)close(fd);
      break;
    case 9:
      r = (intptr_t)getppid();
      break;
    case 10:
      r = (intptr_t)getuid();
      break;
    case 11:
      r = (intptr_t)getgid();
      break;
    case 12:
      r = (intptr_t)sleep(1);
      break;
    case 13:
      r = (intptr_t)dup(fd);
      break;
    case 14:
      r = (intptr_t)alarm(2);
      break;
    case 15:
      r = (intptr_t)strtol(out, NULL, 16);
      break;
    case 16:
      r = (intptr_t)getpgrp();
      break;
    case 17:
      r = (intptr_t)geteuid();
      break;
    default:
      break;
  }
  return r + 1;
}

int main(int argc, char** argv) { return (int)dispatch(argc, 3, argv[0]); }
