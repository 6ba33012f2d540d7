/* Mock EOS SDK: one platform, one Connect interface, one logged-in user. */
#define MOCK_SDK_BUILDING 1
#include <eos/eos_sdk.h>

#include <stddef.h>
#include <string.h>

struct EOS_PlatformHandle {
  int unused;
};
struct EOS_ConnectHandle {
  int unused;
};
struct EOS_ProductUserIdDetails {
  const char* text;
};

static struct EOS_PlatformHandle g_platform;
static struct EOS_ConnectHandle g_connect;
static struct EOS_ProductUserIdDetails g_user = {"0002b1c5e7a84f0d9e3c2a1b4d5e6f70"};

EOS_HPlatform EOS_Platform_Create(const EOS_Platform_Options* Options) {
  return Options != NULL ? &g_platform : NULL;
}

void EOS_Platform_Release(EOS_HPlatform Handle) {
  (void)Handle;
}

EOS_HConnect EOS_Platform_GetConnectInterface(EOS_HPlatform Handle) {
  return Handle != NULL ? &g_connect : NULL;
}

int32_t EOS_Connect_GetLoggedInUsersCount(EOS_HConnect Handle) {
  return Handle != NULL ? 1 : 0;
}

EOS_ProductUserId EOS_Connect_GetLoggedInUserByIndex(EOS_HConnect Handle, int32_t Index) {
  return Handle != NULL && Index == 0 ? &g_user : NULL;
}

EOS_EResult EOS_ProductUserId_ToString(EOS_ProductUserId AccountId, char* OutBuffer,
                                       int32_t* InOutBufferLength) {
  if (AccountId == NULL || OutBuffer == NULL || InOutBufferLength == NULL)
    return EOS_InvalidParameters;
  int32_t needed = (int32_t)strlen(AccountId->text) + 1;
  if (*InOutBufferLength < needed) {
    *InOutBufferLength = needed;
    return EOS_LimitExceeded;
  }
  memcpy(OutBuffer, AccountId->text, (size_t)needed);
  *InOutBufferLength = needed;
  return EOS_Success;
}
