// Reads the audit log of `cordon run --audit` (JSON Lines, one event per
// line, the contract's event format), streaming: a long session's log is
// far larger than what the join keeps of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cordon/support/error.h"

namespace cordon::join {

// Logs above this size are refused (kLimit).
inline constexpr std::size_t kMaxAuditBytes = std::size_t{1} << 30;

// One line of the log. Absent or null optional fields read as "" / 0.
struct AuditEvent {
  std::string ts;  // as written ("2026-11-28T10:00:00.123456Z"); compared as text
  std::int64_t pid = 0;
  std::string exe;
  // connect, sendto, sendmsg, socket, dns, bind, listen, accept, exec, open,
  // syscall, setsockopt; or a kind a newer cordon writes (AuditSummary says)
  std::string event;
  std::string family;  // inet, inet6, unix, packet, netlink, file, "" (null), or newer
  std::string address;
  std::uint16_t port = 0;
  std::string host;
  std::string verdict;  // allow, deny, audit
  std::string rule;
  std::string profile;
  std::size_t line = 0;  // 1-based line number in the log
};

// A value the contract does not name: how often, and its first line.
struct UnknownValue {
  std::size_t count = 0;
  std::size_t first_line = 0;
};

struct AuditSummary {
  std::size_t events = 0;
  // Event kinds and families outside the contract's lists (a log of a newer
  // cordon): such lines are still given to the sink; callers warn.
  std::map<std::string, UnknownValue> unknown_events;
  std::map<std::string, UnknownValue> unknown_families;
  // The last line when it was cut short (no final newline and not JSON): a
  // run that was killed while writing. It is skipped and reported.
  std::optional<std::size_t> truncated_line;
};

using AuditSink = std::function<void(const AuditEvent&)>;

// Parses `text` line by line, calling `sink` for each event in order. Blank
// lines are skipped. Any other bad line fails as "NAME:LINE: reason" (not
// JSON, not an object, a missing or mistyped field, an unknown verdict, a
// port outside 0..65535); an unknown event kind or family is read and counted
// in the summary, not an error. Events before an error were already given
// to `sink`, so callers drop what they built on an error.
[[nodiscard]] Result<AuditSummary> parse_audit_log(std::string_view text, const std::string& name,
                                                   const AuditSink& sink);

// The same over a read-only mapping of a file of at most kMaxAuditBytes.
[[nodiscard]] Result<AuditSummary> read_audit_log(const std::string& path, const AuditSink& sink);

}  // namespace cordon::join
