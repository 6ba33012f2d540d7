// The scan cache (--cache DIR) against a hostile directory: a stored
// target's results come back exactly; any entry cut short, altered, made
// for another key, path or content, a symlink, a FIFO or a directory is a
// miss, never an error or another result.
#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "cordon/report/json_report.h"
#include "cordon/report/scan_cache.h"
#include "cordon/support/file_reader.h"
#include "sample_report.h"

namespace {

namespace fs = std::filesystem;
using cordon::report::CachedTarget;
using cordon::report::KeyHasher;
using cordon::report::ScanCache;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "cordon-cache-test.XXXXXX").string();
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

std::string key_of(std::string_view text) {
  KeyHasher h;
  h.field(text);
  return h.hex();
}

std::string render(const cordon::flow::TargetResult& t,
                   const std::vector<cordon::flow::Finding>& findings) {
  cordon::flow::ScanReport r;
  r.targets = {t};
  r.findings = findings;
  return cordon::report::render_json(r);
}

std::string read(const fs::path& p) {
  auto text = cordon::read_text_file(p.string(), 1u << 24);
  REQUIRE(text.has_value());
  return *text;
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace

TEST_CASE("key hashing separates fields and follows every input") {
  KeyHasher a;
  a.field("ab");
  a.field("c");
  KeyHasher b;
  b.field("a");
  b.field("bc");
  CHECK(a.hex() != b.hex());
  CHECK(key_of("x") == key_of("x"));
  CHECK(key_of("x").size() == 64);

  TempDir dir;
  fs::create_directories(dir.path / "packs" / "sub");
  write(dir.path / "packs" / "one.yaml", "a: 1\n");
  write(dir.path / "packs" / "sub" / "two.yaml", "b: 2\n");
  auto tree_key = [&] {
    KeyHasher h;
    REQUIRE(h.tree((dir.path / "packs").string()).has_value());
    return h.hex();
  };
  const std::string before = tree_key();
  CHECK(tree_key() == before);
  write(dir.path / "packs" / "sub" / "two.yaml", "b: 3\n");
  const std::string changed = tree_key();
  CHECK(changed != before);
  fs::rename(dir.path / "packs" / "sub" / "two.yaml", dir.path / "packs" / "sub" / "three.yaml");
  CHECK(tree_key() != changed);  // a renamed file is another input
  KeyHasher missing;
  CHECK(missing.tree((dir.path / "none").string()).has_value());
}

TEST_CASE("a stored target comes back exactly; anything else is a miss") {
  TempDir dir;
  auto cache = ScanCache::open((dir.path / "cache" / "nested").string());
  REQUIRE(cache.has_value());
  auto report = cordon::testing::sample_report();
  REQUIRE(report.targets.size() == 2);
  const bool first_ok = report.targets.front().ok;
  cordon::flow::TargetResult target = report.targets[first_ok ? 0 : 1];
  cordon::flow::TargetResult failed = report.targets[first_ok ? 1 : 0];
  REQUIRE(target.ok);
  const std::string key = key_of("inputs");
  REQUIRE(cache->store(key, target, report.findings).has_value());

  auto hit = cache->load(key, target.path, target.sha256);
  REQUIRE(hit.has_value());
  target.stats.seconds = 0.0;  // this run's, not kept
  CHECK(render(hit->target, hit->findings) == render(target, report.findings));
  CHECK(hit->target.stats.functions == target.stats.functions);
  CHECK(hit->target.stats.covered_bytes == target.stats.covered_bytes);

  // Made for other inputs.
  CHECK_FALSE(cache->load(key_of("other inputs"), target.path, target.sha256).has_value());
  CHECK_FALSE(cache->load(key, "another/path", target.sha256).has_value());
  CHECK_FALSE(cache->load(key, target.path, std::string(64, 'c')).has_value());
  CHECK_FALSE(cache->load("../../etc/passwd", target.path, target.sha256).has_value());

  const fs::path entry = dir.path / "cache" / "nested" / (key + ".json");
  const std::string good = read(entry);
  auto damaged = [&](const std::string& text) {
    write(entry, text);
    return !cache->load(key, target.path, target.sha256).has_value();
  };
  CHECK(damaged(good.substr(0, good.size() / 2)));  // cut short
  CHECK(damaged(""));
  CHECK(damaged("not a cache entry\n"));
  {
    // One finding's severity changed: the payload digest no longer matches.
    std::string altered = good;
    auto at = altered.find("\"critical\"");
    REQUIRE(at != std::string::npos);
    altered.replace(at, 10, "\"info\"    ");
    CHECK(damaged(altered));
  }
  {
    // Another entry's content under this key (its header names its own key).
    const std::string other_key = key_of("else");
    REQUIRE(cache->store(other_key, target, {}).has_value());
    CHECK(damaged(read(dir.path / "cache" / "nested" / (other_key + ".json"))));
  }
  write(entry, good);
  CHECK(cache->load(key, target.path, target.sha256).has_value());

  // Not a regular file: a symlink to a good entry, a FIFO (never waited on),
  // a directory.
  fs::rename(entry, dir.path / "elsewhere.json");
  fs::create_symlink(dir.path / "elsewhere.json", entry);
  CHECK_FALSE(cache->load(key, target.path, target.sha256).has_value());
  fs::remove(entry);
  REQUIRE(::mkfifo(entry.c_str(), 0600) == 0);
  CHECK_FALSE(cache->load(key, target.path, target.sha256).has_value());
  fs::remove(entry);
  fs::create_directory(entry);
  CHECK_FALSE(cache->load(key, target.path, target.sha256).has_value());
  CHECK_FALSE(cache->store(key, target, report.findings).has_value());  // cannot replace it
  fs::remove(entry);

  // A rewrite replaces a bad entry; no temporary file is left behind.
  write(entry, "garbage");
  REQUIRE(cache->store(key, target, report.findings).has_value());
  CHECK(cache->load(key, target.path, target.sha256).has_value());
  for (const auto& e : fs::directory_iterator(dir.path / "cache" / "nested")) {
    CHECK(e.path().filename().string().front() != '.');
  }

  // A failed target is not kept.
  REQUIRE_FALSE(failed.ok);
  const std::string failed_key = key_of("failed");
  REQUIRE(cache->store(failed_key, failed, {}).has_value());
  CHECK_FALSE(fs::exists(dir.path / "cache" / "nested" / (failed_key + ".json")));
}

TEST_CASE("a cache path that is a file is an error") {
  TempDir dir;
  write(dir.path / "file", "x");
  CHECK_FALSE(ScanCache::open((dir.path / "file").string()).has_value());
}
