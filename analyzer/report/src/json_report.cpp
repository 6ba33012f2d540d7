#include "cordon/report/json_report.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "cordon/flow/analyze.h"

namespace cordon::report {

using nlohmann::ordered_json;

void sort_report(flow::ScanReport& report) {
  std::sort(
      report.targets.begin(), report.targets.end(),
      [](const flow::TargetResult& a, const flow::TargetResult& b) { return a.path < b.path; });
  flow::sort_findings(report.findings);
}

ordered_json address_json(std::uint64_t address) {
  if (address == 0) return nullptr;
  return fmt::format("{:#x}", address);
}

ordered_json path_json(const std::vector<flow::PathStep>& steps) {
  ordered_json path = ordered_json::array();
  for (const auto& step : steps) {
    ordered_json s;
    s["function"] = step.function;
    s["address"] = address_json(step.address);
    s["file"] = step.file ? ordered_json(*step.file) : ordered_json(nullptr);
    s["line"] = step.line ? ordered_json(*step.line) : ordered_json(nullptr);
    path.push_back(std::move(s));
  }
  return path;
}

ordered_json to_json(const flow::Finding& f) {
  ordered_json out;
  out["id"] = f.id;
  out["rule"] = f.rule;
  out["severity"] = std::string(rules::to_string(f.severity));
  out["kind"] = flow::to_string(f.kind);
  out["target"] = f.target;
  if (f.source) {
    out["source"] = {{"api", f.source->api},
                     {"platform", std::string(rules::to_string(f.source->platform))},
                     {"data", std::string(rules::to_string(f.source->data))}};
  } else {
    out["source"] = nullptr;
  }
  if (f.sink) {
    out["sink"] = {
        {"api", f.sink->api},
        {"rule", f.sink->rule.empty() ? ordered_json(nullptr) : ordered_json(f.sink->rule)},
        {"vendor", std::string(rules::to_string(f.sink->vendor))},
        {"channel", std::string(rules::to_string(f.sink->channel))}};
  } else {
    out["sink"] = nullptr;
  }
  out["endpoints"] = f.endpoints;
  out["path"] = path_json(f.path);
  ordered_json alternatives = ordered_json::array();
  for (const auto& chain : f.alternative_paths) alternatives.push_back(path_json(chain));
  out["alternative_paths"] = std::move(alternatives);
  out["confidence"] = flow::to_string(f.confidence);
  out["allowed"] = f.allowed;
  out["message"] = f.message;
  return out;
}

ordered_json to_json(const flow::ScanReport& report) {
  ordered_json out;
  out["tool"] = {{"name", "cordon"}, {"version", report.tool_version}};
  out["profile"] = report.profile;
  ordered_json targets = ordered_json::array();
  for (const auto& t : report.targets) {
    ordered_json j;
    j["path"] = t.path;
    j["format"] = t.format;
    j["arch"] = t.arch ? ordered_json(*t.arch) : ordered_json(nullptr);
    j["sha256"] = t.sha256;
    j["status"] = t.ok ? "ok" : "error";
    j["error"] = t.error ? ordered_json(*t.error) : ordered_json(nullptr);
    j["stats"] = {{"functions", t.stats.functions},
                  {"instructions", t.stats.instructions},
                  {"seconds", t.stats.seconds},
                  {"code_bytes", t.stats.code_bytes},
                  {"covered_bytes", t.stats.covered_bytes}};
    j["warnings"] = t.warnings;
    targets.push_back(std::move(j));
  }
  out["targets"] = std::move(targets);
  ordered_json findings = ordered_json::array();
  for (const auto& f : report.findings) findings.push_back(to_json(f));
  out["findings"] = std::move(findings);
  return out;
}

std::string render_json(const flow::ScanReport& report) {
  // Invalid UTF-8 in a string lifted from a binary is replaced, not thrown on.
  return to_json(report).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace cordon::report
