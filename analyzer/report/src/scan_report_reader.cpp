#include "cordon/report/scan_report_reader.h"

#include <charconv>
#include <limits>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cordon/report/json_depth.h"
#include "cordon/support/file_reader.h"

namespace cordon::report {
namespace {

using nlohmann::json;

// Deep enough for the contract's report (4 levels), far from the stack's end.
constexpr std::size_t kMaxDepth = 64;

// Walks one JSON object, remembering where it is for messages.
class Fields {
 public:
  Fields(const json& object, const std::string& name, std::string where)
      : object_(object), name_(name), where_(std::move(where)) {}

  [[nodiscard]] std::string at(const char* key) const {
    return where_.empty() ? key : fmt::format("{}.{}", where_, key);
  }

  [[nodiscard]] tl::unexpected<Error> bad(const char* key, std::string reason) const {
    return fail(ErrorKind::kValidation, name_, at(key), std::move(reason));
  }

  // nullptr when the key is absent.
  [[nodiscard]] const json* find(const char* key) const {
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  [[nodiscard]] Result<std::string> string(const char* key) const {
    const json* value = find(key);
    if (value == nullptr) return bad(key, "missing");
    if (!value->is_string()) return bad(key, "must be a string");
    return value->get<std::string>();
  }

  [[nodiscard]] Result<std::optional<std::string>> optional_string(const char* key) const {
    const json* value = find(key);
    if (value == nullptr || value->is_null()) return std::optional<std::string>{};
    if (!value->is_string()) return bad(key, "must be a string or null");
    return std::optional<std::string>(value->get<std::string>());
  }

  template <typename T, typename Parse>
  [[nodiscard]] Result<T> named(const char* key, Parse parse, const char* what) const {
    auto text = string(key);
    if (!text) return fail(text.error());
    auto value = parse(*text);
    if (!value) return bad(key, fmt::format("unknown {} '{}'", what, *text));
    return static_cast<T>(*value);
  }

 private:
  const json& object_;
  const std::string& name_;
  std::string where_;
};

std::optional<flow::FindingKind> parse_kind(std::string_view text) {
  for (auto kind : {flow::FindingKind::kExfiltrationPath, flow::FindingKind::kNetworkCapability,
                    flow::FindingKind::kEndpoint, flow::FindingKind::kTelemetrySdk,
                    flow::FindingKind::kSensitiveSource}) {
    if (text == flow::to_string(kind)) return kind;
  }
  return std::nullopt;
}

std::optional<flow::Confidence> parse_confidence(std::string_view text) {
  for (auto c : {flow::Confidence::kDataflow, flow::Confidence::kCallgraph}) {
    if (text == flow::to_string(c)) return c;
  }
  return std::nullopt;
}

// "0x401a2c" (what json_report.cpp writes), or null for unknown (0).
std::optional<std::uint64_t> parse_address(std::string_view text) {
  if (text.size() < 3 || text.size() > 18 || text.substr(0, 2) != "0x") return std::nullopt;
  std::uint64_t value = 0;
  auto digits = text.substr(2);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

Result<flow::PathStep> parse_step(const json& node, const std::string& name,
                                  const std::string& where) {
  if (!node.is_object()) return fail(ErrorKind::kValidation, name, where, "must be an object");
  Fields f(node, name, where);
  flow::PathStep step;
  auto function = f.string("function");
  if (!function) return fail(function.error());
  step.function = std::move(*function);
  auto address = f.optional_string("address");
  if (!address) return fail(address.error());
  if (*address) {
    auto value = parse_address(**address);
    if (!value) return f.bad("address", "must be \"0x\" and hex digits, or null");
    step.address = *value;
  }
  auto file = f.optional_string("file");
  if (!file) return fail(file.error());
  step.file = std::move(*file);
  if (const json* line = f.find("line"); line != nullptr && !line->is_null()) {
    if (!line->is_number_integer() || line->get<std::int64_t>() < 0 ||
        line->get<std::int64_t>() > std::numeric_limits<int>::max()) {
      return f.bad("line", "must be a non-negative integer or null");
    }
    step.line = static_cast<int>(line->get<std::int64_t>());
  }
  return step;
}

Result<std::optional<flow::FindingSource>> parse_source(const Fields& parent, const json* node,
                                                        const std::string& name) {
  if (node == nullptr || node->is_null()) return std::optional<flow::FindingSource>{};
  if (!node->is_object()) return parent.bad("source", "must be an object or null");
  Fields f(*node, name, parent.at("source"));
  flow::FindingSource source;
  auto api = f.string("api");
  if (!api) return fail(api.error());
  source.api = std::move(*api);
  auto platform = f.named<rules::Party>("platform", rules::parse_party, "platform");
  if (!platform) return fail(platform.error());
  source.platform = *platform;
  auto data = f.named<rules::DataClass>("data", rules::parse_data_class, "data class");
  if (!data) return fail(data.error());
  source.data = *data;
  return std::optional<flow::FindingSource>(std::move(source));
}

Result<std::optional<flow::FindingSink>> parse_sink(const Fields& parent, const json* node,
                                                    const std::string& name) {
  if (node == nullptr || node->is_null()) return std::optional<flow::FindingSink>{};
  if (!node->is_object()) return parent.bad("sink", "must be an object or null");
  Fields f(*node, name, parent.at("sink"));
  flow::FindingSink sink;
  auto api = f.string("api");
  if (!api) return fail(api.error());
  sink.api = std::move(*api);
  auto rule = f.optional_string("rule");
  if (!rule) return fail(rule.error());
  sink.rule = rule->value_or("");
  auto vendor = f.named<rules::Party>("vendor", rules::parse_party, "vendor");
  if (!vendor) return fail(vendor.error());
  sink.vendor = *vendor;
  auto channel = f.named<rules::Channel>("channel", rules::parse_channel, "channel");
  if (!channel) return fail(channel.error());
  sink.channel = *channel;
  return std::optional<flow::FindingSink>(std::move(sink));
}

Result<flow::Finding> parse_finding(const json& node, const std::string& name,
                                    const std::string& where) {
  if (!node.is_object()) return fail(ErrorKind::kValidation, name, where, "must be an object");
  Fields f(node, name, where);
  flow::Finding out;
  for (auto [key, field] : {std::pair{"id", &out.id}, std::pair{"rule", &out.rule},
                            std::pair{"target", &out.target}, std::pair{"message", &out.message}}) {
    auto text = f.string(key);
    if (!text) return fail(text.error());
    *field = std::move(*text);
  }
  if (out.id.empty()) return f.bad("id", "must not be empty");
  auto severity = f.named<rules::Severity>("severity", rules::parse_severity, "severity");
  if (!severity) return fail(severity.error());
  out.severity = *severity;
  auto kind = f.named<flow::FindingKind>("kind", parse_kind, "kind");
  if (!kind) return fail(kind.error());
  out.kind = *kind;
  auto confidence = f.named<flow::Confidence>("confidence", parse_confidence, "confidence");
  if (!confidence) return fail(confidence.error());
  out.confidence = *confidence;
  const json* allowed = f.find("allowed");
  if (allowed == nullptr || !allowed->is_boolean())
    return f.bad("allowed", "must be true or false");
  out.allowed = allowed->get<bool>();
  auto source = parse_source(f, f.find("source"), name);
  if (!source) return fail(source.error());
  out.source = std::move(*source);
  auto sink = parse_sink(f, f.find("sink"), name);
  if (!sink) return fail(sink.error());
  out.sink = std::move(*sink);

  const json* endpoints = f.find("endpoints");
  if (endpoints == nullptr || !endpoints->is_array()) {
    return f.bad("endpoints", "must be an array of strings");
  }
  for (std::size_t i = 0; i < endpoints->size(); ++i) {
    const json& e = (*endpoints)[i];
    if (!e.is_string()) {
      return fail(ErrorKind::kValidation, name, fmt::format("{}[{}]", f.at("endpoints"), i),
                  "must be a string");
    }
    out.endpoints.push_back(e.get<std::string>());
  }
  const json* path = f.find("path");
  if (path == nullptr || !path->is_array()) return f.bad("path", "must be an array of steps");
  for (std::size_t i = 0; i < path->size(); ++i) {
    auto step = parse_step((*path)[i], name, fmt::format("{}[{}]", f.at("path"), i));
    if (!step) return fail(step.error());
    out.path.push_back(std::move(*step));
  }
  // Reports written before alternative chains were recorded have none.
  if (const json* alternatives = f.find("alternative_paths");
      alternatives != nullptr && !alternatives->is_null()) {
    if (!alternatives->is_array()) return f.bad("alternative_paths", "must be an array of paths");
    for (std::size_t a = 0; a < alternatives->size(); ++a) {
      const json& chain = (*alternatives)[a];
      std::string where_a = fmt::format("{}[{}]", f.at("alternative_paths"), a);
      if (!chain.is_array()) {
        return fail(ErrorKind::kValidation, name, where_a, "must be an array of steps");
      }
      std::vector<flow::PathStep> steps;
      for (std::size_t i = 0; i < chain.size(); ++i) {
        auto step = parse_step(chain[i], name, fmt::format("{}[{}]", where_a, i));
        if (!step) return fail(step.error());
        steps.push_back(std::move(*step));
      }
      out.alternative_paths.push_back(std::move(steps));
    }
  }
  return out;
}

Result<flow::TargetResult> parse_target(const json& node, const std::string& name,
                                        const std::string& where) {
  if (!node.is_object()) return fail(ErrorKind::kValidation, name, where, "must be an object");
  Fields f(node, name, where);
  flow::TargetResult out;
  auto path = f.string("path");
  if (!path) return fail(path.error());
  out.path = std::move(*path);
  auto format = f.optional_string("format");
  if (!format) return fail(format.error());
  out.format = format->value_or("");
  auto arch = f.optional_string("arch");
  if (!arch) return fail(arch.error());
  out.arch = std::move(*arch);
  auto sha = f.optional_string("sha256");
  if (!sha) return fail(sha.error());
  out.sha256 = sha->value_or("");
  auto status = f.optional_string("status");
  if (!status) return fail(status.error());
  if (*status && **status != "ok" && **status != "error") {
    return f.bad("status", fmt::format("unknown status '{}'", **status));
  }
  out.ok = !*status || **status == "ok";
  auto error = f.optional_string("error");
  if (!error) return fail(error.error());
  out.error = std::move(*error);
  return out;
}

}  // namespace

Result<flow::ScanReport> parse_scan_report(const std::string& text, const std::string& name) {
  if (auto deep = check_json_depth(text, kMaxDepth, name, ""); !deep) return fail(deep.error());
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail(ErrorKind::kParse, name, "", "not a JSON document");
  if (!doc.is_object()) {
    return fail(ErrorKind::kValidation, name, "", "not a cordon scan report: not a JSON object");
  }
  Fields root(doc, name, "");
  flow::ScanReport report;
  if (const json* tool = root.find("tool"); tool != nullptr && tool->is_object()) {
    auto version = Fields(*tool, name, "tool").optional_string("version");
    if (!version) return fail(version.error());
    report.tool_version = version->value_or("");
  }
  auto profile = root.optional_string("profile");
  if (!profile) return fail(profile.error());
  report.profile = profile->value_or("");

  const json* findings = root.find("findings");
  if (findings == nullptr || !findings->is_array()) {
    return fail(ErrorKind::kValidation, name, "", "not a cordon scan report: no 'findings' array");
  }
  for (std::size_t i = 0; i < findings->size(); ++i) {
    auto finding = parse_finding((*findings)[i], name, fmt::format("findings[{}]", i));
    if (!finding) return fail(finding.error());
    report.findings.push_back(std::move(*finding));
  }
  if (const json* targets = root.find("targets"); targets != nullptr) {
    if (!targets->is_array()) return root.bad("targets", "must be an array");
    for (std::size_t i = 0; i < targets->size(); ++i) {
      auto target = parse_target((*targets)[i], name, fmt::format("targets[{}]", i));
      if (!target) return fail(target.error());
      report.targets.push_back(std::move(*target));
    }
  }
  return report;
}

Result<flow::ScanReport> load_scan_report(const std::string& path) {
  auto text = read_text_file(path, kMaxScanBytes);
  if (!text) return fail(text.error());
  return parse_scan_report(*text, path);
}

}  // namespace cordon::report
