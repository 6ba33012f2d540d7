#include "cordon/runtime/run.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "cordon/rules/endpoint.h"
#include "cordon/runtime/audit_log.h"
#include "cordon/runtime/launcher.h"
#include "cordon/runtime/policy_decider.h"
#include "cordon/runtime/process_tree.h"
#include "cordon/runtime/run_files.h"
#include "cordon/sandbox/dns_view.h"
#include "cordon/sandbox/landlock.h"
#include "cordon/sandbox/supervisor.h"
#include "cordon/support/diagnostics.h"
#include "dns_setup.h"

namespace cordon::runtime {
namespace {

int report(int status, const Error& error) {
  print_error(error);
  return status;
}

// Restores the caller's signal mask whatever way run_title returns.
class SignalMaskGuard {
 public:
  explicit SignalMaskGuard(const sigset_t& block) { sigprocmask(SIG_BLOCK, &block, &original_); }
  ~SignalMaskGuard() { sigprocmask(SIG_SETMASK, &original_, nullptr); }
  SignalMaskGuard(const SignalMaskGuard&) = delete;
  SignalMaskGuard& operator=(const SignalMaskGuard&) = delete;
  [[nodiscard]] const sigset_t& original() const { return original_; }

 private:
  sigset_t original_{};
};

Result<rules::EndpointMatcher> build_matcher(const RunPlan& plan) {
  rules::EndpointMatcher matcher;
  for (const auto& pattern : plan.allow) {
    if (auto added = matcher.add(pattern, "allow:" + pattern, rules::Party::kUnknown); !added)
      return fail(added.error());
  }
  return matcher;
}

}  // namespace

std::string expand_home(const std::string& path) {
  if (path != "~" && path.rfind("~/", 0) != 0) return path;
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : "/") + path.substr(1);
}

int run_title(const RunPlan& plan) {
  // The supervisor sends on the title's sockets: a closed peer must give it
  // EPIPE (passed on to the title), not kill cordon.
  signal(SIGPIPE, SIG_IGN);

  auto program = resolve_program(plan.command.front());
  if (!program) return report(program.error().exit_status, program.error().error);

  auto log = AuditLog::open(plan.audit_path, plan.profile_name);
  if (!log) return report(kExitSandbox, log.error());
  auto filter = sandbox::build_filter(plan.filter);
  if (!filter) return report(kExitSandbox, filter.error());
  auto matcher = build_matcher(plan);
  if (!matcher) return report(kExitSandbox, matcher.error());
  auto names = name_matcher(plan.allow);
  if (!names) return report(kExitSandbox, names.error());
  auto files = RunFiles::create();
  if (!files) return report(kExitSandbox, files.error());

  PolicyDecider decider(plan.decider, std::move(*matcher), std::move(*names));
  sandbox::DnsView view(decider, **log);
  auto dns = set_up_dns_view(plan, view, *files);
  if (!dns) return report(kExitSandbox, dns.error());
  if (dns->listen) decider.set_dns_view(*dns->listen);
  for (const auto& path : plan.mask_paths) {
    if (auto masked = files->mask(expand_home(path)); !masked)
      return report(kExitSandbox, masked.error());
  }

  LaunchSpec spec;
  spec.program = *program;
  spec.argv = plan.command;
  spec.network_namespace = plan.network_namespace;
  spec.filter = std::move(*filter);
  spec.bind_files = files->binds();
  if (dns->in_title_network)
    spec.dns_listen_length = sandbox::to_sockaddr(*dns->listen, spec.dns_listen);

  sandbox::LandlockRules landlock;
  for (const auto& p : plan.deny_paths) landlock.deny_paths.push_back(expand_home(p));
  for (const auto& p : plan.read_only_paths) landlock.read_only_paths.push_back(expand_home(p));
  UniqueFd ruleset;
  if (!landlock.empty()) {
    auto built = sandbox::build_landlock_ruleset(landlock);
    if (!built && built.error().kind == ErrorKind::kUnsupported) {
      // The filesystem rules are "where available": say so, never silently.
      print_warning(built.error().message(), "deny_paths and read_only_paths are not enforced");
    } else if (!built) {
      return report(kExitSandbox, built.error());
    } else {
      ruleset = std::move(*built);
      spec.landlock_ruleset = ruleset.get();
    }
  }

  SignalMaskGuard mask(supervised_signals());
  spec.original_mask = mask.original();
  // Orphans of the title are reparented to cordon, which kills them at the end.
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
    return report(kExitSandbox,
                  Error{ErrorKind::kSandbox, "prctl", "PR_SET_CHILD_SUBREAPER", errno_text(errno)});

  auto child = start_child(spec);
  ruleset.reset();
  if (!child) return report(child.error().exit_status, child.error().error);

  sandbox::Supervisor supervisor(std::move(child->listener), decider, **log);
  if (dns->listen) {
    // Bound before the fork (or by the child, in its network namespace),
    // started after it: the parent forks single-threaded.
    if (dns->in_title_network)
      view.adopt(*dns->listen, std::move(child->dns_udp), std::move(child->dns_tcp));
    if (auto started = view.start(dns->upstream); !started) {
      kill_tree(child->pid);
      return report(kExitSandbox, started.error());
    }
    supervisor.set_dns_view(&view);
  }
  if (auto started = supervisor.start(); !started) {
    kill_tree(child->pid);
    return report(kExitSandbox, started.error());
  }
  if (auto released = release_child(*child); !released) {
    kill_tree(child->pid);
    supervisor.stop();
    return report(released.error().exit_status, released.error().error);
  }
  const TreeOutcome outcome = wait_for_tree(child->pid, plan.timeout_seconds);
  supervisor.stop();
  view.stop();
  if (outcome.timed_out)
    std::fprintf(stderr, "cordon: timeout: killed the title after %g s\n", *plan.timeout_seconds);
  std::fputs((*log)->summary().c_str(), stderr);
  if ((*log)->write_errors() != 0)
    print_error(plan.audit_path.value_or("audit log"),
                std::to_string((*log)->write_errors()) + " audit lines could not be written");
  return outcome.status;
}

}  // namespace cordon::runtime
