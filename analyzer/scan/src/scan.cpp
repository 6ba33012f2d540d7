#include "cordon/scan/scan.h"

#include <algorithm>
#include <optional>
#include <thread>
#include <utility>

#include "cordon/report/coverage.h"
#include "cordon/report/json_report.h"
#include "scan_inputs.h"
#include "target_pool.h"
#include "target_scan.h"
#include "targets.h"

namespace cordon::scan {

tl::expected<ScanReport, ScanFailure> scan(const ScanRequest& request) {
  auto inputs = load_inputs(request);
  if (!inputs) return tl::unexpected<ScanFailure>(std::move(inputs.error()));

  unsigned jobs =
      request.jobs != 0 ? request.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::optional<TargetCache> cache;
  if (inputs->cache) cache.emplace(std::move(*inputs->cache), std::move(inputs->cache_inputs));
  TargetContext context{inputs->rules, inputs->policy, 1, cache ? &*cache : nullptr,
                        request.record_times};
  Parallelism parallel;
  parallel.jobs = jobs;
  parallel.memory_budget =
      request.memory_budget != 0 ? request.memory_budget : default_memory_budget();
  parallel.progress = request.progress;
  std::vector<Outcome> outcomes = scan_all(discover(request.targets), context, parallel);
  if (request.compdb) {
    auto sources = scan_sources(*request.compdb, context, jobs);
    if (!sources) return tl::unexpected<ScanFailure>(ScanFailure{std::move(sources.error())});
    for (auto& o : *sources) outcomes.push_back(std::move(o));
  }

  ScanReport out{{}, std::move(inputs->rules), std::move(inputs->baseline), {}, false};
  out.report.tool_version = request.tool_version;
  out.report.profile = inputs->policy.profile.name;
  if (cache && cache->unwritable) {
    out.notices.push_back({Notice::Level::kWarning, std::move(*cache->unwritable)});
  }
  for (auto& o : outcomes) {
    report::apply_coverage_policy(o.target, request.min_coverage);
    for (const auto& warning : o.target.warnings) {
      out.notices.push_back(
          {Notice::Level::kWarning, Error{ErrorKind::kParse, o.target.path, {}, warning}});
    }
    if (!o.target.ok) {
      out.target_failed = true;
      // The target's error already names it ("path: reason").
      out.notices.push_back(
          {Notice::Level::kError,
           Error{ErrorKind::kParse,
                 {},
                 {},
                 o.target.error.value_or(o.target.path + ": could not be scanned")}});
    }
    if (o.listed) out.report.targets.push_back(std::move(o.target));
    for (auto& f : o.findings) out.report.findings.push_back(std::move(f));
  }
  report::sort_report(out.report);
  return out;
}

}  // namespace cordon::scan
