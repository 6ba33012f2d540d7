// What one translation unit contributes before units are merged: a graph of
// the functions it defines plus what only the merge can resolve (callees and
// function references by USR, global keys, overriding methods).
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cordon/flow/program_graph.h"

namespace cordon::source {

struct CallLink {
  std::vector<std::string> callee_keys;  // USR first, then fallbacks (template, lambda)
  bool dynamic = false;                  // virtual dispatch: overriders may run
};

struct UnitFacts {
  flow::ProgramGraph graph{""};
  std::vector<CallLink> calls;                                      // by CallId of `graph`
  std::unordered_map<flow::NodeId, std::string> globals;            // node -> global key
  std::vector<std::pair<flow::NodeId, std::string>> function_refs;  // node -> function key
  std::vector<std::pair<std::string, std::string>> overrides;       // (overridden, overrider) USRs
};

}  // namespace cordon::source
