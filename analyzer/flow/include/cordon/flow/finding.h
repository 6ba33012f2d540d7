// Findings as the contract's JSON report describes them, and the scan report
// that holds targets and findings. Reports (JSON, SARIF, text) render these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cordon/rules/model.h"

namespace cordon::flow {

enum class FindingKind {
  kExfiltrationPath,
  kNetworkCapability,
  kEndpoint,
  kTelemetrySdk,
  kSensitiveSource,
};

enum class Confidence { kDataflow, kCallgraph };

struct FindingSource {
  std::string api;
  rules::Party platform = rules::Party::kUnknown;
  rules::DataClass data = rules::DataClass::kIdentity;
};

struct FindingSink {
  std::string api;
  std::string rule;  // the sink rule's id (empty in reports written before it was recorded)
  rules::Party vendor = rules::Party::kUnknown;
  rules::Channel channel = rules::Channel::kSocket;
};

struct PathStep {
  std::string function;
  std::uint64_t address = 0;  // rendered "0x401a2c"; 0 renders as null
  std::optional<std::string> file;
  std::optional<int> line;
};

inline constexpr std::size_t kMaxAlternativePaths = 8;

struct Finding {
  std::string id;    // stable hash of rule + target + path
  std::string rule;  // rule (entry) id from the pack
  rules::Severity severity = rules::Severity::kInfo;
  FindingKind kind = FindingKind::kExfiltrationPath;
  std::string target;
  std::optional<FindingSource> source;
  std::optional<FindingSink> sink;
  std::vector<std::string> endpoints;
  std::vector<PathStep> path;
  // Other call chains of the same decision (same source rule, sink rule and
  // endpoints), shortest first; bounded (kMaxAlternativePaths).
  std::vector<std::vector<PathStep>> alternative_paths;
  Confidence confidence = Confidence::kCallgraph;
  bool allowed = false;
  std::string message;
};

struct TargetStats {
  std::uint64_t functions = 0;
  std::uint64_t instructions = 0;
  double seconds = 0.0;
  // Executable bytes in the file, and those the scan analysed (decoded inside
  // functions, PLT stubs, alignment padding checked to be padding). 0 and 0
  // for source targets, which have no machine code.
  std::uint64_t code_bytes = 0;
  std::uint64_t covered_bytes = 0;
};

struct TargetResult {
  std::string path;
  std::string format;               // "elf", "pe", "source"
  std::optional<std::string> arch;  // "x86_64", "aarch64", or null
  std::string sha256;
  bool ok = true;
  std::optional<std::string> error;
  TargetStats stats;
  // Things a reader must know about an ok target (low coverage), one sentence each.
  std::vector<std::string> warnings;
};

struct ScanReport {
  std::string tool_version;
  std::string profile;
  std::vector<TargetResult> targets;
  std::vector<Finding> findings;
};

[[nodiscard]] const char* to_string(FindingKind kind);
[[nodiscard]] const char* to_string(Confidence confidence);

}  // namespace cordon::flow
