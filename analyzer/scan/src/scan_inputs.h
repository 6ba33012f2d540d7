// What a scan loads before it reads a target: the rules (built-in packs and
// --rules), the profile checked against them, the manifest, the baseline,
// the policy, and with --cache the cache directory and the digest of every
// input a target's results depend on besides the target itself.
#pragma once

#include <optional>
#include <set>
#include <string>

#include <tl/expected.hpp>

#include "cordon/flow/policy.h"
#include "cordon/report/scan_cache.h"
#include "cordon/rules/rule_set.h"
#include "cordon/scan/scan.h"

namespace cordon::scan {

struct ScanInputs {
  rules::RuleSet rules;
  flow::Policy policy;
  std::set<std::string> baseline;
  std::optional<report::ScanCache> cache;  // with --cache
  std::string cache_inputs;                // the digest of the inputs besides the target
};

// The inputs of `request`, or every error that stops the scan, in the order
// to show them; stops at the first input that fails.
[[nodiscard]] tl::expected<ScanInputs, ScanFailure> load_inputs(const ScanRequest& request);

}  // namespace cordon::scan
