// The plan of one `cordon run`: everything the launcher, the supervisor and
// the decider need, derived once from a rules::Profile and the command line.
// The builder keeps its first error and rejects contradictions, so a plan
// that exists is one the runtime can carry out as written.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cordon/rules/model.h"
#include "cordon/runtime/policy_decider.h"
#include "cordon/sandbox/seccomp_filter.h"
#include "cordon/support/error.h"

namespace cordon::runtime {

enum class Mode { kEnforce, kAudit };

struct RunPlan {
  std::string profile_name;
  Mode mode = Mode::kEnforce;
  bool network_namespace = false;  // air-gapped enforce: a new netns with only lo
  sandbox::FilterSpec filter;
  DeciderConfig decider;
  std::vector<std::string> allow;  // endpoint patterns (zero-trust)
  std::vector<std::string> deny_paths;
  std::vector<std::string> read_only_paths;
  std::vector<std::string> mask_paths;
  rules::RuntimePolicy environment;  // only env_drop/env_keep are used
  std::optional<std::string> audit_path;
  std::optional<double> timeout_seconds;
  std::optional<std::string> resolver;  // ADDR[:PORT]
  std::vector<std::string> command;     // PROGRAM ARG...
};

class PlanBuilder {
 public:
  PlanBuilder& profile(const rules::Profile& profile);
  PlanBuilder& mode(std::string_view mode);  // "enforce" | "audit"
  PlanBuilder& audit_file(std::optional<std::string> path);
  PlanBuilder& timeout(std::optional<double> seconds);
  PlanBuilder& resolver(std::optional<std::string> address);
  PlanBuilder& command(std::vector<std::string> argv);

  // The plan, or the first error met (kValidation/kUsage, naming the input).
  [[nodiscard]] Result<RunPlan> build();

 private:
  void set_error(Error error) {
    if (!error_) error_ = std::move(error);
  }
  RunPlan plan_;
  bool have_profile_ = false;
  std::optional<Error> error_;
};

// The errno of a profile's deny_errno name ("ECONNREFUSED"), or nullopt.
[[nodiscard]] std::optional<int> errno_from_name(std::string_view name);

}  // namespace cordon::runtime
