// Where the descriptor, FILE* stream or Windows handle of a write-family call
// comes from (docs/analysis.md, "Where a descriptor goes"): followed back
// through the def-use to the calls, globals and constants the packs' handle
// entries name (socket -> network, open/fopen -> file, 1/stdout -> standard,
// pipe -> pipe).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "cordon/rules/rule_set.h"
#include "site_resolver.h"
#include "value_graph.h"

namespace cordon::flow {

enum class HandleVerdict {
  kNetwork,  // some origin is a network one: a network sink
  kLocal,    // every origin found is a file, a standard stream or a pipe
  kUnknown,  // no origin found: a network sink, reported as uncertain
};

class HandleOrigins {
 public:
  HandleOrigins(const ValueGraph& values, const std::vector<ResolvedCall>& resolved,
                const rules::RuleSet& rules);
  // The verdict for the value `handle` names at call `call`.
  [[nodiscard]] HandleVerdict of(CallId call, const rules::ValueRef& handle) const;

 private:
  // What one node says by itself: an origin, "look further" (nullopt), or
  // an unknown leaf.
  struct Found {
    bool known = false;
    rules::HandleOrigin origin = rules::HandleOrigin::kFile;
    std::vector<NodeId> copies;  // a handle made from these (fdopen, fileno, dup)
  };
  [[nodiscard]] Found at(NodeId node) const;
  [[nodiscard]] static Found known(const rules::ApiEntry& entry, const CallSite& call);
  [[nodiscard]] Found constant(std::int64_t value) const;

  const ValueGraph& values_;
  const std::vector<ResolvedCall>& resolved_;
  const rules::RuleSet& rules_;
  std::unordered_map<NodeId, const rules::ApiEntry*> globals_;  // handle globals by node
};

}  // namespace cordon::flow
