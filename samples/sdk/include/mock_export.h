/* mock_export.h: how the mock SDKs mark their public API.
 *
 * The real SDKs export plain C names (libcurl, Steamworks flat API, GDK, EOS,
 * Sentry, the PlayStation system libraries) or Itanium/MSVC-mangled C++ names
 * (Steamworks interfaces, PlayFab, GameAnalytics). The mocks do the same, so a
 * sample binary imports exactly the names a title built against the real SDK
 * would import. On Windows the headers say dllimport, like the real ones, so a
 * PE sample calls through its import address table. */
#ifndef CORDON_MOCK_EXPORT_H
#define CORDON_MOCK_EXPORT_H

#if defined(_WIN32)
#if defined(MOCK_SDK_BUILDING)
#define MOCK_API __declspec(dllexport)
#else
#define MOCK_API __declspec(dllimport)
#endif
#else
#define MOCK_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
#define MOCK_EXTERN_C extern "C"
#define MOCK_BEGIN_C extern "C" {
#define MOCK_END_C }
#else
#define MOCK_EXTERN_C
#define MOCK_BEGIN_C
#define MOCK_END_C
#endif

#endif
