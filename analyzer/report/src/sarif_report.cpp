#include "cordon/report/sarif_report.h"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cordon/report/artifact_paths.h"
#include "cordon/report/json_report.h"
#include "sarif_rules.h"

namespace cordon::report {
namespace {

using nlohmann::ordered_json;

// Where artifact paths are resolved and the artifacts' indexes.
struct Artifacts {
  SourceRoot root;
  std::filesystem::path cwd;
  std::map<std::string, std::size_t> index;  // target path -> run.artifacts index

  [[nodiscard]] ordered_json location_of(const std::string& path) const {
    const ArtifactPath a = artifact_path(path, root, cwd);
    if (a.relative) return {{"uri", uri_of(a.path)}, {"uriBaseId", "%SRCROOT%"}};
    return {{"uri", "file://" + uri_of(a.path)}};
  }
  [[nodiscard]] ordered_json target_location(const std::string& target) const {
    ordered_json artifact = location_of(target);
    if (auto found = index.find(target); found != index.end()) artifact["index"] = found->second;
    return artifact;
  }
};

ordered_json location(const flow::Finding& f, const flow::PathStep& step,
                      const Artifacts& artifacts) {
  ordered_json artifact =
      step.file ? artifacts.location_of(*step.file) : artifacts.target_location(f.target);
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
                    const Artifacts& artifacts, const SarifOptions& options) {
  ordered_json r;
  const std::string rule_id = sarif_rule_id(f);
  r["ruleId"] = rule_id;
  r["ruleIndex"] = rule_index.at(rule_id);
  r["level"] = sarif_level(f.severity);
  r["message"] = {{"text", f.message}};
  ordered_json locations = ordered_json::array();
  if (!f.path.empty()) {
    locations.push_back(location(f, f.path.back(), artifacts));
  } else {
    locations.push_back(
        {{"physicalLocation", {{"artifactLocation", artifacts.target_location(f.target)}}}});
  }
  r["locations"] = std::move(locations);
  if (f.path.size() > 1) {
    // One code flow per decision, one thread flow per chain: the shortest
    // first, then the alternatives.
    auto thread_flow = [&](const std::vector<flow::PathStep>& chain) {
      ordered_json steps = ordered_json::array();
      for (std::size_t i = 0; i < chain.size(); ++i) {
        ordered_json loc = location(f, chain[i], artifacts);
        std::string text = i == 0                  ? "the data is obtained here"
                           : i + 1 == chain.size() ? "the data is sent here"
                                                   : "the data passes through here";
        loc["message"] = {{"text", text}};
        steps.push_back({{"location", loc}, {"nestingLevel", i}, {"executionOrder", i + 1}});
      }
      return ordered_json{{"locations", steps}};
    };
    ordered_json flows = ordered_json::array({thread_flow(f.path)});
    for (const auto& chain : f.alternative_paths) {
      if (!chain.empty()) flows.push_back(thread_flow(chain));
    }
    r["codeFlows"] = ordered_json::array({{{"threadFlows", std::move(flows)}}});
  }
  r["partialFingerprints"] = {{"cordonFindingId/v1", f.id}};
  if (options.baseline != nullptr) {
    r["baselineState"] = options.baseline->count(f.id) != 0 ? "unchanged" : "new";
  }
  if (f.allowed) {
    // An allowed flow is reported, not a problem: code scanning shows it
    // as accepted rather than as an open alert.
    r["suppressions"] = ordered_json::array(
        {{{"kind", "external"},
          {"status", "accepted"},
          {"justification",
           "allowed by the profile, an --allow endpoint or a flow the title's manifest "
           "declares"}}});
  }
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

const char* security_severity(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::kCritical:
      return "9.5";
    case rules::Severity::kHigh:
      return "8.0";
    case rules::Severity::kMedium:
      return "5.5";
    case rules::Severity::kLow:
      return "3.0";
    case rules::Severity::kInfo:
      return "0.0";
  }
  return "0.0";
}

std::string sarif_rule_id(const flow::Finding& finding) {
  return finding.rule + "/" + std::string(rules::to_string(finding.severity));
}

std::string render_sarif(const flow::ScanReport& report, const rules::RuleSet* rules,
                         const SarifOptions& options) {
  std::map<std::string, std::size_t> rule_index;
  ordered_json driver;
  driver["name"] = "cordon";
  driver["version"] = report.tool_version;
  driver["semanticVersion"] = report.tool_version;
  driver["informationUri"] = kInformationUri;
  driver["rules"] = sarif_rules(report.findings, rules, rule_index);

  Artifacts artifacts;
  std::error_code ec;
  artifacts.cwd = options.working_directory.empty() ? std::filesystem::current_path(ec)
                                                    : options.working_directory;
  if (artifacts.cwd.empty()) artifacts.cwd = "/";
  artifacts.root = source_root(options.root, artifacts.cwd);
  ordered_json artifact_list = ordered_json::array();
  ordered_json notifications = ordered_json::array();
  for (const auto& t : report.targets) {
    ordered_json artifact = {{"location", artifacts.location_of(t.path)}};
    if (!t.sha256.empty()) artifact["hashes"] = {{"sha-256", t.sha256}};
    if (t.stats.code_bytes != 0) {
      // What of the target was analysed, for a gate that reads coverage.
      artifact["properties"] = {{"functions", t.stats.functions},
                                {"instructions", t.stats.instructions},
                                {"codeBytes", t.stats.code_bytes},
                                {"coveredBytes", t.stats.covered_bytes}};
    }
    artifacts.index.emplace(t.path, artifact_list.size());
    artifact_list.push_back(std::move(artifact));
  }
  ordered_json warnings = ordered_json::array();
  for (const auto& t : report.targets) {
    for (const auto& warning : t.warnings) {
      warnings.push_back(
          {{"level", "warning"},
           {"message", {{"text", warning}}},
           {"locations",
            ordered_json::array({{{"physicalLocation",
                                   {{"artifactLocation", artifacts.target_location(t.path)}}}}})}});
    }
    if (t.ok) continue;
    notifications.push_back(
        {{"level", "error"},
         {"message", {{"text", t.error.value_or("the target could not be scanned")}}},
         {"locations",
          ordered_json::array({{{"physicalLocation",
                                 {{"artifactLocation", artifacts.target_location(t.path)}}}}})}});
  }
  ordered_json results = ordered_json::array();
  for (const auto& f : report.findings) {
    results.push_back(result(f, rule_index, artifacts, options));
  }

  ordered_json run;
  run["tool"] = {{"driver", std::move(driver)}};
  // GitHub keeps one analysis per category (everything before the last '/').
  const std::string category =
      options.category.empty() ? "cordon/" + report.profile : options.category;
  run["automationDetails"] = {{"id", category + "/"}};
  // Warnings (low coverage) do not make the execution unsuccessful; errors do.
  ordered_json invocation = {{"executionSuccessful", notifications.empty()}};
  for (auto& warning : warnings) notifications.push_back(std::move(warning));
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);
  run["invocations"] = ordered_json::array({invocation});
  run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", directory_file_uri(artifacts.root.dir)}}}};
  run["artifacts"] = std::move(artifact_list);
  run["results"] = std::move(results);
  run["columnKind"] = "unicodeCodePoints";
  run["properties"] = {{"profile", report.profile}};

  ordered_json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = ordered_json::array({run});
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace cordon::report
