// Merges the units' facts into one ProgramGraph: a definition seen in several
// units (inline functions, templates in headers: same USR, same file and
// line) kept once, first unit wins; callees and function references resolved
// by USR, preferring the unit's own definition (a database may hold several
// programs, each with its own `main`), then the first unit defining it;
// virtual calls fanned out to the overriding methods defined anywhere.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cordon/flow/program_graph.h"
#include "unit_facts.h"

namespace cordon::source {

class GraphMerger {
 public:
  explicit GraphMerger(std::string target) : graph_(std::move(target)) {}

  // Where a unit's functions went in the merged graph.
  struct UnitMap {
    std::vector<flow::FunctionId> ids;
    std::vector<bool> repeat;  // defined by an earlier unit: its body is skipped
    std::unordered_map<std::string, flow::FunctionId> own;  // USR -> id, this unit's
  };

  // First pass, over every unit in order: their functions and overrides.
  UnitMap declare(const UnitFacts& unit);
  // Second pass: nodes, calls, flows, strings, function references.
  void add(const UnitFacts& unit, const UnitMap& functions);

  [[nodiscard]] flow::ProgramGraph take() { return std::move(graph_); }

 private:
  std::optional<flow::FunctionId> resolve(const std::vector<std::string>& keys,
                                          const UnitMap& unit) const;
  std::vector<flow::FunctionId> overriders_of(const std::vector<std::string>& keys) const;

  flow::ProgramGraph graph_;
  std::unordered_map<std::string, flow::FunctionId> by_key_;         // first definition by USR
  std::unordered_map<std::string, flow::FunctionId> by_definition_;  // USR@file:line
  std::unordered_map<std::string, std::vector<std::string>> overriders_;
};

}  // namespace cordon::source
