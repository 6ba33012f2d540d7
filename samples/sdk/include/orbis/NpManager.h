/* Mock PlayStation Network manager: names of OpenOrbis'
 * include/orbis/NpManager.h (PS4 libSceNpManager exports). OpenOrbis stubs
 * sceNpGetAccountId; the shape here (user id in, 64-bit account id out) is
 * the documented NP account id. The mock account id is 1311768467294899695
 * (0x1234567890abcdef), the online id "MockOnlineId". */
#ifndef CORDON_MOCK_ORBIS_NPMANAGER_H
#define CORDON_MOCK_ORBIS_NPMANAGER_H

#include <stdint.h>

#include "../mock_export.h"

typedef struct OrbisNpOnlineId {
  char data[16];
  char term;
  char dummy[3];
} OrbisNpOnlineId;

MOCK_BEGIN_C
MOCK_API int32_t sceNpGetAccountId(int32_t userId, uint64_t* accountId);
MOCK_API int32_t sceNpGetOnlineId(int32_t userId, OrbisNpOnlineId* onlineId);
MOCK_END_C

#endif
