// `cordon rules check --verbose` in the analyzers' helper: the ordinary check,
// then every API entry against the public declarations libclang finds on this
// machine (signatures/sets.yaml beside the built-in packs). A contradiction is
// a fault (exit 2); entries none of whose names is declared here are listed
// as unverified.
#include <fmt/core.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cordon/rules/rule_set.h"
#include "cordon/rules/rules_dir.h"
#include "cordon/source/signatures.h"
#include "cordon/support/diagnostics.h"

namespace cordon::cli {

int run_rules_verify(const RulesOptions& options) {
  const int status = run_rules_check(options);
  if (status != kExitClean) return status;
  auto dirs = rules::builtin_rules_dirs();
  if (!dirs) return kExitUsage;  // run_rules_check said why
  std::vector<std::string> pack_dirs{dirs->packs};
  pack_dirs.insert(pack_dirs.end(), options.dirs.begin(), options.dirs.end());
  auto set = rules::RuleSet::load(pack_dirs);
  if (!set) return kExitUsage;

  const std::string signatures =
      (std::filesystem::path(dirs->packs).parent_path() / "signatures").string();
  auto sets = source::load_declaration_sets(signatures);
  if (!sets) {
    print_error(sets.error());
    return kExitUsage;
  }
  const source::IndexedSets declarations = source::index_declarations(*sets);
  const source::SignatureReport report = source::check_signatures(*set, declarations, *sets);

  for (const std::string& skipped : declarations.skipped) {
    fmt::print("skipped declarations: {}\n", skipped);
  }
  for (const rules::ApiEntry* e : report.unverified) {
    fmt::print("unverified: {} ({})\n", e->id, e->apis.empty() ? "no api names" : e->apis.front());
  }
  for (const std::string& reference : report.unmatched_references) {
    fmt::print("unmatched reference: {}\n", reference);
  }
  std::string parsed;
  for (const std::string& name : declarations.parsed) parsed += (parsed.empty() ? "" : ", ") + name;
  fmt::print(
      "signatures: {} entries checked against a declaration, {} unverified, {} faults "
      "({} declarations from: {})\n",
      report.checked.size(), report.unverified.size(), report.faults.size(),
      declarations.index.size(), parsed.empty() ? "none" : parsed);
  if (!report.faults.empty()) {
    for (const Error& fault : report.faults) print_error(fault);
    print_error("rules check", fmt::format("{} signature fault{}", report.faults.size(),
                                           report.faults.size() == 1 ? "" : "s"));
    return kExitUsage;
  }
  return kExitClean;
}

}  // namespace cordon::cli
