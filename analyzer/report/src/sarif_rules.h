// SARIF reportingDescriptors for the rule ids a report uses.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cordon/flow/finding.h"
#include "cordon/rules/rule_set.h"

namespace cordon::report {

// One descriptor per rule id and severity ("<rule>/<severity>", sorted), with
// tags from every kind and data class its findings have, the lowest
// precision among them and the severity's security-severity; `index` maps
// descriptor id -> ruleIndex.
[[nodiscard]] nlohmann::ordered_json sarif_rules(const std::vector<flow::Finding>& findings,
                                                 const rules::RuleSet* rules,
                                                 std::map<std::string, std::size_t>& index);

}  // namespace cordon::report
