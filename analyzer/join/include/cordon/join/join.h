// The join of `cordon report`: what a scan predicted a title can send where,
// what a run of the title did, and what the title's manifest declares.
// Keyed by endpoint (host or address, port) and by the vendor the rule packs'
// endpoint matcher attributes it to: the scan's own attribution, applied to
// the run's addresses and names as well.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cordon/flow/finding.h"
#include "cordon/flow/manifest.h"
#include "cordon/join/audit_input.h"
#include "cordon/join/observations.h"
#include "cordon/rules/model.h"
#include "cordon/rules/rule_set.h"

namespace cordon::join {

enum class EndpointStatus {
  kMatched,      // predicted by the scan and seen at run time
  kUnpredicted,  // seen at run time, not predicted
  kUnexercised,  // predicted, never seen at run time
  kPredicted,    // predicted; no audit log was given, so not judged
  kObserved,     // seen at run time; no scan was given, so not judged
};

enum class FlowStatus {
  kExercised,    // one of the flow's endpoints was seen at run time
  kUnexercised,  // none of them was
  kNoEndpoint,   // the scan names no endpoint for the flow: cannot be told
  kNotRun,       // no audit log was given
};

// The call path of one finding that names an endpoint.
struct PathEvidence {
  std::string finding;  // its id
  flow::FindingKind kind = flow::FindingKind::kEndpoint;
  std::vector<std::string> functions;  // the path's functions, in call order
};

// What the scan says about an endpoint.
struct ScanEvidence {
  std::vector<std::string> spellings;    // the report's endpoint strings, sorted
  std::vector<std::string> finding_ids;  // findings naming it, sorted
  std::vector<std::string> targets;      // their targets, sorted
  std::vector<PathEvidence> paths;       // those with a path, by finding id
};

struct Declaration {
  bool declared = false;
  std::string by;  // "flows[2]: reason", empty when not declared
};

struct EndpointItem {
  std::string endpoint;    // "host:443", "192.0.2.1:9999", "[2001:db8::1]:53", "host"
  std::string host;        // canonical host or ""
  std::string address;     // IP text or "" (for a named endpoint: see run->addresses)
  std::uint16_t port = 0;  // 0: not known
  rules::Party vendor = rules::Party::kUnknown;
  std::string vendor_entry;  // the endpoint entry that attributed it, "" when none
  EndpointStatus status = EndpointStatus::kPredicted;
  std::optional<Declaration> declared;  // nullopt: no manifest given
  std::optional<ScanEvidence> scan;
  std::optional<RunEvidence> run;
};

// One exfiltration path of the scan, judged against the run and manifest.
struct FlowItem {
  flow::Finding finding;
  FlowStatus status = FlowStatus::kNotRun;
  std::vector<std::string> observed;  // endpoints (EndpointItem::endpoint) seen at run time
  std::optional<Declaration> declared;
};

struct VendorRow {
  rules::Party vendor = rules::Party::kUnknown;
  std::size_t endpoints = 0;
  std::size_t matched = 0;
  std::size_t unpredicted = 0;
  std::size_t unexercised = 0;
  std::size_t undeclared = 0;
  std::size_t events = 0;  // run-time events to this vendor's endpoints
};

struct ScanInput {
  std::string name;  // the file, as given
  const flow::ScanReport* report = nullptr;
};

struct RunInput {
  std::string name;
  const Observations* observations = nullptr;
  AuditSummary summary;
};

struct ManifestInput {
  std::string name;
  const flow::Manifest* manifest = nullptr;
};

struct JoinReport {
  std::string tool_version;
  std::optional<std::string> scan_file;
  std::string scan_profile;
  std::vector<flow::TargetResult> scan_targets;
  std::size_t scan_findings = 0;
  std::optional<std::string> audit_file;
  std::size_t audit_events = 0;
  std::optional<std::size_t> truncated_line;
  std::vector<std::string> run_profiles;
  std::optional<Timeline> timeline;  // the run's events over time; nullopt without a run
  std::optional<std::string> manifest_file;
  std::string manifest_title;
  std::size_t manifest_flows = 0;

  std::vector<EndpointItem> endpoints;  // sorted by endpoint, then vendor
  std::vector<FlowItem> flows;          // the scan's order (target, severity, rule, id)
  std::vector<OtherActivity> other;     // sorted by group key
  std::vector<RepeatGroup> repeats;     // by first attempt (Observations::repeats)
  std::size_t repeats_unkept = 0;
  std::vector<VendorRow> vendors;  // sorted by vendor name
};

// Joins whichever inputs are given (a null pointer: not given). Never fails:
// the inputs were validated when read.
[[nodiscard]] JoinReport join(const std::optional<ScanInput>& scan,
                              const std::optional<RunInput>& run,
                              const std::optional<ManifestInput>& manifest,
                              const rules::RuleSet& rules, std::string tool_version);

// True when the run reached an endpoint the scan did not predict, or one the
// manifest does not declare: what makes `cordon report` exit 1.
[[nodiscard]] bool has_discrepancy(const JoinReport& report);

[[nodiscard]] const char* to_string(EndpointStatus status);
[[nodiscard]] const char* to_string(FlowStatus status);

}  // namespace cordon::join
