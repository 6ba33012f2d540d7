/* win32_compat.h: the Windows APIs the Windows-flavoured sample titles call
 * (WinHTTP, GetComputerNameA, GetAdaptersInfo), so one source builds as every
 * variant. The PE builds include the real Windows headers and import the
 * real DLLs (winhttp.dll, kernel32.dll, iphlpapi.dll); the Linux builds get
 * the same names and shapes from a mock library (sdk/src/win32.c, libwinapi)
 * that prints what it would send. UTF-16 literals are written SAMPLE_W("...")
 * (L"..." on Windows, u"..." elsewhere: UTF-16 in both).
 * References: https://learn.microsoft.com/en-us/windows/win32/api/winhttp/ and
 * https://learn.microsoft.com/en-us/windows/win32/api/iphlpapi/nf-iphlpapi-getadaptersinfo */
#ifndef CORDON_MOCK_WIN32_COMPAT_H
#define CORDON_MOCK_WIN32_COMPAT_H

#if defined(_WIN32)
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0A00
#endif
#include <winsock2.h>
#include <windows.h>
#include <iphlpapi.h>
#include <winhttp.h>
#define SAMPLE_W(text) L##text
typedef WCHAR sample_wchar;
#else
#include <stddef.h>
#include <stdint.h>
#include <uchar.h>

#include "../mock_export.h"

#define SAMPLE_W(text) u##text
typedef char16_t sample_wchar;
typedef char16_t WCHAR;
typedef const WCHAR* LPCWSTR;
typedef uint32_t DWORD;
typedef DWORD* LPDWORD;
typedef unsigned long ULONG;
typedef ULONG* PULONG;
typedef int BOOL;
typedef uint16_t INTERNET_PORT;
typedef void* HINTERNET;
typedef void* LPVOID;
typedef char* LPSTR;
typedef uintptr_t DWORD_PTR;
typedef unsigned char BYTE;

#define TRUE 1
#define FALSE 0
#define ERROR_SUCCESS 0
#define MAX_ADAPTER_ADDRESS_LENGTH 8
#define WINHTTP_ACCESS_TYPE_DEFAULT_PROXY 0
#define WINHTTP_NO_PROXY_NAME NULL
#define WINHTTP_NO_PROXY_BYPASS NULL
#define WINHTTP_NO_REFERER NULL
#define WINHTTP_DEFAULT_ACCEPT_TYPES NULL
#define WINHTTP_FLAG_SECURE 0x00800000
#define INTERNET_DEFAULT_HTTPS_PORT 443

/* The fields a title reads, in their Windows order (the mock's own layout). */
typedef struct _IP_ADAPTER_INFO {
  struct _IP_ADAPTER_INFO* Next;
  DWORD ComboIndex;
  char AdapterName[260];
  char Description[132];
  unsigned AddressLength;
  BYTE Address[MAX_ADAPTER_ADDRESS_LENGTH];
  DWORD Index;
} IP_ADAPTER_INFO, *PIP_ADAPTER_INFO;

MOCK_BEGIN_C
MOCK_API BOOL GetComputerNameA(LPSTR buffer, LPDWORD size);
MOCK_API ULONG GetAdaptersInfo(PIP_ADAPTER_INFO info, PULONG size);
MOCK_API HINTERNET WinHttpOpen(LPCWSTR agent, DWORD access, LPCWSTR proxy, LPCWSTR bypass,
                               DWORD flags);
MOCK_API HINTERNET WinHttpConnect(HINTERNET session, LPCWSTR server, INTERNET_PORT port,
                                  DWORD reserved);
MOCK_API HINTERNET WinHttpOpenRequest(HINTERNET connect, LPCWSTR verb, LPCWSTR object,
                                      LPCWSTR version, LPCWSTR referrer, LPCWSTR* accept_types,
                                      DWORD flags);
MOCK_API BOOL WinHttpSendRequest(HINTERNET request, LPCWSTR headers, DWORD headers_length,
                                 LPVOID optional, DWORD optional_length, DWORD total_length,
                                 DWORD_PTR context);
MOCK_API BOOL WinHttpWriteData(HINTERNET request, const void* buffer, DWORD length,
                               LPDWORD written);
MOCK_API BOOL WinHttpReceiveResponse(HINTERNET request, LPVOID reserved);
MOCK_API BOOL WinHttpCloseHandle(HINTERNET handle);
MOCK_END_C
#endif

#endif
