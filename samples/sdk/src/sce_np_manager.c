/* Mock libSceNpManager: the fixed user's PSN account id and online id. */
#define MOCK_SDK_BUILDING 1
#include <orbis/NpManager.h>

#include <stddef.h>
#include <string.h>

int32_t sceNpGetAccountId(int32_t userId, uint64_t* accountId) {
  if (userId != 0x10000001 || accountId == NULL) return -1;
  *accountId = 0x1234567890abcdefULL;
  return 0;
}

int32_t sceNpGetOnlineId(int32_t userId, OrbisNpOnlineId* onlineId) {
  if (userId != 0x10000001 || onlineId == NULL) return -1;
  memset(onlineId, 0, sizeof(*onlineId));
  memcpy(onlineId->data, "MockOnlineId", strlen("MockOnlineId"));
  return 0;
}
