// Mock GameAnalytics C++ SDK (GA-SDK-CPP GameAnalytics.h): the static
// gameanalytics::GameAnalytics API, so calls mangle as they do against the
// real SDK. addDesignEvent prints the event instead of queueing it for
// https://api.gameanalytics.com ("mock-gameanalytics: addDesignEvent ...").
#ifndef CORDON_MOCK_GAMEANALYTICS_H
#define CORDON_MOCK_GAMEANALYTICS_H

#include <string>

#include "../mock_export.h"

namespace gameanalytics {

class MOCK_API GameAnalytics {
 public:
  static void configureBuild(const std::string& build);
  static void configureUserId(const char* uId);
  static void initialize(const std::string& gameKey, const std::string& gameSecret);
  static void addDesignEvent(const std::string& eventId);
  static void onQuit();
};

}  // namespace gameanalytics

#endif
