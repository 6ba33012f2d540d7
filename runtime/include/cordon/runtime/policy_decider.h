// The runtime's decider: turns a profile's runtime policy into a verdict for
// each operation the supervisor intercepts. Pure apart from the addresses the
// DNS view teaches it; table-tested in tests/unit/sandbox/policy_decider_test.
#pragma once

#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "cordon/rules/endpoint.h"
#include "cordon/sandbox/decision.h"
#include "cordon/sandbox/seccomp_filter.h"

namespace cordon::runtime {

struct DeciderConfig {
  std::string profile;                         // for rules: "air-gapped", "zero-trust"
  bool allowlist = false;                      // network: allowlist (zero-trust); else none
  bool audit_mode = false;                     // --mode audit: would-be denials become kAudit
  bool own_network_namespace = false;          // the title has its own netns (air-gapped enforce)
  int connect_errno = 0;                       // denied connect / stream sends (profile deny_errno)
  int datagram_errno = 0;                      // denied datagram sends
  bool kill = false;                           // profile deny_action: kill
  std::vector<std::string> unix_socket_paths;  // host Unix sockets allowed: globs, "@name" abstract
  // The sockets the path globs named at the start (sandbox/unix_sockets.h):
  // a path socket is allowed by what it is, not by its name.
  std::vector<sandbox::AllowedUnixSocket> unix_allowed;
  // Canonical directories the title may not write in (deny_paths and
  // read_only_paths): Unix sockets the supervisor binds obey them too.
  std::vector<std::string> closed_paths;
  std::vector<std::string> read_only_paths;
  // mask_paths (as written and canonical): read as a per-run value, never written.
  std::vector<std::string> mask_paths;
  std::vector<sandbox::SocketTriple> sockets;  // socket(2) kinds the profile names
  std::vector<std::string> listen;             // "loopback", IP/CIDR[:port] patterns; empty: none
  std::optional<sandbox::SocketAddress> dns_view;  // the sandbox's own name server
};

// The host patterns of an allowlist without their ports: a name may be
// resolved when some pattern allows that host on any port.
[[nodiscard]] Result<rules::EndpointMatcher> name_matcher(const std::vector<std::string>& allow);

class PolicyDecider final : public sandbox::Decider {
 public:
  // The config's listen patterns must parse (the plan builder checked them).
  PolicyDecider(DeciderConfig config, rules::EndpointMatcher matcher,
                rules::EndpointMatcher names = {});

  [[nodiscard]] sandbox::Decision decide(const sandbox::Request& request) const override;
  void learn_address(const std::string& host, const sandbox::SocketAddress& address) override;

  [[nodiscard]] const DeciderConfig& config() const { return config_; }
  // Set once, before the title starts: calls to this address are allowed.
  void set_dns_view(const sandbox::SocketAddress& address) { config_.dns_view = address; }

 private:
  [[nodiscard]] sandbox::Decision enforce(const sandbox::Request& request) const;
  [[nodiscard]] sandbox::Decision decide_unix(const sandbox::Request& request) const;
  [[nodiscard]] sandbox::Decision decide_socket(const sandbox::Request& request) const;
  [[nodiscard]] sandbox::Decision decide_listen(const sandbox::Request& request) const;
  [[nodiscard]] bool names_family(int family) const;
  [[nodiscard]] sandbox::Decision decide_inet(const sandbox::Request& request) const;
  // kOpen: the entry of deny_paths, read_only_paths or mask_paths the path
  // falls on; an empty rule (allow) when none does: nothing to record.
  [[nodiscard]] sandbox::Decision decide_file(const sandbox::Request& request) const;
  [[nodiscard]] sandbox::Decision deny(const sandbox::Request& request, std::string rule) const;

  DeciderConfig config_;
  rules::EndpointMatcher matcher_;
  rules::EndpointMatcher names_;
  bool listen_loopback_ = false;
  rules::EndpointMatcher listen_;
  mutable std::shared_mutex learned_mutex_;
  std::map<std::string, std::string> learned_;  // canonical address text -> host
};

}  // namespace cordon::runtime
