// Mock GameAnalytics: prints what the real SDK would upload.
#define MOCK_SDK_BUILDING 1
#include <gameanalytics/GameAnalytics.h>

#include <cstdio>

namespace gameanalytics {

void GameAnalytics::configureBuild(const std::string& build) {
  std::printf("mock-gameanalytics: configureBuild build=%s\n", build.c_str());
}

void GameAnalytics::configureUserId(const char* uId) {
  std::printf("mock-gameanalytics: configureUserId user_id=%s\n", uId != nullptr ? uId : "-");
}

void GameAnalytics::initialize(const std::string& gameKey, const std::string& gameSecret) {
  std::printf("mock-gameanalytics: initialize game_key=%s secret_bytes=%zu\n", gameKey.c_str(),
              gameSecret.size());
}

void GameAnalytics::addDesignEvent(const std::string& eventId) {
  std::printf("mock-gameanalytics: addDesignEvent event_id=%s\n", eventId.c_str());
  std::fflush(stdout);
}

void GameAnalytics::onQuit() {
  std::fflush(stdout);
}

}  // namespace gameanalytics
