// Allowlists learned from a run (`cordon report --audit RUN.jsonl
// --emit-profile FILE`): a QA engineer runs a title once with `--mode audit`,
// and gets a draft zero-trust profile whose allowlist holds exactly the
// endpoints the run reached, each with a comment naming the processes that
// reached it and how often. Running the title again under it gives no deny
// line for any network attempt the audit run made.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "cordon/join/audit_input.h"
#include "cordon/rules/model.h"
#include "cordon/support/error.h"

namespace cordon::join {

// One allowlist entry: an endpoint pattern as `--allow` reads it ("host:443",
// "192.0.2.1:9999", "[2001:db8::1]:53", "host:8303-8310", or a bare name that
// was only looked up), and the comment that explains it.
struct LearnedEntry {
  std::string pattern;
  std::string comment;
};

struct LearnedAllowlist {
  std::vector<LearnedEntry> allow;  // names first, then IPv4, then IPv6; by name and port
  std::size_t events = 0;           // audit lines read
  std::size_t reached = 0;          // network attempts that reached their endpoint
  // Endpoints the run was denied (an enforce run): not learned.
  std::vector<std::string> denied;
  // Other events the run would have been denied (audit verdicts that name no
  // network endpoint: host Unix sockets, socket kinds, syscalls...): the
  // profile does not allow them; a reviewer decides.
  std::vector<std::string> still_denied;
};

// Reads a run's audit events one at a time (memory grows with the number of
// distinct endpoints, not with the log) and says what the run reached.
//
// Reached: a connect, sendto or sendmsg to an inet/inet6 address whose
// verdict is `allow` or `audit` (audit mode let it through), except the
// sandbox's own DNS view. Its endpoint is the name the sandbox knew (the
// `host` from its DNS view) with the port, else the address with the port.
// A name looked up (a `dns` event allowed or audited) but never reached on
// any port is learned bare, so its lookup is allowed again; its comment
// says that a bare name allows every port.
class AllowlistLearner {
 public:
  void add(const AuditEvent& event);
  [[nodiscard]] LearnedAllowlist result() const;

  // How often, how, by whom: what a comment says about one endpoint.
  struct Tally {
    std::size_t count = 0;
    std::map<std::string, std::size_t> kinds;     // connect, sendto, dns, ...
    std::map<std::string, std::size_t> exes;      // exe -> count
    std::map<std::string, std::size_t> verdicts;  // allow, audit, deny
    void add(const AuditEvent& event);
    void merge(const Tally& other);
  };

 private:
  // (0 name / 1 IPv4 / 2 IPv6, canonical text, port)
  using Key = std::tuple<int, std::string, std::uint16_t>;
  using OtherKey = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, Tally> reached_;
  std::map<std::string, Tally> looked_up_;
  std::map<Key, Tally> denied_;
  std::map<OtherKey, Tally> still_denied_;  // (event, family, address, rule)
  std::size_t events_ = 0;
};

// The draft profile as YAML: `base` (the built-in zero-trust) with its
// allowlist replaced by the learned one, named `name`, with a header saying
// where it comes from and what it does not cover. The text is parsed back
// before it is returned: an error means a bug, never a half-valid file.
[[nodiscard]] Result<std::string> render_learned_profile(const LearnedAllowlist& learned,
                                                         rules::Profile base,
                                                         const std::string& audit_name);

}  // namespace cordon::join
