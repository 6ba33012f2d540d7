#include "cordon/report/gitlab_report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cordon/report/artifact_paths.h"

namespace cordon::report {
namespace {

using nlohmann::ordered_json;

std::string utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  return text;
}

const char* gitlab_severity(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::kCritical:
      return "Critical";
    case rules::Severity::kHigh:
      return "High";
    case rules::Severity::kMedium:
      return "Medium";
    case rules::Severity::kLow:
      return "Low";
    case rules::Severity::kInfo:
      return "Info";
  }
  return "Unknown";
}

struct RuleText {
  std::string description;
  std::string reference;
};

RuleText rule_text(const std::string& id, const rules::RuleSet* rules) {
  if (rules != nullptr) {
    if (const auto* entry = rules->by_id(id)) return {entry->description, entry->reference};
    for (const auto* endpoint : rules->all_endpoints()) {
      if (endpoint->id == id) return {endpoint->description, endpoint->reference};
    }
  }
  if (id == "cordon.network-capability") return {"the title can send data off the machine", ""};
  if (id == "cordon.endpoint") return {"an endpoint no rule attributes to a vendor", ""};
  return {"cordon rule " + id, ""};
}

std::vector<int> cwes(const flow::Finding& f) {
  switch (f.kind) {
    case flow::FindingKind::kExfiltrationPath:
      if (f.source && (f.source->data == rules::DataClass::kDevice ||
                       f.source->platform == rules::Party::kOs)) {
        return {359, 200, 497};
      }
      return {359, 200};
    case flow::FindingKind::kSensitiveSource:
    case flow::FindingKind::kTelemetrySdk:
      return {359};
    case flow::FindingKind::kNetworkCapability:
    case flow::FindingKind::kEndpoint:
      return {200};
  }
  return {200};
}

std::string solution(const flow::Finding& f) {
  if (f.kind != flow::FindingKind::kExfiltrationPath) {
    return "Review whether the title needs this; the profile rates it at this severity.";
  }
  if (f.severity == rules::Severity::kCritical) {
    return "Remove the flow: one platform's data must not reach another vendor.";
  }
  return "Remove the flow, or, when it is intended, declare it in the title's manifest "
         "(cordon scan --manifest) or allow its endpoint (--allow).";
}

ordered_json identifier(std::string type, std::string name, std::string value,
                        const std::string& url) {
  ordered_json id = {
      {"type", std::move(type)}, {"name", std::move(name)}, {"value", std::move(value)}};
  if (url.starts_with("https://") || url.starts_with("http://")) id["url"] = url;
  return id;
}

}  // namespace

std::string render_gitlab_sast(const flow::ScanReport& report, const rules::RuleSet* rules,
                               const GitlabOptions& options) {
  std::error_code ec;
  std::filesystem::path cwd = options.working_directory.empty() ? std::filesystem::current_path(ec)
                                                                : options.working_directory;
  if (cwd.empty()) cwd = "/";
  const SourceRoot root = source_root(options.root, cwd);
  ordered_json component = {{"id", "cordon"},
                            {"name", "cordon"},
                            {"version", report.tool_version},
                            {"vendor", {{"name", "cordon"}}}};

  ordered_json vulnerabilities = ordered_json::array();
  for (const auto& f : report.findings) {
    if (f.allowed) continue;
    const RuleText rule = rule_text(f.rule, rules);
    ordered_json v;
    v["id"] = f.id;
    v["name"] = fmt::format("{}: {}", flow::to_string(f.kind), rule.description).substr(0, 255);
    std::string description = f.message;
    if (f.path.size() > 1) {
      description += "\n\nPath:";
      for (const auto& step : f.path) {
        description += "\n- `" + step.function + "`";
        if (step.file) {
          description += fmt::format(" ({}:{})", *step.file, step.line.value_or(0));
        }
      }
    }
    if (!f.endpoints.empty()) {
      description += "\n\nEndpoints:";
      for (const auto& e : f.endpoints) description += "\n- `" + e + "`";
    }
    v["description"] = description.substr(0, 1048576);
    v["severity"] = gitlab_severity(f.severity);
    v["solution"] = solution(f);
    ordered_json identifiers = ordered_json::array();
    identifiers.push_back(identifier("cordon_finding", "cordon finding " + f.id, f.id, ""));
    identifiers.push_back(identifier("cordon_rule", f.rule, f.rule, rule.reference));
    for (int cwe : cwes(f)) {
      identifiers.push_back(
          identifier("cwe", fmt::format("CWE-{}", cwe), std::to_string(cwe),
                     fmt::format("https://cwe.mitre.org/data/definitions/{}.html", cwe)));
    }
    v["identifiers"] = std::move(identifiers);
    ordered_json location;
    const flow::PathStep* sink = f.path.empty() ? nullptr : &f.path.back();
    const std::string file = sink != nullptr && sink->file ? *sink->file : f.target;
    location["file"] = artifact_path(file, root, cwd).path;
    if (sink != nullptr && sink->line && *sink->line > 0) {
      location["start_line"] = *sink->line;
      location["end_line"] = *sink->line;
    }
    if (sink != nullptr && !sink->function.empty()) location["method"] = sink->function;
    v["location"] = std::move(location);
    vulnerabilities.push_back(std::move(v));
  }

  ordered_json messages = ordered_json::array();
  bool failed = false;
  for (const auto& t : report.targets) {
    if (t.ok) continue;
    failed = true;
    messages.push_back(
        {{"level", "warn"}, {"value", t.error.value_or(t.path + ": could not be scanned")}});
  }
  ordered_json scan;
  scan["analyzer"] = component;
  scan["scanner"] = component;
  scan["type"] = "sast";
  scan["start_time"] = utc(options.start_time);
  scan["end_time"] = utc(options.end_time);
  scan["status"] = failed ? "failure" : "success";
  scan["messages"] = std::move(messages);

  ordered_json doc;
  doc["version"] = kGitlabSastSchemaVersion;
  doc["schema"] = fmt::format(
      "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v{}/dist/"
      "sast-report-format.json",
      kGitlabSastSchemaVersion);
  doc["scan"] = std::move(scan);
  doc["vulnerabilities"] = std::move(vulnerabilities);
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace cordon::report
