// Writes the sample report as SARIF to stdout, for the schema test
// (validate_sarif.py), with descriptors from a one-rule pack.
#include <cstdio>

#include "cordon/report/sarif_report.h"
#include "cordon/rules/rule_set.h"
#include "sample_report.h"

int main() {
  auto rules = cordon::rules::RuleSet::from_texts({{"sample.yaml", R"(pack: sample
description: one source for the SARIF test
sources:
  - id: playstation.np.account-id
    apis: [ sceNpGetAccountId ]
    platform: playstation
    data: identity
    carries: [ "*arg0" ]
    description: the signed-in user's PSN account id
    reference: https://example.invalid/np
)"}});
  if (!rules) {
    std::fprintf(stderr, "sarif_writer: the sample pack does not load\n");
    return 1;
  }
  std::string text = cordon::report::render_sarif(cordon::testing::sample_report(), &*rules);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}
