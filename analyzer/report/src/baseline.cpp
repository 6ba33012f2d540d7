#include "cordon/report/baseline.h"

#include <nlohmann/json.hpp>

#include "cordon/support/file_reader.h"

namespace cordon::report {

namespace {
constexpr std::size_t kMaxBaselineBytes = 256u << 20;
}

Result<std::set<std::string>> parse_baseline_ids(const std::string& text, const std::string& name) {
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return fail(ErrorKind::kParse, name, "", "not a JSON document");
  }
  if (!json.is_object() || !json.contains("findings") || !json["findings"].is_array()) {
    return fail(ErrorKind::kValidation, name, "", "not a cordon JSON report: no 'findings' array");
  }
  std::set<std::string> ids;
  std::size_t index = 0;
  for (const auto& finding : json["findings"]) {
    if (!finding.is_object() || !finding.contains("id") || !finding["id"].is_string()) {
      return fail(ErrorKind::kValidation, name, "findings[" + std::to_string(index) + "]",
                  "a finding without a string 'id'");
    }
    ids.insert(finding["id"].get<std::string>());
    ++index;
  }
  return ids;
}

Result<std::set<std::string>> load_baseline_ids(const std::string& path) {
  auto text = read_text_file(path, kMaxBaselineBytes);
  if (!text) return fail(text.error());
  return parse_baseline_ids(*text, path);
}

}  // namespace cordon::report
