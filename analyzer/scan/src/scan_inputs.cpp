#include "scan_inputs.h"

#include <utility>
#include <vector>

#include "cordon/flow/manifest.h"
#include "cordon/report/baseline.h"
#include "cordon/report/file_digest.h"
#include "cordon/rules/profile_loader.h"
#include "cordon/rules/rules_dir.h"
#include "targets.h"

namespace cordon::scan {
namespace {

tl::unexpected<ScanFailure> failure(Error error) {
  return tl::unexpected<ScanFailure>(ScanFailure{std::move(error)});
}

// The built-in packs and the extra ones. Every pack error is shown, the
// first one last (as the command line always did).
tl::expected<rules::RuleSet, ScanFailure> load_rules(const std::vector<std::string>& extra,
                                                     std::string& profiles) {
  auto dirs = rules::builtin_rules_dirs();
  if (!dirs) return failure(dirs.error());
  profiles = dirs->profiles;
  std::vector<std::string> packs{dirs->packs};
  packs.insert(packs.end(), extra.begin(), extra.end());
  auto set = rules::RuleSet::load(packs);
  if (!set) {
    ScanFailure errors(set.error().begin() + 1, set.error().end());
    errors.push_back(set.error().front());
    return tl::unexpected<ScanFailure>(std::move(errors));
  }
  return std::move(*set);
}

// The digest of what a binary target's results depend on besides the
// target: cordon itself (its version and the executable that analyses), the
// rules and profiles (every file), the profile chosen, --allow, the manifest.
Result<std::string> cache_inputs(const ScanRequest& request, const std::string& profile_dir) {
  report::KeyHasher key;
  key.field("cordon scan inputs 1");
  key.field(request.tool_version);
  auto self = report::sha256_file("/proc/self/exe", kMaxTargetBytes);
  if (!self) return fail(self.error());
  key.field(*self);
  auto dirs = rules::builtin_rules_dirs();
  if (!dirs) return fail(dirs.error());
  for (const std::string& tree : {dirs->packs, profile_dir}) {
    if (auto hashed = key.tree(tree); !hashed) return fail(hashed.error());
  }
  key.field("extra rules");
  for (const std::string& dir : request.rule_dirs) {
    if (auto hashed = key.tree(dir); !hashed) return fail(hashed.error());
  }
  key.field("profile");
  key.field(request.profile);
  if (auto hashed = key.tree(request.profile); !hashed) return fail(hashed.error());
  key.field("allow");
  for (const std::string& endpoint : request.allow) key.field(endpoint);
  key.field("manifest");
  if (request.manifest) {
    if (auto hashed = key.tree(*request.manifest); !hashed) return fail(hashed.error());
  }
  return key.hex();
}

}  // namespace

tl::expected<ScanInputs, ScanFailure> load_inputs(const ScanRequest& request) {
  std::string profile_dir;
  auto rules = load_rules(request.rule_dirs, profile_dir);
  if (!rules) return tl::unexpected<ScanFailure>(std::move(rules.error()));
  auto profile = rules::load_profile(request.profile, profile_dir);
  if (!profile) return failure(profile.error());
  if (auto faults = rules::check_profile_against(*profile, *rules); !faults.empty()) {
    return tl::unexpected<ScanFailure>(std::move(faults));
  }
  flow::Manifest manifest;
  if (request.manifest) {
    auto loaded = flow::load_manifest(*request.manifest);
    if (!loaded) return failure(loaded.error());
    manifest = std::move(*loaded);
  }
  std::set<std::string> baseline;
  if (request.baseline) {
    auto ids = report::load_baseline_ids(*request.baseline);
    if (!ids) return failure(ids.error());
    baseline = std::move(*ids);
  }
  auto policy = flow::make_policy(std::move(*profile), request.allow, std::move(manifest));
  if (!policy) return failure(policy.error());
  ScanInputs inputs{std::move(*rules), std::move(*policy), std::move(baseline), std::nullopt, {}};
  if (request.cache) {
    auto store = report::ScanCache::open(*request.cache);
    if (!store) return failure(store.error());
    auto digest = cache_inputs(request, profile_dir);
    if (!digest) return failure(digest.error());
    inputs.cache = std::move(*store);
    inputs.cache_inputs = std::move(*digest);
  }
  return inputs;
}

}  // namespace cordon::scan
