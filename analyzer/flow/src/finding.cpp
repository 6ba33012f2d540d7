#include "cordon/flow/finding.h"

namespace cordon::flow {

const char* to_string(FindingKind kind) {
  switch (kind) {
    case FindingKind::kExfiltrationPath:
      return "exfiltration-path";
    case FindingKind::kNetworkCapability:
      return "network-capability";
    case FindingKind::kEndpoint:
      return "endpoint";
    case FindingKind::kTelemetrySdk:
      return "telemetry-sdk";
    case FindingKind::kSensitiveSource:
      return "sensitive-source";
  }
  return "unknown";
}

const char* to_string(Confidence confidence) {
  switch (confidence) {
    case Confidence::kDataflow:
      return "dataflow";
    case Confidence::kCallgraph:
      return "callgraph";
  }
  return "unknown";
}

}  // namespace cordon::flow
