#include "cordon/join/draft_manifest.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <tuple>

#include "cordon/flow/manifest.h"
#include "cordon/support/terminal_text.h"
#include "endpoint_key.h"

namespace cordon::join {
namespace {

constexpr std::size_t kMaxTargetsNamed = 3;

struct DraftFlow {
  std::string source_api;
  rules::Party platform = rules::Party::kUnknown;
  rules::DataClass data = rules::DataClass::kIdentity;
  std::string sink;  // rule id, or the API for reports that do not name the rule
  std::string sink_api;
  std::set<rules::Party> vendors;
  std::string endpoint;  // pattern, or "" (no usable endpoint)
  rules::Severity worst = rules::Severity::kInfo;
  bool cross_platform = false;
  bool lead = false;
  std::size_t findings = 0;
  std::set<std::string> targets;
};

// One comment line: no control characters (terminal_text escapes them).
std::string line(std::string_view text) {
  return terminal_text(text);
}

std::string reason(const DraftFlow& f) {
  std::string vendors;
  for (rules::Party v : f.vendors) {
    vendors += fmt::format("{}{}", vendors.empty() ? "" : "/", rules::to_string(v));
  }
  std::string targets;
  std::size_t named = 0;
  for (const auto& t : f.targets) {
    if (named++ == kMaxTargetsNamed) {
      targets += fmt::format(" +{} more", f.targets.size() - kMaxTargetsNamed);
      break;
    }
    targets += (targets.empty() ? "" : ", ") + t;
  }
  return line(fmt::format("draft: {} {} data to {} through {} ({} path{}, worst {}) in {}",
                          rules::to_string(f.platform), rules::to_string(f.data), vendors,
                          f.sink_api, f.findings, f.findings == 1 ? "" : "s",
                          rules::to_string(f.worst), targets));
}

}  // namespace

Result<std::string> render_draft_manifest(const flow::ScanReport& scan,
                                          const std::string& scan_name) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, DraftFlow> flows;
  std::size_t paths = 0;
  for (const flow::Finding& finding : scan.findings) {
    if (finding.kind != flow::FindingKind::kExfiltrationPath || !finding.source || !finding.sink ||
        finding.source->api.empty() || finding.sink->api.empty()) {
      continue;
    }
    ++paths;
    const std::string sink = finding.sink->rule.empty() ? finding.sink->api : finding.sink->rule;
    std::set<std::string> endpoints;
    for (const std::string& text : finding.endpoints) {
      const EndpointKey key = predicted_key(text);
      if (!key.raw.empty()) continue;  // not an endpoint a pattern can name
      const std::string pattern = display(key);
      if (rules::parse_endpoint_pattern(pattern)) endpoints.insert(pattern);
    }
    if (endpoints.empty()) endpoints.insert("");
    for (const std::string& endpoint : endpoints) {
      DraftFlow& f = flows[{finding.source->api, sink, endpoint}];
      f.source_api = finding.source->api;
      f.platform = finding.source->platform;
      f.data = finding.source->data;
      f.sink = sink;
      f.sink_api = finding.sink->api;
      f.vendors.insert(finding.sink->vendor);
      f.endpoint = endpoint;
      if (f.findings == 0 || finding.severity > f.worst) f.worst = finding.severity;
      f.cross_platform = f.cross_platform || finding.severity == rules::Severity::kCritical;
      f.lead = f.lead || finding.confidence == flow::Confidence::kCallgraph;
      ++f.findings;
      f.targets.insert(finding.target);
    }
  }

  std::string header;
  const auto comment = [&header](const std::string& text) {
    header += text.empty() ? "#\n" : "# " + line(text) + "\n";
  };
  comment("Draft data-flow manifest written by `cordon report --emit-manifest` from the scan " +
          scan_name + ".");
  comment(fmt::format("{} exfiltration path(s) of {} target(s) as {} declared flow(s).", paths,
                      scan.targets.size(), flows.size()));
  comment(
      "Every flow below is something the binary does. Keep the ones the title makes on "
      "purpose, delete the rest, and give each a reason; declared flows are reported as "
      "allowed (severity info) by cordon scan --manifest and cordon report --manifest.");
  comment("");

  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "title" << YAML::Value << line("draft from " + scan_name);
  out << YAML::Key << "flows" << YAML::Value;
  if (flows.empty()) {
    out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  } else {
    out << YAML::BeginSeq;
    for (const auto& [key, f] : flows) {
      out << YAML::BeginMap;
      out << YAML::Key << "source" << YAML::Value << f.source_api;
      if (f.cross_platform) {
        out << YAML::Comment(
            "CRITICAL: one platform's data to another vendor; declare only if "
            "intended");
      } else if (f.lead) {
        out << YAML::Comment("a lead: the call structure, not the data flow, supports it");
      }
      out << YAML::Key << "sink" << YAML::Value << f.sink;
      if (f.endpoint.empty()) {
        out << YAML::Comment("no endpoint known: declares this source to this sink everywhere");
      } else {
        out << YAML::Key << "endpoint" << YAML::Value << f.endpoint;
      }
      out << YAML::Key << "reason" << YAML::Value << reason(f);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  if (!out.good()) {
    return fail(ErrorKind::kInternal, "--emit-manifest", "", out.GetLastError());
  }
  std::string text = header + out.c_str() + "\n";

  auto parsed = flow::parse_manifest(text, "draft manifest");
  if (!parsed) {
    return fail(ErrorKind::kInternal, "--emit-manifest", "",
                "the draft manifest does not load: " + parsed.error().message());
  }
  if (parsed->flows.size() != flows.size()) {
    return fail(ErrorKind::kInternal, "--emit-manifest", "",
                "the draft manifest's flows do not read back as written");
  }
  return text;
}

}  // namespace cordon::join
