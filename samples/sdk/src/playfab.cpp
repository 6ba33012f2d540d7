// Mock PlayFab: prints each event it would post and answers success at once.
#define MOCK_SDK_BUILDING 1
#include <playfab/PFEvents.h>
#include <playfab/PlayFabClientApi.h>

#include <cstdio>

namespace PlayFab {

void PlayFabClientAPI::WritePlayerEvent(
    ClientModels::WriteClientPlayerEventRequest& request,
    const ProcessApiCallback<ClientModels::WriteEventResponse> callback,
    const ErrorCallback errorCallback, void* customData) {
  (void)errorCallback;
  std::printf("mock-playfab: WritePlayerEvent name=%s body=", request.EventName.c_str());
  const char* separator = "";
  for (const auto& [key, value] : request.Body) {
    std::printf("%s%s=%s", separator, key.c_str(), value.c_str());
    separator = ",";
  }
  std::printf("\n");
  std::fflush(stdout);
  if (callback) callback(ClientModels::WriteEventResponse{"mock-event-1"}, customData);
}

void PlayFabEventsAPI::WriteEvents(
    EventsModels::WriteEventsRequest& request,
    const ProcessApiCallback<EventsModels::WriteEventsResponse> callback,
    const ErrorCallback errorCallback, void* customData) {
  (void)errorCallback;
  EventsModels::WriteEventsResponse response;
  for (const auto& event : request.Events) {
    std::printf("mock-playfab: WriteEvents name=%s.%s payload=%s\n", event.EventNamespace.c_str(),
                event.Name.c_str(), event.PayloadJSON.c_str());
    response.AssignedEventIds.push_back("mock-event");
  }
  std::fflush(stdout);
  if (callback) callback(response, customData);
}

}  // namespace PlayFab

HRESULT PFEventsWriteEventsAsync(PFEntityHandle entityHandle,
                                 const PFEventsWriteEventsRequest* request, XAsyncBlock* async) {
  (void)entityHandle;
  if (request == nullptr || async == nullptr) return E_INVALIDARG;
  for (uint32_t i = 0; i < request->eventsCount; ++i) {
    const PFEventsEventContents* event = request->events[i];
    std::printf("mock-playfab: PFEventsWriteEventsAsync name=%s.%s payload=%s\n",
                event->eventNamespace, event->name, event->payloadJSON);
  }
  std::fflush(stdout);
  if (async->callback != nullptr) async->callback(async);
  return S_OK;
}
