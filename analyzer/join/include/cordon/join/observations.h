// What a run did, condensed from its audit log: events that name a network
// destination (connect/sendto/sendmsg to an IP, dns lookups) grouped by
// endpoint, and every other event (exec, socket, bind, syscall, Unix
// sockets, ...) grouped by what it was. Memory grows with the number of
// distinct groups, not with the log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "cordon/join/audit_input.h"
#include "cordon/join/timeline.h"

namespace cordon::join {

// The run-time evidence for one group: how many events, of which kinds and
// verdicts, from which processes, and when the first one happened.
struct RunEvidence {
  std::size_t events = 0;
  std::map<std::string, std::size_t> kinds;     // connect, sendto, dns, ...
  std::map<std::string, std::size_t> verdicts;  // allow, deny, audit
  std::set<std::string> rules;                  // the audit lines' "rule"
  std::set<std::string> hosts;                  // canonical names seen
  std::set<std::string> addresses;              // canonical IP text seen
  std::set<std::uint16_t> ports;                // destination ports (0: a lookup) seen
  std::set<std::int64_t> pids;
  std::set<std::string> exes;
  std::string first_ts;        // the smallest "ts" (RFC 3339 UTC sorts as text)
  std::string last_ts;         // the largest
  std::size_t first_line = 0;  // the first line that contributed

  void add(const AuditEvent& event, const std::string& host, const std::string& address);
  void merge(const RunEvidence& other);
};

// A network destination seen at run time: by name when the sandbox knew the
// name (DNS view, dns events), else by address; port 0 for a lookup.
struct ObservedEndpoint {
  std::string host;     // canonical host, or ""
  std::string address;  // canonical IP text when `host` is "", else ""
  std::uint16_t port = 0;
  RunEvidence run;
};

// Any other event, grouped by (event, family, address, verdict, rule).
struct OtherActivity {
  std::string event;
  std::string family;
  std::string address;  // Unix path, program path for exec, or ""
  std::string verdict;
  std::string rule;
  RunEvidence run;
};

// Repeats of one attempt, folded (issue 12's "audit a person can read"):
// the same process (pid and exe) making the same event with the same
// family, address, port, name, verdict and rule. The log keeps a line per
// attempt; the report shows a row per group with its count and the times
// of its first and last attempt.
struct RepeatGroup {
  std::int64_t pid = 0;
  std::string exe;
  std::string event;
  std::string family;
  std::string address;
  std::uint16_t port = 0;
  std::string host;
  std::string verdict;
  std::string rule;
  std::size_t count = 0;
  std::string first_ts;
  std::string last_ts;
  std::size_t first_line = 0;
};

// At most this many groups are kept (a hostile or huge log cannot grow the
// report without bound); attempts of later new groups are only counted.
inline constexpr std::size_t kMaxRepeatGroups = 4096;

class Observations {
 public:
  void add(const AuditEvent& event);

  // Sorted by (host, address, port) and by the group key: deterministic.
  [[nodiscard]] std::vector<ObservedEndpoint> endpoints() const;
  [[nodiscard]] std::vector<OtherActivity> others() const;
  [[nodiscard]] const std::set<std::string>& profiles() const { return profiles_; }
  [[nodiscard]] std::size_t events() const { return events_; }
  [[nodiscard]] const Timeline& timeline() const { return timeline_; }
  // By first attempt (then by group key): a timeline of the run's attempts.
  [[nodiscard]] std::vector<RepeatGroup> repeats() const;
  // Attempts not in repeats() (their group came after kMaxRepeatGroups).
  [[nodiscard]] std::size_t repeats_unkept() const { return repeats_unkept_; }

 private:
  void add_repeat(const AuditEvent& event);

  using EndpointKey = std::tuple<std::string, std::string, std::uint16_t>;
  using OtherKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  std::map<EndpointKey, RunEvidence> endpoints_;
  std::map<OtherKey, RunEvidence> others_;
  // pid, exe, event, family, address, port, host, verdict, rule
  using RepeatKey = std::tuple<std::int64_t, std::string, std::string, std::string, std::string,
                               std::uint16_t, std::string, std::string, std::string>;
  std::map<RepeatKey, RepeatGroup> repeats_;
  std::size_t repeats_unkept_ = 0;
  std::set<std::string> profiles_;
  std::size_t events_ = 0;
  Timeline timeline_;
};

// True for events that name a network destination: connect, sendto and
// sendmsg to an inet/inet6 address, and dns lookups of a name.
[[nodiscard]] bool is_endpoint_event(const AuditEvent& event);

}  // namespace cordon::join
