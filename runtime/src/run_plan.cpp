#include "cordon/runtime/run_plan.h"

#include <errno.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include <utility>

namespace cordon::runtime {
namespace {

struct Named {
  std::string_view name;
  int value;
};

constexpr Named kFamilies[] = {
    {"unix", AF_UNIX}, {"inet", AF_INET}, {"inet6", AF_INET6}, {"netlink", AF_NETLINK}};

constexpr Named kNetlinkProtocols[] = {
    {"route", NETLINK_ROUTE},     {"sock_diag", NETLINK_SOCK_DIAG},
    {"audit", NETLINK_AUDIT},     {"kobject_uevent", NETLINK_KOBJECT_UEVENT},
    {"generic", NETLINK_GENERIC}, {"netfilter", NETLINK_NETFILTER},
    {"xfrm", NETLINK_XFRM},
};

template <std::size_t N>
std::optional<int> lookup(const Named (&table)[N], std::string_view name) {
  for (const auto& entry : table)
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

Error bad(std::string input, std::string reason) {
  return Error{ErrorKind::kValidation, std::move(input), "", std::move(reason)};
}

}  // namespace

// One table for both halves: the names `rules check` accepts are the ones
// the runtime maps.
std::optional<int> errno_from_name(std::string_view name) {
  return rules::parse_errno_name(name);
}

PlanBuilder& PlanBuilder::profile(const rules::Profile& profile) {
  have_profile_ = true;
  const auto& rt = profile.runtime_policy;
  const std::string input = "profile '" + profile.name + "'";
  plan_.profile_name = profile.name;
  plan_.allow = profile.allow;
  plan_.decider.profile = profile.name;
  plan_.decider.allowlist = rt.network == rules::NetworkPolicy::kAllowlist;
  if (!plan_.decider.allowlist && !profile.allow.empty())
    set_error(bad(input, "network is none but the profile or --allow allows endpoints ('" +
                             profile.allow.front() + "'): use a zero-trust profile"));

  const std::vector<std::string> families = rt.socket_families.empty()
                                                ? std::vector<std::string>{"unix", "inet", "inet6"}
                                                : rt.socket_families;
  for (const auto& name : families) {
    const auto family = lookup(kFamilies, name);
    if (!family) {
      set_error(bad(input, "socket_families: unknown family '" + name + "'"));
      continue;
    }
    plan_.filter.socket_families.push_back(*family);
    if (*family == AF_NETLINK) plan_.decider.netlink_allowed = true;
  }
  for (const auto& name : rt.netlink_protocols) {
    const auto protocol = lookup(kNetlinkProtocols, name);
    if (!protocol) {
      set_error(bad(input, "netlink_protocols: unknown protocol '" + name + "'"));
      continue;
    }
    plan_.filter.netlink_protocols.push_back(*protocol);
  }
  if (!rt.netlink_protocols.empty() && !plan_.decider.netlink_allowed)
    set_error(bad(input, "netlink_protocols given but 'netlink' is not in socket_families"));
  plan_.filter.closed_syscalls = rt.deny_syscalls;

  const auto connect_errno = errno_from_name(rt.deny_errno);
  if (!connect_errno)
    set_error(bad(input, "deny_errno: unknown errno name '" + rt.deny_errno + "'"));
  plan_.decider.connect_errno = connect_errno.value_or(ECONNREFUSED);
  plan_.decider.datagram_errno = ENETUNREACH;
  plan_.decider.kill = rt.deny_action == rules::DenyAction::kKill;
  plan_.decider.unix_socket_paths = rt.unix_socket_paths;
  plan_.deny_paths = rt.deny_paths;
  plan_.read_only_paths = rt.read_only_paths;
  plan_.mask_paths = rt.mask_paths;
  plan_.environment.env_drop = rt.env_drop;
  plan_.environment.env_keep = rt.env_keep;
  return *this;
}

PlanBuilder& PlanBuilder::mode(std::string_view mode) {
  if (mode == "enforce") {
    plan_.mode = Mode::kEnforce;
  } else if (mode == "audit") {
    plan_.mode = Mode::kAudit;
  } else {
    set_error(Error{ErrorKind::kUsage, "--mode", "", "unknown mode '" + std::string(mode) + "'"});
  }
  return *this;
}

PlanBuilder& PlanBuilder::audit_file(std::optional<std::string> path) {
  plan_.audit_path = std::move(path);
  return *this;
}

PlanBuilder& PlanBuilder::timeout(std::optional<double> seconds) {
  if (seconds && !(*seconds > 0))
    set_error(Error{ErrorKind::kUsage, "--timeout", "", "must be a positive number of seconds"});
  plan_.timeout_seconds = seconds;
  return *this;
}

PlanBuilder& PlanBuilder::resolver(std::optional<std::string> address) {
  plan_.resolver = std::move(address);
  return *this;
}

PlanBuilder& PlanBuilder::command(std::vector<std::string> argv) {
  if (argv.empty()) set_error(Error{ErrorKind::kUsage, "run", "", "no PROGRAM given after --"});
  plan_.command = std::move(argv);
  return *this;
}

Result<RunPlan> PlanBuilder::build() {
  if (!have_profile_) set_error(Error{ErrorKind::kInternal, "run plan", "", "no profile given"});
  if (error_) return fail(*error_);
  RunPlan plan = plan_;
  plan.decider.audit_mode = plan.mode == Mode::kAudit;
  // Audit mode must let traffic really flow, so no namespace then: the
  // supervisor still sees and logs every address-bearing call.
  plan.network_namespace = !plan.decider.allowlist && plan.mode == Mode::kEnforce;
  plan.decider.own_network_namespace = plan.network_namespace;
  return plan;
}

}  // namespace cordon::runtime
