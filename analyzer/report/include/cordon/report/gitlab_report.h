// GitLab's SAST report (security report schema 15.0.7, sast-report-format),
// the file a job names under artifacts:reports:sast for GitLab's security
// dashboard, merge-request widget and vulnerability report. GitLab does not
// read SARIF there, so cordon writes its own format:
// - one vulnerability per finding that is not allowed (an allowed flow is
//   not a vulnerability; the JSON report keeps it);
// - id and primary identifier: the finding id (stable across rebuilds, so
//   GitLab tracks the vulnerability from pipeline to pipeline); then the
//   rule and its CWE ids;
// - location: the sink step's file and line (sources) or the target with
//   the sending function as `method` (binaries), relative to the source root;
// - scan: analyzer and scanner cordon, status failure when a target failed
//   (each such target is a "warn" message).
#pragma once

#include <ctime>
#include <filesystem>
#include <optional>
#include <string>

#include "cordon/flow/finding.h"
#include "cordon/rules/rule_set.h"

namespace cordon::report {

inline constexpr const char* kGitlabSastSchemaVersion = "15.0.7";

struct GitlabOptions {
  std::optional<std::string> root;          // paths relative to it (else the working directory)
  std::filesystem::path working_directory;  // empty: the process's
  std::time_t start_time = 0;               // the scan's start and end (UTC)
  std::time_t end_time = 0;
};

[[nodiscard]] std::string render_gitlab_sast(const flow::ScanReport& report,
                                             const rules::RuleSet* rules,
                                             const GitlabOptions& options);

}  // namespace cordon::report
