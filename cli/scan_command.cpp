// `cordon scan`: maps the options to a scan request (cordon/scan/scan.h,
// where targets are found and scanned), shows the scan's messages, writes
// the report and decides the exit status: 2 when the command line, the
// rules, or any target failed (every other target is still scanned and
// reported); else 1 when a finding at or above --fail-on is neither allowed
// nor in the baseline; else 0.
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <string_view>

#include "cli/checked.h"
#include "cli/options.h"
#include "cli/output_file.h"
#include "cordon/report/gitlab_report.h"
#include "cordon/report/json_report.h"
#include "cordon/report/sarif_report.h"
#include "cordon/report/text_report.h"
#include "cordon/rules/model.h"
#include "cordon/scan/scan.h"
#include "cordon/support/diagnostics.h"
#include "cordon/version.h"

namespace cordon::cli {
namespace {

// SOURCE_DATE_EPOCH, when set, stands for every time a report names (the
// GitLab report's scan times), so a scan can be reproduced byte for byte.
std::time_t report_time(std::time_t now) {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (epoch == nullptr || *epoch == '\0') return now;
  char* end = nullptr;
  const long long value = std::strtoll(epoch, &end, 10);
  return *end == '\0' && value >= 0 ? static_cast<std::time_t>(value) : now;
}

// SARIF runs[].automationDetails.id category: --sarif-category, else one
// per profile and set of target arguments, so the scans of two platform
// builds of a title (two directories) are two analyses in code scanning.
std::string sarif_category(const ScanOptions& options, const std::string& profile) {
  if (options.sarif_category) return *options.sarif_category;
  std::string category = "cordon/" + profile;
  std::vector<std::string> targets = options.targets;
  if (options.compdb) targets.push_back("compdb:" + *options.compdb);
  std::sort(targets.begin(), targets.end());
  for (std::string t : targets) {
    while (t.size() > 1 && t.back() == '/') t.pop_back();
    for (char& c : t) {
      if (c == ' ' || c == '\t' || c == '\n') c = '_';
    }
    category += "/" + t;
  }
  return category;
}

scan::ScanRequest scan_request(const ScanOptions& options) {
  scan::ScanRequest request;
  request.targets = options.targets;
  request.compdb = options.compdb;
  request.profile = options.profile;
  request.rule_dirs = options.rule_dirs;
  request.allow = options.allow;
  request.manifest = options.manifest;
  request.baseline = options.baseline;
  request.jobs = options.jobs;
  request.memory_budget = options.memory_budget;
  request.progress = !options.quiet && ::isatty(STDERR_FILENO) == 1;
  request.min_coverage = options.min_coverage;
  request.cache = options.cache;
  request.tool_version = kVersion;
  // The report is byte-identical for the same input, so wall time is left
  // out unless CORDON_REPORT_TIMES=1 asks for it (benchmarks, profiling).
  const char* times = std::getenv("CORDON_REPORT_TIMES");
  request.record_times = times != nullptr && std::string_view(times) == "1";
  return request;
}

std::string render(const ScanOptions& options, const scan::ScanReport& scanned,
                   std::time_t started) {
  const flow::ScanReport& report = scanned.report;
  if (options.format == "json") return report::render_json(report);
  if (options.format == "sarif") {
    report::SarifOptions sarif;
    sarif.root = options.sarif_root;
    sarif.category = sarif_category(options, report.profile);
    if (options.baseline) sarif.baseline = &scanned.baseline;
    return report::render_sarif(report, &scanned.rules, sarif);
  }
  if (options.format == "gitlab-sast") {
    report::GitlabOptions gitlab;
    gitlab.root = options.sarif_root;
    gitlab.start_time = started;
    gitlab.end_time = report_time(std::time(nullptr));
    return report::render_gitlab_sast(report, &scanned.rules, gitlab);
  }
  bool colour =
      !options.output && ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  return report::render_text(report, colour);
}

}  // namespace

int run_scan_command(const ScanOptions& options) {
  // glibc gives each new thread (the lifters, the data scan, the targets'
  // workers) an arena of its own, whose freed pages stay resident after the
  // thread is gone: two arenas in all keep the peak ~16 MB lower on a large
  // title, and the per-thread caches keep the shared arena's lock off the
  // hot path. A process-wide setting, so it is set once, here.
  mallopt(M_ARENA_MAX, 2);
  const std::time_t started = report_time(std::time(nullptr));
  auto severity_floor = rules::parse_severity(options.fail_on);  // nullopt: "never"
  auto scanned = scan::scan(scan_request(options));
  if (!scanned) {
    for (const Error& error : scanned.error()) print_error(error);
    return kExitUsage;
  }
  for (const scan::Notice& notice : scanned->notices) {
    switch (notice.level) {
      case scan::Notice::Level::kWarning:
        print_warning(notice.error);
        break;
      case scan::Notice::Level::kError:
        print_error(notice.error);
        break;
    }
  }
  if (!checked(write_output(options.output, render(options, *scanned, started)))) {
    return kExitUsage;
  }
  if (scanned->target_failed) return kExitUsage;
  if (!severity_floor) return kExitClean;
  for (const auto& f : scanned->report.findings) {
    if (!f.allowed && f.severity >= *severity_floor && scanned->baseline.count(f.id) == 0) {
      return kExitFindings;
    }
  }
  return kExitClean;
}

}  // namespace cordon::cli
