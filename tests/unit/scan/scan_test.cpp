// scan(ScanRequest) on a small directory of sample binaries: which targets
// it finds (binaries only, each file once), the findings and targets of the
// report, a failed target beside good ones, the same report under any -j and
// memory budget and from the cache, --min-coverage, and the inputs that stop
// a scan before it starts.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "cordon/report/coverage.h"
#include "cordon/report/json_report.h"
#include "cordon/scan/scan.h"

namespace {

namespace fs = std::filesystem;
using cordon::scan::Notice;
using cordon::scan::ScanRequest;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "cordon-scan-test.XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    path = templ;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

// titles/leaky, titles/sub/clean, a symlink and a hard link to the leaky
// one (the same file: scanned once) and a text file (not a binary: skipped).
struct SampleTree {
  TempDir dir;
  fs::path root = dir.path / "titles";
  fs::path leaky = root / "leaky";
  fs::path clean = root / "sub" / "clean";
  SampleTree() {
    fs::create_directories(root / "sub");
    fs::copy_file(CORDON_SAMPLE_LEAKY, leaky);
    fs::copy_file(CORDON_SAMPLE_CLEAN, clean);
    fs::create_symlink(leaky, root / "sub" / "leaky-link");
    fs::create_hard_link(leaky, root / "zz-hard-link");
    std::ofstream(root / "README.txt") << "not a binary\n";
  }
};

ScanRequest request_for(std::vector<std::string> targets) {
  ScanRequest request;
  request.targets = std::move(targets);
  request.jobs = 1;
  request.tool_version = "test";
  return request;
}

std::string json_of(const cordon::scan::ScanReport& scanned) {
  return cordon::report::render_json(scanned.report);
}

std::size_t count_paths(const cordon::flow::ScanReport& report, const std::string& target) {
  return static_cast<std::size_t>(
      std::count_if(report.findings.begin(), report.findings.end(), [&](const auto& f) {
        return f.target == target && f.kind == cordon::flow::FindingKind::kExfiltrationPath;
      }));
}

}  // namespace

TEST_CASE("a directory: its binaries, each once, and what they do") {
  SampleTree tree;
  auto scanned = cordon::scan::scan(request_for({tree.root.string()}));
  REQUIRE(scanned);
  CHECK_FALSE(scanned->target_failed);
  CHECK(scanned->notices.empty());
  CHECK(scanned->report.tool_version == "test");
  CHECK(scanned->report.profile == "zero-trust");
  const auto& targets = scanned->report.targets;
  // The links are the leaky file again (which of its three names is kept
  // depends on the directory's order); the text file is skipped.
  REQUIRE(targets.size() == 2);
  const std::string leaky =
      targets[0].path == tree.clean.string() ? targets[1].path : targets[0].path;
  CHECK((leaky == tree.leaky.string() || leaky == (tree.root / "zz-hard-link").string() ||
         leaky == (tree.root / "sub" / "leaky-link").string()));
  CHECK(std::count_if(targets.begin(), targets.end(),
                      [&](const auto& t) { return t.path == tree.clean.string(); }) == 1);
  for (const auto& t : targets) {
    CHECK(t.ok);
    CHECK(t.format == "elf");
    CHECK(t.arch == std::optional<std::string>("x86_64"));
    CHECK(t.sha256.size() == 64);
    CHECK(t.stats.functions > 0);
  }
  // samples/expected.yaml: psn_to_playfab sends the PSN account id to
  // PlayFab through libcurl (critical); clean_ping has no path.
  REQUIRE(count_paths(scanned->report, leaky) == 1);
  CHECK(count_paths(scanned->report, tree.clean.string()) == 0);
  auto path = std::find_if(
      scanned->report.findings.begin(), scanned->report.findings.end(),
      [](const auto& f) { return f.kind == cordon::flow::FindingKind::kExfiltrationPath; });
  CHECK(path->source->api == "sceNpGetAccountId");
  CHECK(path->sink->api == "curl_easy_setopt");
  CHECK(path->severity == cordon::rules::Severity::kCritical);
  CHECK_FALSE(path->allowed);
}

TEST_CASE("a target that cannot be scanned fails alone") {
  SampleTree tree;
  const std::string text = (tree.root / "README.txt").string();
  const std::string missing = (tree.root / "no-such-file").string();
  auto scanned = cordon::scan::scan(request_for({text, missing, tree.leaky.string()}));
  REQUIRE(scanned);
  CHECK(scanned->target_failed);
  const auto& targets = scanned->report.targets;
  REQUIRE(targets.size() == 3);
  auto find = [&](const std::string& p) {
    return *std::find_if(targets.begin(), targets.end(),
                         [&](const auto& t) { return t.path == p; });
  };
  CHECK_FALSE(find(text).ok);
  CHECK(find(text).error == text + ": not an ELF, PE/COFF or Mach-O file");
  CHECK_FALSE(find(missing).ok);
  CHECK(find(missing).error == missing + ": no such file or directory");
  CHECK(find(tree.leaky.string()).ok);
  CHECK(count_paths(scanned->report, tree.leaky.string()) == 1);
  // One error notice per failed target, naming it, in the targets' order
  // (by path: "README.txt" before "no-such-file").
  REQUIRE(scanned->notices.size() == 2);
  for (const auto& notice : scanned->notices) CHECK(notice.level == Notice::Level::kError);
  CHECK(scanned->notices[0].error.message() == text + ": not an ELF, PE/COFF or Mach-O file");
  CHECK(scanned->notices[1].error.message() == missing + ": no such file or directory");
}

TEST_CASE("the report does not depend on -j, the memory budget or the cache") {
  SampleTree tree;
  auto base = cordon::scan::scan(request_for({tree.root.string()}));
  REQUIRE(base);
  const std::string expected = json_of(*base);

  auto parallel = request_for({tree.root.string()});
  parallel.jobs = 3;
  auto with_jobs = cordon::scan::scan(parallel);
  REQUIRE(with_jobs);
  CHECK(json_of(*with_jobs) == expected);

  parallel.memory_budget = 1;  // every target over the budget: each runs alone
  auto alone = cordon::scan::scan(parallel);
  REQUIRE(alone);
  CHECK(json_of(*alone) == expected);

  TempDir cache;
  auto cached = request_for({tree.root.string()});
  cached.cache = (cache.path / "store").string();
  auto first = cordon::scan::scan(cached);
  REQUIRE(first);
  CHECK(json_of(*first) == expected);
  CHECK(first->notices.empty());
  const auto entries = std::distance(fs::recursive_directory_iterator(*cached.cache),
                                     fs::recursive_directory_iterator());
  CHECK(entries >= 2);  // one entry per target at least
  auto second = cordon::scan::scan(cached);
  REQUIRE(second);
  CHECK(json_of(*second) == expected);
}

TEST_CASE("--min-coverage makes a target under it a target error") {
  SampleTree tree;
  auto base = cordon::scan::scan(request_for({tree.leaky.string()}));
  REQUIRE(base);
  REQUIRE(base->report.targets.size() == 1);
  auto fraction = cordon::report::coverage_fraction(base->report.targets[0].stats);
  REQUIRE(fraction);

  auto request = request_for({tree.leaky.string()});
  request.min_coverage = *fraction;  // met exactly
  auto met = cordon::scan::scan(request);
  REQUIRE(met);
  CHECK_FALSE(met->target_failed);
  CHECK(met->report.targets[0].ok);

  request.min_coverage = *fraction + 0.001;
  auto under = cordon::scan::scan(request);
  REQUIRE(under);
  CHECK(under->target_failed);
  CHECK_FALSE(under->report.targets[0].ok);
  REQUIRE(under->notices.size() == 1);
  CHECK(under->notices[0].level == Notice::Level::kError);
  CHECK(under->notices[0].error.message().find("coverage") != std::string::npos);
}

TEST_CASE("a bad input stops the scan before any target, naming the input") {
  SampleTree tree;
  auto request = request_for({tree.leaky.string()});
  request.profile = "no-such-profile";
  auto bad_profile = cordon::scan::scan(request);
  REQUIRE_FALSE(bad_profile);
  REQUIRE(bad_profile.error().size() == 1);
  CHECK(bad_profile.error()[0].message().find("no-such-profile") != std::string::npos);

  request = request_for({tree.leaky.string()});
  request.baseline = (tree.root / "no-baseline.json").string();
  auto bad_baseline = cordon::scan::scan(request);
  REQUIRE_FALSE(bad_baseline);
  CHECK(bad_baseline.error()[0].message().find("no-baseline.json") != std::string::npos);

  request = request_for({tree.leaky.string()});
  request.rule_dirs = {(tree.root / "no-rules").string()};
  auto bad_rules = cordon::scan::scan(request);
  REQUIRE_FALSE(bad_rules);
  CHECK(bad_rules.error().back().message().find("no-rules") != std::string::npos);
}
