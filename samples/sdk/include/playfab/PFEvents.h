/* Mock PlayFab Services C SDK: PFEventsWriteEventsAsync with the documented
 * parameter shapes (entity handle, request, XAsyncBlock). Prints
 * "mock-playfab: PFEventsWriteEventsAsync ..." instead of uploading. */
#ifndef CORDON_MOCK_PLAYFAB_PFEVENTS_H
#define CORDON_MOCK_PLAYFAB_PFEVENTS_H

#include <stdint.h>

#include "../gdk/XAsync.h"

typedef struct PFEntity* PFEntityHandle;

typedef struct PFEventsEventContents {
  const char* eventNamespace;
  const char* name;
  const char* payloadJSON;
} PFEventsEventContents;

typedef struct PFEventsWriteEventsRequest {
  PFEventsEventContents const* const* events;
  uint32_t eventsCount;
} PFEventsWriteEventsRequest;

MOCK_BEGIN_C
MOCK_API HRESULT PFEventsWriteEventsAsync(PFEntityHandle entityHandle,
                                          const PFEventsWriteEventsRequest* request,
                                          XAsyncBlock* async);
MOCK_END_C

#endif
