// Naming a binary's virtual calls on SDK interface objects. The binary front
// end records each indirect call whose target was read from the table of
// virtual functions of an object a call returned (ProgramGraph::
// virtual_calls); when the rule packs list that call's callee as an
// interface accessor (`accessors`), the interface is the version string the
// accessor was given (or the one it names), and the packs' method order for
// that interface (`interfaces`) names the slot: "ISteamUser::GetSteamID".
#pragma once

#include <string>
#include <unordered_map>

#include "cordon/flow/program_graph.h"
#include "cordon/rules/rule_set.h"

namespace cordon::flow {

// Bytes per table entry: both architectures cordon reads are 64-bit.
inline constexpr std::int64_t kVtableEntryBytes = 8;

// The method each resolved virtual call calls, by call id; calls whose
// object, accessor, version or slot is not known are absent.
[[nodiscard]] std::unordered_map<CallId, std::string> interface_methods(
    const ProgramGraph& graph, const rules::RuleSet& rules);

}  // namespace cordon::flow
