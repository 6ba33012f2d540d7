/* WinINet as the MinGW-w64 headers declare it: apart from winhttp.h, whose
 * declarations clash with it in one translation unit. */
#include <windows.h>
#include <wininet.h>
