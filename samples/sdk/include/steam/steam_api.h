/* Mock Steamworks: the C++ interfaces (ISteamUser, ISteamFriends, CSteamID)
 * with the real method names and virtual-slot order, the older exported
 * accessors SteamUser()/SteamFriends() (S_API, i.e. extern "C"), the
 * version-string accessors SteamInternal_FindOrCreateUserInterface and
 * SteamInternal_CreateInterface of steam_api_internal.h, and the flat
 * C API (SteamAPI_SteamUser_v023, SteamAPI_ISteamUser_GetSteamID, ...) as in
 * steam_api_flat.h. Reference: https://partner.steamgames.com/doc/api/ISteamUser
 * The mock user is Steam ID 76561198000000042, persona "MockPersona"; two
 * friends, 76561198000000101 "MockFriendA" and 76561198000000102 "MockFriendB". */
#ifndef CORDON_MOCK_STEAM_API_H
#define CORDON_MOCK_STEAM_API_H

#include <stdint.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

#include "../mock_export.h"

typedef uint64_t uint64;
typedef uint64_t uint64_steamid;
typedef int32_t HSteamUser;

#ifdef __cplusplus
class CSteamID {
 public:
  CSteamID() : m_steamid(0) {}
  explicit CSteamID(uint64 steamid) : m_steamid(steamid) {}
  uint64 ConvertToUint64() const { return m_steamid; }
  uint32_t GetAccountID() const { return static_cast<uint32_t>(m_steamid); }

 private:
  uint64 m_steamid;
};

/* The first virtual slots in the order of the real isteamuser.h. */
class ISteamUser {
 public:
  virtual HSteamUser GetHSteamUser() = 0;
  virtual bool BLoggedOn() = 0;
  virtual CSteamID GetSteamID() = 0;
};

/* The first virtual slots in the order of the real isteamfriends.h
 * (SteamFriends018). */
class ISteamFriends {
 public:
  virtual const char* GetPersonaName() = 0;
  virtual int GetPersonaState() = 0;
  virtual int GetFriendCount(int iFriendFlags) = 0;
  virtual CSteamID GetFriendByIndex(int iFriend, int iFriendFlags) = 0;
  virtual int GetFriendRelationship(CSteamID steamIDFriend) = 0;
  virtual int GetFriendPersonaState(CSteamID steamIDFriend) = 0;
  virtual const char* GetFriendPersonaName(CSteamID steamIDFriend) = 0;
};
#else
typedef struct ISteamUser ISteamUser;
typedef struct ISteamFriends ISteamFriends;
#endif

MOCK_BEGIN_C
MOCK_API bool SteamAPI_Init(void);
MOCK_API void SteamAPI_Shutdown(void);
MOCK_API ISteamUser* SteamUser(void);
MOCK_API ISteamFriends* SteamFriends(void);
MOCK_API ISteamUser* SteamAPI_SteamUser_v023(void);
MOCK_API ISteamFriends* SteamAPI_SteamFriends_v018(void);
MOCK_API uint64_steamid SteamAPI_ISteamUser_GetSteamID(ISteamUser* self);
/* What the current SDK's inline accessors call (steam_api_internal.h): the
 * interface is named by its version string. */
MOCK_API HSteamUser SteamAPI_GetHSteamUser(void);
MOCK_API void* SteamInternal_FindOrCreateUserInterface(HSteamUser hSteamUser,
                                                       const char* pszVersion);
MOCK_API void* SteamInternal_CreateInterface(const char* ver);
/* The per-module cache the inline accessors of SDK 1.44+ read through
 * (STEAM_DEFINE_INTERFACE_ACCESSOR): the context is
 * struct { void (*pFn)(void* pCtx); uintptr_t counter; void* ptr; }; on first
 * use pFn fills ptr; the return value points to ptr. */
MOCK_API void* SteamInternal_ContextInit(void* pContextInitData);
MOCK_API const char* SteamAPI_ISteamFriends_GetPersonaName(ISteamFriends* self);
MOCK_END_C

#endif
