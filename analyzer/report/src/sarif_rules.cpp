#include "sarif_rules.h"

#include <algorithm>

#include <fmt/format.h>

#include "cordon/report/sarif_report.h"

namespace cordon::report {
namespace {

using nlohmann::ordered_json;

struct RuleUse {
  std::set<std::string> tags;
  const flow::Finding* first = nullptr;
  int precision = 3;  // the lowest of its findings: 3 very-high .. 0 low
};

// How often a finding of this kind is a true one: imports and literals
// seen in the binary are facts; a dataflow path was followed through the
// data; a callgraph path only shows that the calls connect (a lead).
int precision_of(const flow::Finding& f) {
  switch (f.kind) {
    case flow::FindingKind::kExfiltrationPath:
      return f.confidence == flow::Confidence::kDataflow ? 2 : 1;
    case flow::FindingKind::kEndpoint:
      return 2;
    case flow::FindingKind::kNetworkCapability:
    case flow::FindingKind::kTelemetrySdk:
    case flow::FindingKind::kSensitiveSource:
      return 3;
  }
  return 1;
}

const char* precision_name(int precision) {
  switch (precision) {
    case 3:
      return "very-high";
    case 2:
      return "high";
    case 1:
      return "medium";
    default:
      return "low";
  }
}

// What the severity means and what a reviewer does about it (the contract's
// severities; the profile names which applies to which finding).
std::string severity_help(const flow::Finding& f) {
  if (f.kind == flow::FindingKind::kExfiltrationPath) {
    switch (f.severity) {
      case rules::Severity::kCritical:
        return "**Critical**: data owned by one platform reaches a sink or endpoint of "
               "another vendor (cross-platform exfiltration). Remove the flow; no manifest "
               "entry makes it acceptable to the platform holder.";
      case rules::Severity::kHigh:
        return "**High**: sensitive data reaches a network sink whose destination the "
               "profile does not allow. Remove the flow, or, when it is intended, declare it "
               "in the title's manifest (`--manifest`) or allow its endpoint (`--allow`).";
      case rules::Severity::kMedium:
        return "**Medium**: the calls connect the data to a network sink (a call-graph "
               "lead, or a capability the profile rates medium). Review the path.";
      case rules::Severity::kLow:
        return "**Low**: review when convenient.";
      case rules::Severity::kInfo:
        return "**Info**: an allowed flow (the data's own vendor under zero-trust, an "
               "allowlisted endpoint, or a flow the manifest declares), reported for the "
               "record.";
    }
  }
  return fmt::format("**{}**: the severity the profile gives a finding of kind `{}`.",
                     rules::to_string(f.severity), flow::to_string(f.kind));
}

// CWE-200: exposure of sensitive information; CWE-359: exposure of private
// personal information; CWE-497: exposure of sensitive system information.
void add_tags(const flow::Finding& f, std::set<std::string>& tags) {
  tags.insert("security");
  tags.insert(flow::to_string(f.kind));
  auto cwe = [&tags](int id) {
    tags.insert(fmt::format("external/cwe/cwe-{}", id));
    tags.insert(fmt::format("cwe-{}", id));
  };
  switch (f.kind) {
    case flow::FindingKind::kExfiltrationPath:
      tags.insert("privacy");
      cwe(200);
      cwe(359);
      if (f.source && (f.source->data == rules::DataClass::kDevice ||
                       f.source->platform == rules::Party::kOs)) {
        cwe(497);
      }
      break;
    case flow::FindingKind::kSensitiveSource:
    case flow::FindingKind::kTelemetrySdk:
      tags.insert("privacy");
      cwe(359);
      break;
    case flow::FindingKind::kNetworkCapability:
    case flow::FindingKind::kEndpoint:
      cwe(200);
      break;
  }
}

std::string builtin_text(const std::string& id) {
  if (id == "cordon.network-capability") {
    return "The target uses APIs that send data off the machine.";
  }
  if (id == "cordon.endpoint") {
    return "A URL, host name or IP address literal no endpoint rule attributes to a vendor.";
  }
  return "A finding of cordon rule " + id + ".";
}

}  // namespace

ordered_json sarif_rules(const std::vector<flow::Finding>& findings, const rules::RuleSet* rules,
                         std::map<std::string, std::size_t>& index) {
  std::map<std::string, RuleUse> uses;  // by descriptor id, "<rule>/<severity>"
  for (const auto& f : findings) {
    auto& use = uses[sarif_rule_id(f)];
    if (use.first == nullptr) use.first = &f;
    use.precision = std::min(use.precision, precision_of(f));
    add_tags(f, use.tags);
  }
  ordered_json out = ordered_json::array();
  for (const auto& [descriptor_id, use] : uses) {
    const std::string& id = use.first->rule;
    std::string description;
    std::string reference;
    std::string help;
    if (rules != nullptr) {
      if (const auto* entry = rules->by_id(id)) {
        description = entry->description;
        reference = entry->reference;
        help = fmt::format(
            "{} ({} rule of pack '{}'). A flow of this data to the network is "
            "allowed only to the vendor's own endpoints, allowlisted endpoints, "
            "or flows the title declares in its manifest.",
            entry->description, rules::to_string(entry->kind), entry->pack);
      } else {
        for (const auto* endpoint : rules->all_endpoints()) {
          if (endpoint->id != id) continue;
          description = endpoint->description;
          reference = endpoint->reference;
          help = fmt::format("{} (endpoint of vendor '{}', pack '{}').", endpoint->description,
                             rules::to_string(endpoint->vendor), endpoint->pack);
        }
      }
    }
    if (description.empty()) description = builtin_text(id);
    if (help.empty()) help = description;
    const bool linked = reference.starts_with("https://") || reference.starts_with("http://");
    const flow::Finding& f = *use.first;
    std::string markdown =
        fmt::format("**{}** (`{}`)\n\n{}\n\n{}\n\n", description, id, help, severity_help(f));
    if (f.kind == flow::FindingKind::kExfiltrationPath) {
      markdown +=
          "The result's code flow shows the call path from the function that obtains the data "
          "to the one that sends it; `properties.endpoints` lists where it goes.\n\n";
    }
    if (linked) markdown += fmt::format("Reference: [{}]({})\n", reference, reference);
    ordered_json rule;
    rule["id"] = descriptor_id;
    rule["name"] = id;
    // GitHub shows at most 1024 characters of either description.
    rule["shortDescription"] = {{"text", description.substr(0, 1024)}};
    rule["fullDescription"] = {
        {"text",
         fmt::format("{} ({})", description, rules::to_string(f.severity)).substr(0, 1024)}};
    rule["defaultConfiguration"] = {{"level", sarif_level(f.severity)}};
    rule["help"] = {{"text", help}, {"markdown", markdown}};
    if (linked) rule["helpUri"] = reference;
    rule["properties"] = {{"tags", use.tags},
                          {"precision", precision_name(use.precision)},
                          {"security-severity", security_severity(f.severity)}};
    index.emplace(descriptor_id, out.size());
    out.push_back(std::move(rule));
  }
  return out;
}

}  // namespace cordon::report
