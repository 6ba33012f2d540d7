// The parsed command line of each subcommand, as the contract names it.
// main.cpp fills these with CLI11; each *_command.cpp runs one of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordon::cli {

// Exit codes of scan, report and rules (run returns the title's own status).
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

struct ScanOptions {
  std::vector<std::string> targets;
  std::optional<std::string> compdb;
  std::string profile = "zero-trust";
  std::vector<std::string> rule_dirs;
  std::vector<std::string> allow;
  std::optional<std::string> manifest;
  std::string format = "text";
  std::optional<std::string> output;
  std::string fail_on = "high";
  unsigned jobs = 0;                // 0: number of CPUs
  std::uint64_t memory_budget = 0;  // bytes the targets running at once may take; 0: half of RAM
  bool quiet = false;               // no progress line on stderr
  std::optional<std::string> baseline;
  std::optional<double> min_coverage;         // a target under this fraction is a target error
  std::optional<std::string> cache;           // --cache DIR: reuse unchanged targets' results
  std::optional<std::string> sarif_root;      // SARIF/GitLab paths relative to this
  std::optional<std::string> sarif_category;  // runs[].automationDetails.id category
};

struct RunOptions {
  std::string profile = "air-gapped";
  std::vector<std::string> allow;
  std::string mode = "enforce";
  std::optional<std::string> audit;
  std::optional<double> timeout_seconds;
  std::optional<std::string> resolver;
  std::vector<std::string> rule_dirs;
  bool print_profile = false;
  std::vector<std::string> command;  // PROGRAM ARG...
};

struct ReportOptions {
  std::optional<std::string> scan;
  std::optional<std::string> audit;
  std::optional<std::string> manifest;
  std::string format = "text";
  std::optional<std::string> output;
  std::optional<std::string> emit_profile;   // --audit: the learned zero-trust profile
  std::optional<std::string> emit_manifest;  // --scan: the draft data-flow manifest
};

struct RulesOptions {
  std::string action;  // "check" or "list"
  std::vector<std::string> dirs;
  std::string format = "text";
  bool verbose = false;  // check: also every entry against the public declarations here
};

// Each returns the process exit status; errors are printed by the command
// itself, one line each, through cordon/support/diagnostics.h.
int run_scan_command(const ScanOptions& options);
int run_run_command(const RunOptions& options);
int run_report_command(const ReportOptions& options);
int run_rules_command(const RulesOptions& options);
// `rules check` without the signature check (both executables have it).
int run_rules_check(const RulesOptions& options);
// `rules check --verbose`: the check, then every entry against the public
// declarations on this machine (libclang): in `cordon`, it hands over to the
// analyzers' helper, which runs it (rules_verify_command.cpp).
int run_rules_verify(const RulesOptions& options);

}  // namespace cordon::cli
