/* Mock of the Windows APIs of win32_compat.h for the Linux builds of the
 * Windows-flavoured samples: a fixed computer name and MAC, and a WinHTTP
 * that prints each request instead of sending it (no socket, no DNS).
 * Computer name MOCK-PC-7, MAC 02:00:5e:10:00:02. */
#define MOCK_SDK_BUILDING 1
#include "win32/win32_compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mock_handle {
  char server[256];
  char object[256];
};

/* UTF-16 to ASCII ('?' for anything else), NUL-terminated. */
static void narrow(const WCHAR* in, char* out, size_t size) {
  size_t i = 0;
  for (; in != NULL && in[i] != 0 && i + 1 < size; ++i) {
    out[i] = in[i] < 0x80 ? (char)in[i] : '?';
  }
  out[i] = '\0';
}

BOOL GetComputerNameA(LPSTR buffer, LPDWORD size) {
  static const char kName[] = "MOCK-PC-7";
  if (buffer == NULL || size == NULL || *size < sizeof kName) return FALSE;
  memcpy(buffer, kName, sizeof kName);
  *size = (DWORD)(sizeof kName - 1);
  return TRUE;
}

ULONG GetAdaptersInfo(PIP_ADAPTER_INFO info, PULONG size) {
  static const BYTE kMac[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x02};
  if (info == NULL || size == NULL || *size < sizeof *info) return 111; /* ERROR_BUFFER_OVERFLOW */
  memset(info, 0, sizeof *info);
  strcpy(info->AdapterName, "{MOCK-ADAPTER}");
  info->AddressLength = 6;
  memcpy(info->Address, kMac, sizeof kMac);
  return ERROR_SUCCESS;
}

HINTERNET WinHttpOpen(LPCWSTR agent, DWORD access, LPCWSTR proxy, LPCWSTR bypass, DWORD flags) {
  (void)agent, (void)access, (void)proxy, (void)bypass, (void)flags;
  return calloc(1, sizeof(struct mock_handle));
}

HINTERNET WinHttpConnect(HINTERNET session, LPCWSTR server, INTERNET_PORT port, DWORD reserved) {
  (void)port, (void)reserved;
  if (session == NULL) return NULL;
  struct mock_handle* h = calloc(1, sizeof *h);
  if (h != NULL) narrow(server, h->server, sizeof h->server);
  return h;
}

HINTERNET WinHttpOpenRequest(HINTERNET connect, LPCWSTR verb, LPCWSTR object, LPCWSTR version,
                             LPCWSTR referrer, LPCWSTR* accept_types, DWORD flags) {
  (void)verb, (void)version, (void)referrer, (void)accept_types, (void)flags;
  if (connect == NULL) return NULL;
  struct mock_handle* h = calloc(1, sizeof *h);
  if (h == NULL) return NULL;
  memcpy(h->server, ((struct mock_handle*)connect)->server, sizeof h->server);
  narrow(object, h->object, sizeof h->object);
  return h;
}

BOOL WinHttpSendRequest(HINTERNET request, LPCWSTR headers, DWORD headers_length, LPVOID optional,
                        DWORD optional_length, DWORD total_length, DWORD_PTR context) {
  (void)headers_length, (void)total_length, (void)context;
  const struct mock_handle* h = request;
  if (h == NULL) return FALSE;
  char text[512];
  narrow(headers, text, sizeof text);
  printf("mock-winhttp: send https://%s%s headers=%s body=%.*s\n", h->server, h->object,
         headers != NULL ? text : "-", (int)optional_length,
         optional != NULL ? (const char*)optional : "");
  return TRUE;
}

BOOL WinHttpWriteData(HINTERNET request, const void* buffer, DWORD length, LPDWORD written) {
  const struct mock_handle* h = request;
  if (h == NULL || buffer == NULL) return FALSE;
  printf("mock-winhttp: write https://%s%s data=%.*s\n", h->server, h->object, (int)length,
         (const char*)buffer);
  if (written != NULL) *written = length;
  return TRUE;
}

BOOL WinHttpReceiveResponse(HINTERNET request, LPVOID reserved) {
  (void)reserved;
  return request != NULL;
}

BOOL WinHttpCloseHandle(HINTERNET handle) {
  free(handle);
  return TRUE;
}
