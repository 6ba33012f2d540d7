/* Mock Epic Online Services: the platform and Connect calls a title uses to
 * read its signed-in Product User ID, named and typed as in eos_sdk.h,
 * eos_connect.h and eos_common.h (EOS SDK 1.14).
 * The mock user is PUID "0002b1c5e7a84f0d9e3c2a1b4d5e6f70". */
#ifndef CORDON_MOCK_EOS_SDK_H
#define CORDON_MOCK_EOS_SDK_H

#include <stdint.h>

#include "../mock_export.h"

#define EOS_PRODUCTUSERID_MAX_LENGTH 32

typedef struct EOS_PlatformHandle* EOS_HPlatform;
typedef struct EOS_ConnectHandle* EOS_HConnect;
typedef struct EOS_ProductUserIdDetails* EOS_ProductUserId;

typedef enum EOS_EResult {
  EOS_Success = 0,
  EOS_InvalidParameters = 10,
  EOS_NotFound = 18,
  EOS_LimitExceeded = 22
} EOS_EResult;

typedef struct EOS_Platform_Options {
  int32_t ApiVersion;
  const char* ProductId;
  const char* SandboxId;
  const char* DeploymentId;
} EOS_Platform_Options;

MOCK_BEGIN_C
MOCK_API EOS_HPlatform EOS_Platform_Create(const EOS_Platform_Options* Options);
MOCK_API void EOS_Platform_Release(EOS_HPlatform Handle);
MOCK_API EOS_HConnect EOS_Platform_GetConnectInterface(EOS_HPlatform Handle);
MOCK_API int32_t EOS_Connect_GetLoggedInUsersCount(EOS_HConnect Handle);
MOCK_API EOS_ProductUserId EOS_Connect_GetLoggedInUserByIndex(EOS_HConnect Handle, int32_t Index);
MOCK_API EOS_EResult EOS_ProductUserId_ToString(EOS_ProductUserId AccountId, char* OutBuffer,
                                                int32_t* InOutBufferLength);
MOCK_END_C

#endif
