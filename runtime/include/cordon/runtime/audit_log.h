// The audit log of `cordon run`: one JSON object per line (JSON Lines) with
// exactly the contract's fields, appended with one write(2) per event under a
// lock, before the supervisor answers the title, so no event is lost or torn
// however many threads and processes the title has. Also counts events for
// the summary printed at exit.
#pragma once

#include <time.h>

#include <compare>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "cordon/sandbox/decision.h"
#include "cordon/support/error.h"
#include "cordon/support/unique_fd.h"

namespace cordon::runtime {

// `pid` (cordon's numbering) as its own pid namespace numbers it: the last
// NSpid of /proc/PID/status; `pid` itself when that cannot be read.
[[nodiscard]] pid_t namespace_pid(pid_t pid);

// RFC 3339 UTC with microseconds: "2026-11-28T10:00:00.123456Z".
[[nodiscard]] std::string format_timestamp(const timespec& when);

// One line (with its '\n') for `event` of profile `profile` at `when`.
// Invalid UTF-8 in paths is replaced, never dropped or passed through raw.
[[nodiscard]] std::string format_audit_line(const sandbox::Event& event, std::string_view profile,
                                            const timespec& when);

// Repeats of one attempt, folded for the summary: the same process (pid as
// the title sees it, and its exe when the log reads it) making the same
// event with the same family, destination, verdict and rule.
struct RepeatKey {
  pid_t pid = 0;
  std::string exe;
  sandbox::Operation op = sandbox::Operation::kConnect;
  std::string family;
  std::string destination;  // "host:port", the address, or what the event names
  sandbox::Verdict verdict = sandbox::Verdict::kDeny;
  std::string rule;
  auto operator<=>(const RepeatKey&) const = default;
};

struct RepeatCount {
  std::size_t count = 0;
  timespec first{};
  timespec last{};
};

class AuditLog final : public sandbox::EventSink {
 public:
  // `path` empty: events are only counted. The file is opened O_APPEND
  // (created 0600). Errors name the file.
  [[nodiscard]] static Result<std::unique_ptr<AuditLog>> open(
      const std::optional<std::string>& path, std::string profile);

  [[nodiscard]] bool record(const sandbox::Event& event) override;
  // Without a file only the summary is kept, which does not name programs.
  [[nodiscard]] bool wants_exe() const override { return file_.valid(); }

  // Records an event the runtime itself observed (not a notification).
  [[nodiscard]] bool record_now(const sandbox::Event& event) { return record(event); }
  // record() at a given time (tests).
  [[nodiscard]] bool record_at(const sandbox::Event& event, const timespec& when);

  // Groups of denied and audited attempts kept one by one for the summary;
  // attempts of any further group are counted together per verdict, so a
  // title trying millions of addresses does not grow cordon's memory.
  // Allowed attempts are only counted.
  static constexpr std::size_t kNamedDestinations = 4096;

  // "cordon: run: 3 allowed, 2 denied, 0 audited" and one line per group of
  // repeats that was not allowed, the most frequent first (at most `limit`,
  // then "... N more groups"): "626x deny socket netlink rule
  // socket:family-16, pid 2 /usr/games/x, 10:00:00.123 .. 10:00:09.981 UTC";
  // then, per verdict, the attempts beyond the first kNamedDestinations
  // groups.
  [[nodiscard]] std::string summary(std::size_t limit = 10) const;

  [[nodiscard]] std::size_t write_errors() const;
  // The first write error ("No space left on device"), or "".
  [[nodiscard]] std::string first_write_error() const;

  // At exit: "" when the file at the log's path is still the one cordon
  // wrote, otherwise what happened to it (unlinked, replaced).
  [[nodiscard]] std::string displaced() const;

 private:
  AuditLog(UniqueFd file, std::string path, std::string profile)
      : file_(std::move(file)), path_(std::move(path)), profile_(std::move(profile)) {}

  UniqueFd file_;
  std::string path_;
  std::string profile_;
  mutable std::mutex mutex_;
  std::map<sandbox::Verdict, std::size_t> by_verdict_;
  std::map<RepeatKey, RepeatCount> repeats_;
  std::map<sandbox::Verdict, std::size_t> unnamed_;  // attempts beyond kNamedDestinations
  std::size_t write_errors_ = 0;
  int first_error_ = 0;
};

}  // namespace cordon::runtime
