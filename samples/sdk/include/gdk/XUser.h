/* Mock GDK XUser.h: XUserAddAsync/XUserAddResult to sign in the default user,
 * XUserGetId (the XUID) and XUserGetGamertag, with the documented signatures.
 * Reference:
 * https://learn.microsoft.com/gaming/gdk/_content/gc/reference/system/xuser/xuser_members The mock
 * user is XUID 2533274800000042, gamertag "MockGamer42". */
#ifndef CORDON_MOCK_GDK_XUSER_H
#define CORDON_MOCK_GDK_XUSER_H

#include <stddef.h>
#include <stdint.h>

#include "XAsync.h"

typedef struct XUser* XUserHandle;

#define XUserGamertagComponentClassicMaxBytes 16
#define XUserGamertagComponentModernMaxBytes 97

#ifdef __cplusplus
enum class XUserAddOptions : uint32_t { None = 0x00, AddDefaultUserSilently = 0x01 };
enum class XUserGamertagComponent : uint32_t {
  Classic = 0,
  Modern = 1,
  ModernSuffix = 2,
  UniqueModern = 3
};
#else
/* C spelling of the GDK's C++ enum classes. */
typedef uint32_t XUserAddOptions;
#define XUserAddOptions_None 0u
#define XUserAddOptions_AddDefaultUserSilently 1u
typedef uint32_t XUserGamertagComponent;
#define XUserGamertagComponent_Classic 0u
#define XUserGamertagComponent_Modern 1u
#endif

MOCK_BEGIN_C
MOCK_API HRESULT XUserAddAsync(XUserAddOptions options, XAsyncBlock* async);
MOCK_API HRESULT XUserAddResult(XAsyncBlock* async, XUserHandle* newUser);
MOCK_API void XUserCloseHandle(XUserHandle user);
MOCK_API HRESULT XUserGetId(XUserHandle user, uint64_t* userId);
MOCK_API HRESULT XUserGetGamertag(XUserHandle user, XUserGamertagComponent gamertagComponent,
                                  size_t gamertagSize, char* gamertag, size_t* gamertagUsed);
MOCK_END_C

#endif
