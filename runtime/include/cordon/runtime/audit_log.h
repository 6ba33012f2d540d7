// The audit log of `cordon run`: one JSON object per line (JSON Lines) with
// exactly the contract's fields, appended with one write(2) per event under a
// lock, before the supervisor answers the title, so no event is lost or torn
// however many threads and processes the title has. Also counts events for
// the summary printed at exit.
#pragma once

#include <time.h>

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

  // Destinations of denied and audited events counted one by one for the
  // summary; events to any further destination are counted together, so a
  // title trying millions of addresses does not grow cordon's memory.
  static constexpr std::size_t kNamedDestinations = 4096;

  // "cordon: run: 3 allowed, 2 denied, 0 audited" and one line per
  // destination denied or audited with its count, the most frequent first
  // (at most `limit`, then "... N more"), then, per verdict, the events to
  // destinations beyond the first kNamedDestinations.
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
  std::map<std::pair<std::string, sandbox::Verdict>, std::size_t> by_destination_;
  std::map<sandbox::Verdict, std::size_t> unnamed_;  // events beyond kNamedDestinations
  std::size_t write_errors_ = 0;
  int first_error_ = 0;
};

}  // namespace cordon::runtime
