// `cordon scan`: finds the targets (files, directories searched recursively,
// a compile database), scans them in parallel with per-target error
// isolation, applies the policy and writes the report. Exit status: 2 when
// the command line, the rules, or any target failed (every other target is
// still scanned and reported); else 1 when a finding at or above --fail-on is
// neither allowed nor in the baseline; else 0.
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>

#include <fmt/format.h>

#include "cli/checked.h"
#include "cli/options.h"
#include "cli/output_file.h"
#include "cli/scan_progress.h"
#include "cli/target_scheduler.h"
#include "cordon/binary/binary_front_end.h"
#include "cordon/flow/analyze.h"
#include "cordon/flow/manifest.h"
#include "cordon/flow/policy.h"
#include "cordon/report/baseline.h"
#include "cordon/report/coverage.h"
#include "cordon/report/file_digest.h"
#include "cordon/report/gitlab_report.h"
#include "cordon/report/json_report.h"
#include "cordon/report/sarif_report.h"
#include "cordon/report/scan_cache.h"
#include "cordon/report/text_report.h"
#include "cordon/rules/profile_loader.h"
#include "cordon/rules/rule_set.h"
#include "cordon/rules/rules_dir.h"
#include "cordon/source/source_front_end.h"
#include "cordon/support/diagnostics.h"
#include "cordon/support/file_reader.h"
#include "cordon/support/terminal_text.h"
#include "cordon/version.h"

namespace cordon::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxTargetBytes = std::size_t{2} << 30;
constexpr std::size_t kHeaderBytes = 64;

struct Target {
  std::string path;                   // as reported: the file, or "file[arch]" for a slice
  std::optional<std::string> error;   // set when discovery already knows it cannot be scanned
  std::string file;                   // the file to read (empty: `path`)
  std::string slice;                  // the architecture of a universal Mach-O file's slice
  std::vector<std::string> warnings;  // found by discovery (slices not analysed)
  std::uint64_t code_bytes = 0;       // from its section headers, before the scan

  [[nodiscard]] const std::string& file_path() const { return file.empty() ? path : file; }
};

// A binary file as targets: one per slice of a universal Mach-O file (each
// named "file[arch]"), else the file itself. A universal header that cannot
// be read is one target error for the file. Slices of architectures cordon
// does not analyse (i386, ppc: the old slices of SDK dylibs) are no targets;
// each analysed slice of the file says which were left out, and a file of
// such slices only is a target error.
void add_binary(const std::string& path, std::vector<Target>& out) {
  auto slices = binary::universal_slices(path, kMaxTargetBytes);
  if (!slices) {
    const Error& error = slices.error();
    out.push_back({path, error.where.empty() ? error.reason : error.where + ": " + error.reason});
    return;
  }
  if (slices->empty()) {
    out.push_back({path, std::nullopt});
    return;
  }
  std::vector<std::string> left_out;
  for (const auto& slice : *slices) {
    if (!slice.analysed) left_out.push_back(slice.arch);
  }
  std::string left = fmt::format("{}", fmt::join(left_out, ", "));
  if (left_out.size() == slices->size()) {
    out.push_back(
        {path, fmt::format("universal file of {} slices only: no x86-64 or arm64 slice", left)});
    return;
  }
  for (const auto& slice : *slices) {
    if (!slice.analysed) continue;
    Target t{binary::slice_target_name(path, slice.arch), std::nullopt, path, slice.arch, {}};
    if (!left_out.empty()) {
      t.warnings.push_back(
          fmt::format("the universal file's {} slice{} not analysed (only x86-64 and arm64 are)",
                      left, left_out.size() == 1 ? " is" : "s are"));
    }
    out.push_back(std::move(t));
  }
}

// The first bytes of a file, or nullopt when it cannot be read.
std::optional<std::vector<std::uint8_t>> read_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<std::uint8_t> bytes(kHeaderBytes);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

bool is_binary(const std::string& path) {
  auto header = read_header(path);
  return header && binary::looks_like_binary(*header);
}

// A directory, searched recursively: directory symlinks are not followed (no
// loops, no escaping the tree), unreadable directories are skipped, and files
// that do not look like binaries are skipped silently.
void walk_directory(const std::string& root, std::vector<Target>& out) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.push_back({root, fmt::format("cannot read directory: {}", ec.message())});
    return;
  }
  std::set<std::pair<dev_t, ino_t>> seen;  // hard links and file symlinks: scan once
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const fs::directory_entry& entry = *it;
    std::error_code type_ec;
    if (!entry.is_regular_file(type_ec) || type_ec) continue;
    struct stat st {};
    if (::stat(entry.path().c_str(), &st) != 0) continue;
    if (!seen.emplace(st.st_dev, st.st_ino).second) continue;
    std::string path = entry.path().string();
    if (is_binary(path)) add_binary(path, out);
  }
}

std::vector<Target> discover(const std::vector<std::string>& arguments) {
  std::vector<Target> out;
  for (const auto& argument : arguments) {
    std::error_code ec;
    fs::file_status status = fs::status(argument, ec);
    if (ec || !fs::exists(status)) {
      out.push_back({argument, "no such file or directory"});
    } else if (fs::is_directory(status)) {
      walk_directory(argument, out);
    } else if (!fs::is_regular_file(status)) {
      out.push_back({argument, "not a regular file"});
    } else {
      // Named explicitly: a file that is not a binary is an error, not a skip.
      auto header = read_header(argument);
      if (!header) {
        out.push_back({argument, "cannot open the file"});
      } else if (header->empty()) {
        out.push_back({argument, "empty file"});
      } else if (!binary::looks_like_binary(*header)) {
        out.push_back({argument, "not an ELF, PE/COFF or Mach-O file"});
      } else {
        add_binary(argument, out);
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Target& a, const Target& b) { return a.path < b.path; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Target& a, const Target& b) { return a.path == b.path; }),
            out.end());
  for (Target& t : out) {
    if (!t.error)
      t.code_bytes = binary::code_bytes_estimate(t.file_path(), t.slice, kMaxTargetBytes);
  }
  return out;
}

// The format a failed target most likely has, from its magic.
std::string guess_format(const std::string& path) {
  auto header = read_header(path);
  if (header && header->size() >= 4 && (*header)[0] == 0x7f && (*header)[1] == 'E' &&
      (*header)[2] == 'L' && (*header)[3] == 'F') {
    return "elf";
  }
  if (header && header->size() >= 2 && (*header)[0] == 'M' && (*header)[1] == 'Z') return "pe";
  if (header && binary::looks_like_binary(*header)) return "macho";  // the other magics known
  return "unknown";
}

// The report is byte-identical for the same input, so wall time is left out
// (0.0) unless CORDON_REPORT_TIMES=1 asks for it (benchmarks, profiling).
double report_seconds(std::chrono::steady_clock::duration elapsed) {
  static const bool wanted = [] {
    const char* value = std::getenv("CORDON_REPORT_TIMES");
    return value != nullptr && std::string_view(value) == "1";
  }();
  if (!wanted) return 0.0;
  double seconds = std::chrono::duration<double>(elapsed).count();
  return std::round(seconds * 1000.0) / 1000.0;
}

// --cache: the directory and the digest of every input a target's results
// depend on besides the target itself.
struct Cache {
  report::ScanCache store;
  std::string inputs;
  std::once_flag warned;  // one warning when entries cannot be written
};

struct Context {
  const rules::RuleSet& rules;
  const flow::Policy& policy;
  unsigned front_end_jobs = 1;
  Cache* cache = nullptr;
};

std::string target_key(const Cache& cache, const std::string& path, const std::string& sha256) {
  report::KeyHasher key;
  key.field("cordon scan target 1");
  key.field(cache.inputs);
  key.field(path);
  key.field(sha256);
  return key.hex();
}

struct Outcome {
  bool listed = true;  // false: findings only (the whole compile database)
  flow::TargetResult target;
  std::vector<flow::Finding> findings;
};

Outcome scan_binary(const Target& t, const Context& context) {
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
        out.target.stats.seconds = report_seconds(std::chrono::steady_clock::now() - started);
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
      std::call_once(context.cache->warned, [&kept] {
        print_warning(kept.error().input, kept.error().reason + " (results are not kept)");
      });
    }
  }
  out.target.stats.seconds = report_seconds(std::chrono::steady_clock::now() - started);
  return out;
}

// A target's estimated peak working memory: its code bytes times what the
// scan keeps per code byte (decoded functions, the graph, the dataflow
// state; measured in bench/scan, see docs/analysis.md), plus a fixed part.
std::uint64_t memory_cost(const Target& t) {
  constexpr std::uint64_t kBytesPerCodeByte = 32;
  constexpr std::uint64_t kPerTarget = std::uint64_t{4} << 20;
  return t.code_bytes * kBytesPerCodeByte + kPerTarget;
}

struct Parallelism {
  unsigned jobs = 1;
  std::uint64_t memory_budget = 0;
  bool progress = false;
};

// The targets on up to `jobs` workers, within the memory budget
// (target_scheduler.h). Outcomes stay in the targets' order, so the report
// does not depend on -j, the budget or which target finished first.
std::vector<Outcome> scan_all(const std::vector<Target>& targets, const Context& base,
                              const Parallelism& parallel) {
  std::vector<Outcome> outcomes(targets.size());
  std::vector<std::uint64_t> costs;
  std::uint64_t total_bytes = 0;
  for (const Target& t : targets) {
    costs.push_back(memory_cost(t));
    total_bytes += t.code_bytes;
  }
  TargetScheduler scheduler(std::move(costs), parallel.memory_budget);
  const unsigned jobs = parallel.jobs;
  unsigned workers = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(targets.size())));
  ScanProgress progress(targets.size(), total_bytes, parallel.progress);
  auto work = [&]() {
    while (auto slot = scheduler.acquire()) {
      const std::size_t i = slot->index;
      Context context = base;
      // A target that runs alone (the only one, or over the budget) has the
      // workers' threads for its own functions instead.
      context.front_end_jobs = targets.size() == 1 || slot->alone ? jobs : 1;
      try {
        outcomes[i] = scan_binary(targets[i], context);
      } catch (const std::exception& e) {
        // A bug or exhaustion on one target must not end the others.
        outcomes[i] = Outcome{};
        outcomes[i].target.path = targets[i].path;
        outcomes[i].target.ok = false;
        outcomes[i].target.format = guess_format(targets[i].file_path());
        outcomes[i].target.error = fmt::format("{}: internal error: {}", targets[i].path, e.what());
      }
      scheduler.release(*slot);
      progress.done(targets[i].path, targets[i].code_bytes);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
  return outcomes;
}

// Source targets: the compile database's units in one graph. Findings name
// the unit holding the path's first step that is a unit, else the database.
Result<std::vector<Outcome>> scan_sources(const std::string& compdb, const Context& context,
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
  whole.target.stats.seconds = report_seconds(std::chrono::steady_clock::now() - started);
  whole.target.stats.functions = scan->graph.functions().size();
  out.push_back(std::move(whole));
  return out;
}

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

Result<rules::RuleSet> load_rules(const std::vector<std::string>& extra, std::string& profiles) {
  auto dirs = rules::builtin_rules_dirs();
  if (!dirs) return fail(dirs.error());
  profiles = dirs->profiles;
  std::vector<std::string> packs{dirs->packs};
  packs.insert(packs.end(), extra.begin(), extra.end());
  auto set = rules::RuleSet::load(packs);
  if (!set) {
    for (std::size_t i = 1; i < set.error().size(); ++i) print_error(set.error()[i]);
    return fail(set.error().front());
  }
  return std::move(*set);
}

// The digest of what a binary target's results depend on besides the
// target: cordon itself (its version and the executable that analyses), the
// rules and profiles (every file), the profile chosen, --allow, the manifest.
Result<std::string> cache_inputs(const ScanOptions& options, const std::string& profile_dir) {
  report::KeyHasher key;
  key.field("cordon scan inputs 1");
  key.field(kVersion);
  auto self = report::sha256_file("/proc/self/exe", kMaxTargetBytes);
  if (!self) return fail(self.error());
  key.field(*self);
  auto dirs = rules::builtin_rules_dirs();
  if (!dirs) return fail(dirs.error());
  for (const std::string& tree : {dirs->packs, profile_dir}) {
    if (auto hashed = key.tree(tree); !hashed) return fail(hashed.error());
  }
  key.field("extra rules");
  for (const std::string& dir : options.rule_dirs) {
    if (auto hashed = key.tree(dir); !hashed) return fail(hashed.error());
  }
  key.field("profile");
  key.field(options.profile);
  if (auto hashed = key.tree(options.profile); !hashed) return fail(hashed.error());
  key.field("allow");
  for (const std::string& endpoint : options.allow) key.field(endpoint);
  key.field("manifest");
  if (options.manifest) {
    if (auto hashed = key.tree(*options.manifest); !hashed) return fail(hashed.error());
  }
  return key.hex();
}

// Without --memory-budget: half the memory the scan may have (the machine's
// physical memory, or its cgroup's limit when lower: a CI container), the
// other half left to the rest and to estimates that fall short.
std::uint64_t default_budget() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGESIZE);
  std::uint64_t memory = pages > 0 && page_size > 0 ? static_cast<std::uint64_t>(pages) *
                                                          static_cast<std::uint64_t>(page_size)
                                                    : std::uint64_t{8} << 30;
  std::ifstream limit("/sys/fs/cgroup/memory.max");  // "max" when there is none
  std::uint64_t cgroup = 0;
  if (limit >> cgroup && cgroup > 0) memory = std::min(memory, cgroup);
  return memory / 2;
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
  std::string profile_dir;
  auto rules = checked(load_rules(options.rule_dirs, profile_dir));
  if (!rules) return kExitUsage;
  auto profile = checked(rules::load_profile(options.profile, profile_dir));
  if (!profile) return kExitUsage;
  if (auto faults = rules::check_profile_against(*profile, *rules); !faults.empty()) {
    for (const auto& fault : faults) print_error(fault);
    return kExitUsage;
  }
  flow::Manifest manifest;
  if (options.manifest) {
    auto loaded = checked(flow::load_manifest(*options.manifest));
    if (!loaded) return kExitUsage;
    manifest = std::move(*loaded);
  }
  std::set<std::string> baseline;
  if (options.baseline) {
    auto ids = checked(report::load_baseline_ids(*options.baseline));
    if (!ids) return kExitUsage;
    baseline = std::move(*ids);
  }
  auto severity_floor = rules::parse_severity(options.fail_on);  // nullopt: "never"
  auto policy = checked(flow::make_policy(*profile, options.allow, std::move(manifest)));
  if (!policy) return kExitUsage;

  unsigned jobs =
      options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::optional<Cache> cache;
  if (options.cache) {
    auto store = checked(report::ScanCache::open(*options.cache));
    if (!store) return kExitUsage;
    auto inputs = checked(cache_inputs(options, profile_dir));
    if (!inputs) return kExitUsage;
    cache.emplace(std::move(*store), std::move(*inputs));
  }
  Context context{*rules, *policy, 1, cache ? &*cache : nullptr};
  Parallelism parallel;
  parallel.jobs = jobs;
  parallel.memory_budget = options.memory_budget != 0 ? options.memory_budget : default_budget();
  parallel.progress = !options.quiet && ::isatty(STDERR_FILENO) == 1;
  std::vector<Outcome> outcomes = scan_all(discover(options.targets), context, parallel);
  if (options.compdb) {
    auto sources = checked(scan_sources(*options.compdb, context, jobs));
    if (!sources) return kExitUsage;
    for (auto& o : *sources) outcomes.push_back(std::move(o));
  }

  flow::ScanReport report;
  report.tool_version = kVersion;
  report.profile = policy->profile.name;
  bool target_failed = false;
  for (auto& o : outcomes) {
    report::apply_coverage_policy(o.target, options.min_coverage);
    for (const auto& warning : o.target.warnings) print_warning(o.target.path, warning);
    if (!o.target.ok) {
      target_failed = true;
      // The target's error already names it ("path: reason").
      print_error("", o.target.error.value_or(o.target.path + ": could not be scanned"));
    }
    if (o.listed) report.targets.push_back(std::move(o.target));
    for (auto& f : o.findings) report.findings.push_back(std::move(f));
  }
  report::sort_report(report);

  std::string text;
  if (options.format == "json") {
    text = report::render_json(report);
  } else if (options.format == "sarif") {
    report::SarifOptions sarif;
    sarif.root = options.sarif_root;
    sarif.category = sarif_category(options, report.profile);
    if (options.baseline) sarif.baseline = &baseline;
    text = report::render_sarif(report, &*rules, sarif);
  } else if (options.format == "gitlab-sast") {
    report::GitlabOptions gitlab;
    gitlab.root = options.sarif_root;
    gitlab.start_time = started;
    gitlab.end_time = report_time(std::time(nullptr));
    text = report::render_gitlab_sast(report, &*rules, gitlab);
  } else {
    bool colour =
        !options.output && ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
    text = report::render_text(report, colour);
  }
  if (!checked(write_output(options.output, text))) return kExitUsage;
  if (target_failed) return kExitUsage;
  if (!severity_floor) return kExitClean;
  for (const auto& f : report.findings) {
    if (!f.allowed && f.severity >= *severity_floor && baseline.count(f.id) == 0) {
      return kExitFindings;
    }
  }
  return kExitClean;
}

}  // namespace cordon::cli
