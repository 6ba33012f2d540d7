// The contract's JSON report. Keys keep the contract's order and the output
// is byte-identical for the same report: callers sort targets and findings
// (sort_report) and nothing time-dependent is added here.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cordon/flow/finding.h"

namespace cordon::report {

// Targets by path; findings by (target, severity highest first, rule, id).
void sort_report(flow::ScanReport& report);

[[nodiscard]] nlohmann::ordered_json to_json(const flow::ScanReport& report);
[[nodiscard]] nlohmann::ordered_json to_json(const flow::Finding& finding);

// Pretty-printed (two-space indent) with a final newline.
[[nodiscard]] std::string render_json(const flow::ScanReport& report);

// A path's steps as the contract's array of {function, address, file, line}.
[[nodiscard]] nlohmann::ordered_json path_json(const std::vector<flow::PathStep>& steps);

// "0x401a2c", or null for 0 (unknown).
[[nodiscard]] nlohmann::ordered_json address_json(std::uint64_t address);

}  // namespace cordon::report
