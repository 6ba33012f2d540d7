// The Windows side of descriptors.c (issue 11 items 1 and 5), built with
// mingw-w64 -O2: the computer name goes to a file (CreateFileA/WriteFile),
// a stream (fopen/fprintf), the console (GetStdHandle/WriteFile) and, once,
// to a Winsock socket through WriteFile (WSASocketA); a disk's identity read
// with DeviceIoControl(IOCTL_STORAGE_QUERY_PROPERTY) is sent with send; the
// drive geometry (IOCTL_DISK_GET_DRIVE_GEOMETRY, configuration) is sent too
// but is no source. Expected paths: GetComputerNameA -> WriteFile and
// DeviceIoControl -> send, nothing else. Never run by the tests.
// winsock2.h before windows.h (which would pull in the old winsock.h).
#include <winsock2.h>
// (a separate block, so include sorting keeps the order)
#include <windows.h>
#include <winioctl.h>

#include <stdio.h>
#include <string.h>

static char g_name[256];

static SOCKET udp_to_loopback(void) {
  SOCKET s = WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, 0);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9999)};
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  connect(s, (struct sockaddr*)&to, sizeof to);
  return s;
}

__attribute__((noinline)) static void save_to_file(void) {
  HANDLE h =
      CreateFileA("save.dat", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  if (h == INVALID_HANDLE_VALUE) return;
  DWORD written = 0;
  WriteFile(h, g_name, (DWORD)strlen(g_name), &written, NULL);
  CloseHandle(h);
}

__attribute__((noinline)) static void save_to_stream(void) {
  FILE* f = fopen("save.txt", "w");
  if (!f) return;
  fprintf(f, "name=%s\n", g_name);
  fclose(f);
}

__attribute__((noinline)) static void show(void) {
  DWORD written = 0;
  WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), g_name, (DWORD)strlen(g_name), &written, NULL);
  fprintf(stderr, "host %s\n", g_name);
}

__attribute__((noinline)) static void send_name(void) {
  SOCKET s = udp_to_loopback();
  DWORD written = 0;
  WriteFile((HANDLE)s, g_name, (DWORD)strlen(g_name), &written, NULL);
  closesocket(s);
}

// Inlined into each caller, so each DeviceIoControl call has its control
// code as a constant (a code only a parameter holds is no source).
__attribute__((always_inline)) static inline void send_disk(DWORD code) {
  HANDLE disk = CreateFileA("\\\\.\\PhysicalDrive0", 0, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                            OPEN_EXISTING, 0, NULL);
  if (disk == INVALID_HANDLE_VALUE) return;
  STORAGE_PROPERTY_QUERY query = {StorageDeviceProperty, PropertyStandardQuery, {0}};
  char out[1024];
  DWORD got = 0;
  if (DeviceIoControl(disk, code, &query, sizeof query, out, sizeof out, &got, NULL)) {
    SOCKET s = udp_to_loopback();
    send(s, out, (int)got, 0);
    closesocket(s);
  }
  CloseHandle(disk);
}

__attribute__((noinline)) static void send_disk_identity(void) {
  send_disk(IOCTL_STORAGE_QUERY_PROPERTY);
}

__attribute__((noinline)) static void send_disk_geometry(void) {
  send_disk(IOCTL_DISK_GET_DRIVE_GEOMETRY);
}

int main(void) {
  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
  DWORD size = sizeof g_name;
  if (!GetComputerNameA(g_name, &size)) return 1;
  save_to_file();
  save_to_stream();
  show();
  send_name();
  send_disk_identity();
  send_disk_geometry();
  return 0;
}
