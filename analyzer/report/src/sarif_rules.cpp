#include "sarif_rules.h"

#include <fmt/format.h>

namespace cordon::report {
namespace {

using nlohmann::ordered_json;

struct RuleUse {
  std::set<std::string> tags;
  const flow::Finding* first = nullptr;
};

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
  std::map<std::string, RuleUse> uses;
  for (const auto& f : findings) {
    auto& use = uses[f.rule];
    if (use.first == nullptr) use.first = &f;
    add_tags(f, use.tags);
  }
  ordered_json out = ordered_json::array();
  for (const auto& [id, use] : uses) {
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
    ordered_json rule;
    rule["id"] = id;
    rule["shortDescription"] = {{"text", description}};
    rule["help"] = {{"text", help}};
    if (reference.starts_with("https://") || reference.starts_with("http://")) {
      rule["helpUri"] = reference;
    }
    rule["properties"] = {{"tags", use.tags}};
    index.emplace(id, out.size());
    out.push_back(std::move(rule));
  }
  return out;
}

}  // namespace cordon::report
