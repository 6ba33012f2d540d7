/* Mock libSceUserService: one fixed local user. */
#define MOCK_SDK_BUILDING 1
#include <orbis/UserService.h>

#include <stdio.h>

#define MOCK_INITIAL_USER 0x10000001

int32_t sceUserServiceInitialize(const void* params) {
  (void)params;
  return 0;
}

int32_t sceUserServiceGetInitialUser(int32_t* userId) {
  if (userId == NULL) return -1;
  *userId = MOCK_INITIAL_USER;
  return 0;
}

int32_t sceUserServiceGetUserName(int32_t userId, char* userName, const size_t size) {
  if (userId != MOCK_INITIAL_USER || userName == NULL || size == 0) return -1;
  snprintf(userName, size, "%s", "MockPSNUser");
  return 0;
}
