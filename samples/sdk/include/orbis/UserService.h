/* Mock PlayStation user service: the prototypes of OpenOrbis'
 * include/orbis/UserService.h (PS4 libSceUserService exports).
 * The mock initial user is 268435457 (0x10000001), named "MockPSNUser". */
#ifndef CORDON_MOCK_ORBIS_USERSERVICE_H
#define CORDON_MOCK_ORBIS_USERSERVICE_H

#include <stddef.h>
#include <stdint.h>

#include "../mock_export.h"

MOCK_BEGIN_C
MOCK_API int32_t sceUserServiceInitialize(const void* params);
MOCK_API int32_t sceUserServiceGetInitialUser(int32_t* userId);
MOCK_API int32_t sceUserServiceGetUserName(int32_t userId, char* userName, const size_t size);
MOCK_END_C

#endif
