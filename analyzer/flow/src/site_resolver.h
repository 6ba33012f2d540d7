// Matching call sites and string references of a program graph against the
// rule packs: which calls are sources, sinks, propagators or sanitizers, and
// which reach a function of the graph itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/flow/program_graph.h"
#include "cordon/rules/rule_set.h"

namespace cordon::flow {

// The spellings a symbol is tried under, most literal first: as given, then
// without `@plt`, symbol versions (`@@GLIBC_2.2.5`), `__imp_`, one leading
// underscore, a stdcall `@N` suffix, and a C++ parameter list.
[[nodiscard]] std::vector<std::string> name_variants(std::string_view name);

struct ResolvedCall {
  std::vector<const rules::ApiEntry*> entries;  // rule entries this call matches
  std::string api;                              // the name the rules matched under
  // The named constants that made conditional entries apply ("CURLOPT_USERAGENT").
  std::string constants;
  std::optional<FunctionId> internal;  // callee in the graph, when no rule models it
};

struct StringSource {
  std::size_t string_index = 0;  // into graph.strings()
  const rules::ApiEntry* entry = nullptr;
};

// Whether `entry`'s `when` conditions hold at `call`: each named argument is
// one of the listed constants. An argument whose value the front end could
// not see (a wrapper's parameter) fails a source's condition (a source is
// claimed on evidence) and passes any other kind's (a sink is assumed).
// `names` receives the names of the constants that matched.
[[nodiscard]] bool conditions_hold(const ProgramGraph& graph, CallId call,
                                   const rules::ApiEntry& entry, std::string* names = nullptr);

// One entry per call site, same order as graph.calls().
[[nodiscard]] std::vector<ResolvedCall> resolve_calls(const ProgramGraph& graph,
                                                      const rules::RuleSet& rules);

// Source entries whose `strings` name a literal the target uses.
[[nodiscard]] std::vector<StringSource> resolve_string_sources(const ProgramGraph& graph,
                                                               const rules::RuleSet& rules);

}  // namespace cordon::flow
