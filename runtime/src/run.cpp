#include "cordon/runtime/run.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "cgroup_scope.h"
#include "cordon/rules/endpoint.h"
#include "cordon/runtime/audit_log.h"
#include "cordon/runtime/launcher.h"
#include "cordon/runtime/policy_decider.h"
#include "cordon/runtime/process_tree.h"
#include "cordon/runtime/run_files.h"
#include "cordon/sandbox/dns_view.h"
#include "cordon/sandbox/landlock.h"
#include "cordon/sandbox/namespaces.h"
#include "cordon/sandbox/path_walk.h"
#include "cordon/sandbox/supervisor.h"
#include "cordon/sandbox/unix_sockets.h"
#include "cordon/support/diagnostics.h"
#include "dns_setup.h"
#include "file_policy.h"
#include "file_watch.h"
#include "private_dirs.h"

extern char** environ;

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

// `paths` (~ expanded) as written and, where they exist, as their canonical
// path on the host: a policy written for ~/.ssh holds when ~/.ssh is a link.
std::vector<std::string> canonical_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  UniqueFd root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  for (const auto& p : paths) {
    const std::string path = expand_home(p);
    out.push_back(path);
    if (!root || path.empty() || path[0] != '/') continue;
    auto walked = sandbox::walk_path(root.get(), path, sandbox::WalkTarget::kObject);
    if (walked.error == 0 && walked.canonical != path) out.push_back(walked.canonical);
  }
  return out;
}

// The Unix side of the decider's configuration, found on the host before
// the title starts: the sockets the unix_socket_paths globs name now, and
// the directories a socket may not be bound in (--mode audit: logged, as
// the title's own file access then is not refused either).
DeciderConfig with_unix_policy(const RunPlan& plan) {
  DeciderConfig config = plan.decider;
  config.unix_allowed = sandbox::snapshot_unix_sockets(plan.decider.unix_socket_paths);
  config.closed_paths = canonical_paths(plan.deny_paths);
  config.read_only_paths = canonical_paths(plan.read_only_paths);
  config.mask_paths = canonical_paths(plan.mask_paths);
  return config;
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
  auto private_dirs = PrivateDirs::create(geteuid());
  if (!private_dirs) return report(kExitSandbox, private_dirs.error());

  PolicyDecider decider(with_unix_policy(plan), std::move(*matcher), std::move(*names));
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
  std::vector<std::string> dropped;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    if (name == "TMPDIR") continue;  // the run's own, below
    if (rules::keeps_variable(plan.environment, name)) {
      spec.environment.emplace_back(text);
    } else {
      dropped.emplace_back(name);
    }
  }
  spec.environment.push_back("TMPDIR=" + private_dirs->tmp());
  // Names only, never values: QA sees what the title did not get.
  if (!dropped.empty()) {
    std::string list;
    for (const auto& n : dropped) list += (list.empty() ? "" : " ") + n;
    std::fprintf(stderr, "cordon: environment: %zu secret variables not passed: %s\n",
                 dropped.size(), list.c_str());
  }
  spec.network_namespace = plan.network_namespace;
  spec.filter = std::move(*filter);
  if (dns->in_title_network)
    spec.dns_listen_length = sandbox::to_sockaddr(*dns->listen, spec.dns_listen);

  FilePolicyInput policy;
  for (const auto& p : plan.deny_paths) policy.deny_paths.push_back(expand_home(p));
  for (const auto& p : plan.read_only_paths) policy.read_only_paths.push_back(expand_home(p));
  policy.audit_path = plan.audit_path;
  policy.enforce = plan.mode == Mode::kEnforce;
  auto mounts = plan_file_mounts(policy, *files);
  if (!mounts) return report(kExitSandbox, mounts.error());
  spec.mounts = std::move(mounts->steps);
  for (const auto& [source, target] : files->binds())
    spec.mounts.push_back({sandbox::MountKind::kBindReadOnly, source, target});
  // A TMPDIR and server directories of the run's own: a server the host runs
  // for the same user (a wineserver for the same prefix) is never contacted,
  // and the title's helpers start theirs inside (private_dirs.h).
  for (const auto& dir : private_dirs->targets())
    spec.mounts.push_back({sandbox::MountKind::kPrivateTmpfs, "", dir});
  spec.mounts.push_back({sandbox::MountKind::kEmptyDir, "", files->dir()});

  sandbox::LandlockRules landlock = std::move(mounts->landlock);
  landlock.scope_signals = true;
  UniqueFd ruleset;
  if (auto built = sandbox::build_landlock_ruleset(landlock); built) {
    ruleset = std::move(*built);
    spec.landlock_ruleset = ruleset.get();
  } else if (built.error().kind != ErrorKind::kUnsupported) {
    return report(kExitSandbox, built.error());
  }
  // Without Landlock the mount namespace still enforces the file policy and
  // the pid namespace still keeps signals in: nothing to warn about.

  auto cgroup = CgroupScope::create();
  if (cgroup) spec.cgroup_procs = cgroup->procs_fd();
  CgroupScope* scope = cgroup ? &*cgroup : nullptr;

  SignalMaskGuard mask(supervised_signals());
  spec.original_mask = mask.original();

  // Opens of the stand-ins (denied paths) and mask files: watched from
  // before the title starts to after its tree is gone.
  auto watch = FileWatch::start(files->watched(), decider, **log);
  if (!watch) return report(kExitSandbox, watch.error());
  files->seal();

  auto child = start_child(spec);
  ruleset.reset();
  if (!child) return report(child.error().exit_status, child.error().error);
  // Not dumpable from here on (the id maps of the title's user namespace
  // are written): even through another procfs mount, a title running as
  // the same user cannot open cordon's descriptors (the audit log) or memory.
  prctl(PR_SET_DUMPABLE, 0);

  sandbox::Supervisor supervisor(std::move(child->listener), decider, **log);
  // The supervisor's own lookups for the title do not enter denied
  // directories (enforced runs; --mode audit refuses nothing).
  if (!plan.decider.audit_mode) supervisor.set_closed_paths(decider.config().closed_paths);
  if (dns->listen) {
    // Bound before the fork (or by the child, in its network namespace),
    // started after it: the parent forks single-threaded.
    if (dns->in_title_network)
      view.adopt(*dns->listen, std::move(child->dns_udp), std::move(child->dns_tcp));
    if (auto started = view.start(dns->upstream); !started) {
      kill_tree(child->pid, scope);
      return report(kExitSandbox, started.error());
    }
    supervisor.set_dns_view(&view);
  }
  if (auto started = supervisor.start(); !started) {
    kill_tree(child->pid, scope);
    return report(kExitSandbox, started.error());
  }
  if (auto released = release_child(*child); !released) {
    kill_tree(child->pid, scope);
    supervisor.stop();
    // The exec was refused because its line could not be written: the
    // sandbox failed during set-up.
    if ((*log)->write_errors() != 0)
      return report(kExitSandbox,
                    Error{ErrorKind::kIo, *plan.audit_path, "",
                          "cannot write the audit log: " + (*log)->first_write_error() +
                              "; the title did not run"});
    return report(released.error().exit_status, released.error().error);
  }
  const TreeOutcome outcome = wait_for_tree(child->pid, plan.timeout_seconds, scope);
  supervisor.stop();
  view.stop();
  if (*watch) (*watch)->stop();
  if (outcome.timed_out)
    std::fprintf(stderr, "cordon: timeout: killed the title after %g s\n", *plan.timeout_seconds);
  else if (outcome.stopped_by != 0)
    std::fprintf(stderr, "cordon: stopped by signal %d: the title's tree is gone\n",
                 outcome.stopped_by);
  std::fputs((*log)->summary().c_str(), stderr);
  int status = outcome.status;
  if ((*log)->write_errors() != 0) {
    // Fail closed: every operation whose line is missing was refused, and
    // the run as a whole is not a clean record.
    print_error(*plan.audit_path,
                std::to_string((*log)->write_errors()) + " audit lines could not be written (" +
                    (*log)->first_write_error() + "); those operations were denied");
    status = kExitSandbox;
  }
  if (const std::string moved = (*log)->displaced(); !moved.empty()) {
    print_error(*plan.audit_path,
                moved + "; the lines of this run are not in the file at that path");
    status = kExitSandbox;
  }
  return status;
}

}  // namespace cordon::runtime
