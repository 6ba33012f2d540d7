#include "cordon/runtime/run_plan.h"

#include <errno.h>
#include <sys/socket.h>

#include <utility>

#include "cordon/rules/endpoint.h"
#include "cordon/rules/socket_kinds.h"

namespace cordon::runtime {
namespace {

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

  for (const auto& text : rt.sockets) {
    auto kind = rules::parse_socket_kind(text);
    if (!kind) {
      set_error(bad(input, "sockets: " + kind.error().reason));
      continue;
    }
    for (int protocol : kind->protocols) {
      plan_.filter.sockets.push_back(
          {kind->family, kind->type, static_cast<std::uint32_t>(protocol)});
    }
  }
  plan_.decider.sockets = plan_.filter.sockets;
  for (const auto& entry : rt.listen) {
    if (entry == "loopback") continue;
    auto pattern = rules::parse_endpoint_pattern(entry);
    if (!pattern || (pattern->kind != rules::EndpointPattern::Kind::kIp &&
                     pattern->kind != rules::EndpointPattern::Kind::kCidr))
      set_error(bad(input, "listen: '" + entry + "' is not 'loopback' or an IP/CIDR[:port]"));
  }
  plan_.decider.listen = rt.listen;
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
  // Write-flagged opens and path changes go to the supervisor only where a
  // file policy has entries to report on.
  plan_.filter.file_writes =
      !rt.deny_paths.empty() || !rt.read_only_paths.empty() || !rt.mask_paths.empty();
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
