#include "cordon/report/sarif_report.h"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cordon/report/json_report.h"
#include "sarif_rules.h"

namespace cordon::report {
namespace {

using nlohmann::ordered_json;

// A path as a URI reference: unreserved characters and '/' kept, the rest
// percent-encoded (a file name may hold spaces or '#').
std::string uri_of(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

ordered_json location(const flow::Finding& f, const flow::PathStep& step,
                      const std::map<std::string, std::size_t>& artifacts) {
  ordered_json artifact = {{"uri", uri_of(step.file ? *step.file : f.target)}};
  if (!step.file) {
    if (auto found = artifacts.find(f.target); found != artifacts.end()) {
      artifact["index"] = found->second;
    }
  }
  ordered_json physical = {{"artifactLocation", artifact}};
  if (step.line && *step.line > 0) {
    physical["region"] = {{"startLine", *step.line}};
  } else if (step.address != 0) {
    physical["address"] = {{"absoluteAddress", step.address}};
  }
  ordered_json loc = {{"physicalLocation", physical}};
  if (!step.function.empty()) {
    ordered_json logical = {{"name", step.function}, {"kind", "function"}};
    loc["logicalLocations"] = ordered_json::array({logical});
  }
  return loc;
}

ordered_json result(const flow::Finding& f, const std::map<std::string, std::size_t>& rule_index,
                    const std::map<std::string, std::size_t>& artifacts) {
  ordered_json r;
  r["ruleId"] = f.rule;
  r["ruleIndex"] = rule_index.at(f.rule);
  r["level"] = sarif_level(f.severity);
  r["message"] = {{"text", f.message}};
  ordered_json locations = ordered_json::array();
  if (!f.path.empty()) {
    locations.push_back(location(f, f.path.back(), artifacts));
  } else {
    ordered_json artifact = {{"uri", uri_of(f.target)}};
    if (auto found = artifacts.find(f.target); found != artifacts.end()) {
      artifact["index"] = found->second;
    }
    locations.push_back({{"physicalLocation", {{"artifactLocation", artifact}}}});
  }
  r["locations"] = std::move(locations);
  if (f.path.size() > 1) {
    ordered_json steps = ordered_json::array();
    for (std::size_t i = 0; i < f.path.size(); ++i) {
      ordered_json loc = location(f, f.path[i], artifacts);
      std::string text = i == 0                   ? "the data is obtained here"
                         : i + 1 == f.path.size() ? "the data is sent here"
                                                  : "the data passes through here";
      loc["message"] = {{"text", text}};
      steps.push_back({{"location", loc}, {"nestingLevel", i}, {"executionOrder", i + 1}});
    }
    r["codeFlows"] =
        ordered_json::array({{{"threadFlows", ordered_json::array({{{"locations", steps}}})}}});
  }
  r["partialFingerprints"] = {{"cordonFindingId/v1", f.id}};
  ordered_json properties;
  properties["severity"] = std::string(rules::to_string(f.severity));
  properties["kind"] = flow::to_string(f.kind);
  properties["confidence"] = flow::to_string(f.confidence);
  properties["allowed"] = f.allowed;
  properties["endpoints"] = f.endpoints;
  ordered_json finding = to_json(f);
  properties["source"] = finding["source"];
  properties["sink"] = finding["sink"];
  r["properties"] = std::move(properties);
  return r;
}

}  // namespace

const char* sarif_level(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::kCritical:
    case rules::Severity::kHigh:
      return "error";
    case rules::Severity::kMedium:
      return "warning";
    case rules::Severity::kLow:
    case rules::Severity::kInfo:
      return "note";
  }
  return "note";
}

std::string render_sarif(const flow::ScanReport& report, const rules::RuleSet* rules) {
  std::map<std::string, std::size_t> rule_index;
  ordered_json driver;
  driver["name"] = "cordon";
  driver["version"] = report.tool_version;
  driver["semanticVersion"] = report.tool_version;
  driver["informationUri"] = kInformationUri;
  driver["rules"] = sarif_rules(report.findings, rules, rule_index);

  std::map<std::string, std::size_t> artifact_index;
  ordered_json artifacts = ordered_json::array();
  ordered_json notifications = ordered_json::array();
  for (const auto& t : report.targets) {
    ordered_json artifact = {{"location", {{"uri", uri_of(t.path)}}}};
    if (!t.sha256.empty()) artifact["hashes"] = {{"sha-256", t.sha256}};
    artifact_index.emplace(t.path, artifacts.size());
    artifacts.push_back(std::move(artifact));
    if (!t.ok) {
      notifications.push_back(
          {{"level", "error"},
           {"message", {{"text", t.error.value_or("the target could not be scanned")}}},
           {"locations",
            ordered_json::array(
                {{{"physicalLocation",
                   {{"artifactLocation",
                     {{"uri", uri_of(t.path)}, {"index", artifact_index.at(t.path)}}}}}}})}});
    }
  }
  ordered_json results = ordered_json::array();
  for (const auto& f : report.findings) results.push_back(result(f, rule_index, artifact_index));

  ordered_json run;
  run["tool"] = {{"driver", std::move(driver)}};
  ordered_json invocation = {{"executionSuccessful", notifications.empty()}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);
  run["invocations"] = ordered_json::array({invocation});
  run["artifacts"] = std::move(artifacts);
  run["results"] = std::move(results);
  run["properties"] = {{"profile", report.profile}};

  ordered_json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = ordered_json::array({run});
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace cordon::report
