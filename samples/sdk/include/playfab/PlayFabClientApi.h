// Mock PlayFab XPlatCppSdk: PlayFabClientAPI::WritePlayerEvent and
// PlayFabEventsAPI::WriteEvents with the real parameter shapes (request by
// reference, std::function callbacks), so their mangled names match the
// real SDK's. The request models are trimmed to the fields a sample needs
// (the real Body is a Json::Value). Calls print "mock-playfab: ..." instead
// of posting to https://{titleId}.playfabapi.com.
#ifndef CORDON_MOCK_PLAYFAB_CLIENT_API_H
#define CORDON_MOCK_PLAYFAB_CLIENT_API_H

#include <functional>
#include <list>
#include <map>
#include <string>

#include "../mock_export.h"

namespace PlayFab {

struct PlayFabError {
  int HttpCode = 0;
  std::string ErrorMessage;
};

template <typename ResType>
using ProcessApiCallback = std::function<void(const ResType& result, void* customData)>;
using ErrorCallback = std::function<void(const PlayFabError& error, void* customData)>;

namespace ClientModels {
struct WriteClientPlayerEventRequest {
  std::map<std::string, std::string> Body;
  std::string EventName;
};
struct WriteEventResponse {
  std::string EventId;
};
}  // namespace ClientModels

namespace EventsModels {
struct EventContents {
  std::string EventNamespace;
  std::string Name;
  std::string PayloadJSON;
};
struct WriteEventsRequest {
  std::list<EventContents> Events;
};
struct WriteEventsResponse {
  std::list<std::string> AssignedEventIds;
};
}  // namespace EventsModels

class MOCK_API PlayFabClientAPI {
 public:
  static void WritePlayerEvent(ClientModels::WriteClientPlayerEventRequest& request,
                               const ProcessApiCallback<ClientModels::WriteEventResponse> callback,
                               const ErrorCallback errorCallback = nullptr,
                               void* customData = nullptr);
};

class MOCK_API PlayFabEventsAPI {
 public:
  static void WriteEvents(EventsModels::WriteEventsRequest& request,
                          const ProcessApiCallback<EventsModels::WriteEventsResponse> callback,
                          const ErrorCallback errorCallback = nullptr, void* customData = nullptr);
};

}  // namespace PlayFab

#endif
