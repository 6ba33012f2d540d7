/* Mock GDK runtime: one default user that is always signed in silently. */
#define MOCK_SDK_BUILDING 1
#include <gdk/XSystem.h>
#include <gdk/XUser.h>

#include <string.h>

struct XUser {
  uint64_t xuid;
  const char* gamertag;
};

static struct XUser g_default_user = {2533274800000042ULL, "MockGamer42"};

static HRESULT copy_text(const char* text, size_t size, char* out, size_t* used) {
  size_t needed = strlen(text) + 1;
  if (out == NULL || size < needed) return E_INVALIDARG;
  memcpy(out, text, needed);
  if (used != NULL) *used = needed;
  return S_OK;
}

HRESULT XAsyncGetStatus(XAsyncBlock* asyncBlock, bool wait) {
  (void)wait;
  return asyncBlock != NULL ? S_OK : E_INVALIDARG;
}

HRESULT XUserAddAsync(XUserAddOptions options, XAsyncBlock* async) {
  (void)options;
  if (async == NULL) return E_INVALIDARG;
  if (async->callback != NULL) async->callback(async);
  return S_OK;
}

HRESULT XUserAddResult(XAsyncBlock* async, XUserHandle* newUser) {
  if (async == NULL || newUser == NULL) return E_INVALIDARG;
  *newUser = &g_default_user;
  return S_OK;
}

void XUserCloseHandle(XUserHandle user) {
  (void)user;
}

HRESULT XUserGetId(XUserHandle user, uint64_t* userId) {
  if (user == NULL || userId == NULL) return E_INVALIDARG;
  *userId = user->xuid;
  return S_OK;
}

HRESULT XUserGetGamertag(XUserHandle user, XUserGamertagComponent gamertagComponent,
                         size_t gamertagSize, char* gamertag, size_t* gamertagUsed) {
  (void)gamertagComponent;
  if (user == NULL) return E_INVALIDARG;
  return copy_text(user->gamertag, gamertagSize, gamertag, gamertagUsed);
}

HRESULT XSystemGetConsoleId(size_t consoleIdSize, char* consoleId, size_t* consoleIdUsed) {
  return copy_text("MOCK.CONSOLE.0001", consoleIdSize, consoleId, consoleIdUsed);
}
