// steam_request_queue: sample title (q). LEAKY, C++, an object queued to a thread.
//
// What it does: reads the Steam persona name
// (SteamAPI_ISteamFriends_GetPersonaName), puts it into the body of a
// StatsRequest (a class with virtual methods, as HTTP request classes in
// engines are), queues the request to a worker std::thread, and the worker
// calls the request's virtual send(), which posts the body with libcurl to
// https://stats.example-telemetry.test/v1/player (made up). The same shape
// as SuperTuxKart's hardware report (docs/real-titles.md).
//
// What cordon must find: one exfiltration path, source
// SteamAPI_ISteamFriends_GetPersonaName (steam) to sink curl_easy_setopt
// (CURLOPT_POSTFIELDS) in StatsRequest::send, endpoint
// stats.example-telemetry.test (unknown vendor): high under zero-trust. In a
// binary, send() is reached only through the object's vtable, on another
// thread, after a queue.
//
// Running it: the mock curl prints the body
// "persona=MockPersona&event=session_start&".
#include <curl/curl.h>
#include <steam/steam_api.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace {

class Request {
 public:
  Request() = default;
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;
  virtual ~Request() = default;
  void add_field(const std::string& name, const std::string& value) {
    body_ += name + "=" + value + "&";
  }
  virtual bool send() = 0;

 protected:
  std::string body_;
};

class StatsRequest final : public Request {
 public:
  bool send() override {
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return false;
    curl_easy_setopt(curl, CURLOPT_URL, "https://stats.example-telemetry.test/v1/player");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body_.c_str());
    const bool sent = curl_easy_perform(curl) == CURLE_OK;
    curl_easy_cleanup(curl);
    return sent;
  }
};

// One worker thread sending queued requests in order; the destructor lets it
// drain the queue and joins it.
class RequestQueue {
 public:
  RequestQueue() : worker_([this] { run(); }) {}
  RequestQueue(const RequestQueue&) = delete;
  RequestQueue& operator=(const RequestQueue&) = delete;
  ~RequestQueue() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    ready_.notify_one();
    worker_.join();
  }
  void push(std::unique_ptr<Request> request) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(request));
    }
    ready_.notify_one();
  }

 private:
  void run() {
    for (;;) {
      std::unique_ptr<Request> request;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return done_ || !queue_.empty(); });
        if (queue_.empty()) return;
        request = std::move(queue_.front());
        queue_.pop_front();
      }
      request->send();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::unique_ptr<Request>> queue_;
  bool done_ = false;
  std::thread worker_;  // last: it starts once the members above exist
};

}  // namespace

int main() {
  if (!SteamAPI_Init()) return 1;
  const char* persona = SteamAPI_ISteamFriends_GetPersonaName(SteamAPI_SteamFriends_v018());
  auto request = std::make_unique<StatsRequest>();
  request->add_field("persona", persona);
  request->add_field("event", "session_start");
  RequestQueue queue;
  queue.push(std::move(request));
  return 0;
}
