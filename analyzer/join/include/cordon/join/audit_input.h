// Reads the audit log of `cordon run --audit` (JSON Lines, one event per
// line, the contract's event format), streaming: a long session's log is
// far larger than what the join keeps of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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
  std::string event;   // connect, sendto, sendmsg, socket, dns, bind, exec, open, syscall
  std::string family;  // inet, inet6, unix, packet, netlink, "" (null)
  std::string address;
  std::uint16_t port = 0;
  std::string host;
  std::string verdict;  // allow, deny, audit
  std::string rule;
  std::string profile;
  std::size_t line = 0;  // 1-based line number in the log
};

struct AuditSummary {
  std::size_t events = 0;
  // The last line when it was cut short (no final newline and not JSON): a
  // run that was killed while writing. It is skipped and reported.
  std::optional<std::size_t> truncated_line;
};

using AuditSink = std::function<void(const AuditEvent&)>;

// Parses `text` line by line, calling `sink` for each event in order. Blank
// lines are skipped. Any other bad line fails as "NAME:LINE: reason" (not
// JSON, not an object, a missing or mistyped field, an unknown event, family
// or verdict, a port outside 0..65535); events before it were already given
// to `sink`, so callers drop what they built on an error.
[[nodiscard]] Result<AuditSummary> parse_audit_log(std::string_view text, const std::string& name,
                                                   const AuditSink& sink);

// The same over a read-only mapping of a file of at most kMaxAuditBytes.
[[nodiscard]] Result<AuditSummary> read_audit_log(const std::string& path, const AuditSink& sink);

}  // namespace cordon::join
