// build_source_graph: load the database, parse units in parallel (one
// CXIndex per thread), then merge their facts in database order so the
// graph does not depend on thread timing.
#include "cordon/source/source_front_end.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "compile_flags.h"
#include "graph_merger.h"
#include "libclang_handles.h"
#include "unit_parser.h"

#ifndef CORDON_CLANG_RESOURCE_DIR
#define CORDON_CLANG_RESOURCE_DIR ""
#endif

namespace cordon::source {
namespace {

struct Job {
  const CompileEntry* entry = nullptr;
  ParseFlags flags;
};

flow::TargetResult target_of(const SourceUnitResult& unit) {
  flow::TargetResult target;
  target.path = unit.path;
  target.format = "source";
  target.ok = unit.ok;
  if (!unit.ok) target.error = unit.error;
  target.stats.functions = unit.functions;
  target.stats.seconds = unit.seconds;
  return target;
}

}  // namespace

Result<SourceScan> build_source_graph(const std::string& compdb_path,
                                      const SourceOptions& options) {
  auto database = load_compile_database(compdb_path);
  if (!database) return fail(database.error());

  std::string resource_dir =
      options.resource_dir.empty() ? std::string(CORDON_CLANG_RESOURCE_DIR) : options.resource_dir;
  // Entries that differ only in what is dropped (-o, -MF) parse the same.
  std::vector<Job> jobs;
  std::set<std::pair<std::string, std::vector<std::string>>> seen;
  std::size_t duplicates = database->duplicates;
  for (const auto& entry : database->entries) {
    ParseFlags flags = parse_flags_for(entry, resource_dir, options.extra_arguments);
    if (!seen.emplace(entry.file, flags.args).second) {
      ++duplicates;
      continue;
    }
    jobs.push_back(Job{&entry, std::move(flags)});
  }

  std::vector<ParsedUnit> parsed(jobs.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&]() {
    // libclang indexes are per thread; a unit is parsed by exactly one thread.
    IndexHandle index(clang_createIndex(/*excludeDeclarationsFromPCH=*/0,
                                        /*displayDiagnostics=*/0));
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      parsed[i] = parse_unit(index.get(), *jobs[i].entry, jobs[i].flags.args, jobs[i].flags.cl_mode,
                             std::move(jobs[i].flags.notes));
    }
  };
  unsigned threads = std::max(1u, options.jobs);
  if (threads > jobs.size()) threads = static_cast<unsigned>(std::max<std::size_t>(1, jobs.size()));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();

  GraphMerger merger(database->path);
  std::vector<GraphMerger::UnitMap> maps(parsed.size());
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    if (parsed[i].facts) maps[i] = merger.declare(*parsed[i].facts);
  }
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    if (!parsed[i].facts) continue;
    merger.add(*parsed[i].facts, maps[i]);
    parsed[i].facts.reset();  // the unit's graph is no longer needed
  }

  SourceScan scan{database->path, {}, {}, merger.take(), duplicates};
  scan.units.reserve(parsed.size());
  for (auto& unit : parsed) {
    scan.targets.push_back(target_of(unit.result));
    scan.units.push_back(std::move(unit.result));
  }
  return scan;
}

}  // namespace cordon::source
