/* The Windows API as the MinGW-w64 headers declare it (mingw-w64-common,
 * installed with the cross compiler): Winsock, WinHTTP, crypto,
 * machine and user identity. WinINet conflicts with WinHTTP in one unit:
 * it has a set of its own (mingw-w64-wininet.c). */
#define WIN32_LEAN_AND_MEAN 1
#define SECURITY_WIN32 1
#define MINGW_HAS_SECURE_API 1
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <bcrypt.h>
#include <iphlpapi.h>
#include <lmcons.h>
#include <ncrypt.h>
#include <objbase.h>
#include <process.h>
#include <rpc.h>
#include <sddl.h>
#include <secext.h>
#include <shlobj.h>
#include <sspi.h>
#include <stdio.h>
#include <wincred.h>
#include <wincrypt.h>
#include <windns.h>
#include <winhttp.h>
#include <winreg.h>
#include <winternl.h>
#include <wtsapi32.h>
