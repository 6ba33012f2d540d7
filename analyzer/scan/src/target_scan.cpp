#include "target_scan.h"

#include <cmath>
#include <future>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "cordon/binary/binary_front_end.h"
#include "cordon/flow/analyze.h"
#include "cordon/report/file_digest.h"
#include "cordon/source/source_front_end.h"

namespace cordon::scan {
namespace {

std::string target_key(const TargetCache& cache, const std::string& path,
                       const std::string& sha256) {
  report::KeyHasher key;
  key.field("cordon scan target 1");
  key.field(cache.inputs);
  key.field(path);
  key.field(sha256);
  return key.hex();
}

}  // namespace

Outcome scan_binary(const Target& t, const TargetContext& context) {
  Outcome out;
  out.target.path = t.path;
  auto started = std::chrono::steady_clock::now();
  // The digest reads the whole file: with cores to spare it runs beside the
  // front end and the analysis, whose serial stages leave one idle.
  // A slice of a universal file has the digest of the whole file.
  auto digest = std::async(context.front_end_jobs > 1 ? std::launch::async : std::launch::deferred,
                           [&t] { return report::sha256_file(t.file_path(), kMaxTargetBytes); });
  auto fail_target = [&out, &t, &digest](std::string reason) {
    if (auto sha = digest.get()) out.target.sha256 = *sha;
    out.target.ok = false;
    out.target.format = guess_format(t.file_path());
    out.target.error = std::move(reason);
  };
  if (t.error) {
    fail_target(fmt::format("{}: {}", t.path, *t.error));
    return out;
  }
  out.target.warnings = t.warnings;
  // With a cache the digest comes first: it is the key.
  std::string key;
  if (context.cache != nullptr) {
    auto sha = digest.get();
    digest = std::async(std::launch::deferred, [sha] { return sha; });
    if (sha) {
      key = target_key(*context.cache, t.path, *sha);
      if (auto hit = context.cache->store.load(key, t.path, *sha)) {
        out.target = std::move(hit->target);
        out.target.warnings = t.warnings;  // this run's, not kept
        out.findings = std::move(hit->findings);
        out.target.stats.seconds =
            report_seconds(std::chrono::steady_clock::now() - started, context.record_times);
        return out;
      }
    }
  }
  binary::FrontEndOptions options;
  options.jobs = context.front_end_jobs;
  options.max_file_bytes = kMaxTargetBytes;
  options.slice = t.slice;
  auto built = binary::build_binary_graph(t.file_path(), options);
  if (!built) {
    fail_target(built.error().message());
    return out;
  }
  out.target.format = built->format;
  out.target.arch = built->arch;
  out.target.stats.functions = built->function_count;
  out.target.stats.instructions = built->instruction_count;
  out.target.stats.code_bytes = built->code_bytes;
  out.target.stats.covered_bytes = built->covered_bytes;
  out.findings = flow::analyze_graph(built->graph, t.path, context.rules, context.policy);
  if (auto sha = digest.get()) out.target.sha256 = *sha;
  if (!key.empty()) {
    if (auto kept = context.cache->store.store(key, out.target, out.findings); !kept) {
      std::call_once(context.cache->warned, [&kept, &context] {
        Error error = kept.error();
        error.reason += " (results are not kept)";
        context.cache->unwritable = std::move(error);
      });
    }
  }
  out.target.stats.seconds =
      report_seconds(std::chrono::steady_clock::now() - started, context.record_times);
  return out;
}

// Source targets: the compile database's units in one graph. Findings name
// the unit holding the path's first step that is a unit, else the database.
Result<std::vector<Outcome>> scan_sources(const std::string& compdb, const TargetContext& context,
                                          unsigned jobs) {
  source::SourceOptions options;
  options.jobs = jobs;
  auto started = std::chrono::steady_clock::now();
  auto scan = source::build_source_graph(compdb, options);
  if (!scan) return fail(scan.error());
  std::vector<Outcome> out;
  std::set<std::string> units;
  for (const auto& target : scan->targets) {
    Outcome o;
    o.target = target;
    // The digest of the translation unit's main file, as for a binary target.
    if (o.target.sha256.empty()) {
      if (auto digest = report::sha256_file(o.target.path, kMaxTargetBytes)) {
        o.target.sha256 = *digest;
      }
    }
    units.insert(target.path);
    out.push_back(std::move(o));
  }
  // A finding belongs to the unit holding its path's first step in a unit,
  // else to the database; its id hashes that name.
  auto unit_of = [&units](const flow::Finding& f) -> std::string {
    for (const auto& step : f.path) {
      if (step.file && units.count(*step.file) != 0) return *step.file;
    }
    return {};
  };
  auto findings =
      flow::analyze_graph(scan->graph, scan->database, context.rules, context.policy, {}, unit_of);
  Outcome whole;
  whole.listed = false;
  whole.findings = std::move(findings);
  whole.target.path = scan->database;
  whole.target.format = "source";
  whole.target.stats.seconds =
      report_seconds(std::chrono::steady_clock::now() - started, context.record_times);
  whole.target.stats.functions = scan->graph.functions().size();
  out.push_back(std::move(whole));
  return out;
}

// The report is byte-identical for the same input, so wall time is left out
// (0.0) unless asked for (CORDON_REPORT_TIMES=1: benchmarks, profiling).
double report_seconds(std::chrono::steady_clock::duration elapsed, bool record) {
  if (!record) return 0.0;
  double seconds = std::chrono::duration<double>(elapsed).count();
  return std::round(seconds * 1000.0) / 1000.0;
}

}  // namespace cordon::scan
