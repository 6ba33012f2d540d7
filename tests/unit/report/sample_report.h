// A fixed scan report: two targets (one failed) and one finding of each
// kind that matters for rendering, used by the report tests and the SARIF
// writer whose output the schema test validates.
#pragma once

#include <utility>

#include "cordon/flow/finding.h"
#include "cordon/report/json_report.h"

namespace cordon::testing {

inline flow::ScanReport sample_report() {
  using rules::Party;
  flow::ScanReport r;
  r.tool_version = "0.1.0";
  r.profile = "zero-trust";
  flow::TargetResult ok;
  ok.path = "samples/bin/O0/psn to playfab";
  ok.format = "elf";
  ok.arch = "x86_64";
  ok.sha256 = std::string(64, 'a');
  ok.stats = {12, 3456, 0.1, 20480, 20000};
  flow::TargetResult bad;
  bad.path = "samples/bad/garbage.elf";
  bad.format = "elf";
  bad.sha256 = std::string(64, 'b');
  bad.ok = false;
  bad.error = "samples/bad/garbage.elf: truncated ELF header";
  r.targets = {ok, bad};  // deliberately unsorted: sort_report orders them

  flow::Finding path;
  path.id = "0123456789abcdef";
  path.rule = "playstation.np.account-id";
  path.severity = rules::Severity::kCritical;
  path.kind = flow::FindingKind::kExfiltrationPath;
  path.target = ok.path;
  path.source =
      flow::FindingSource{"sceNpGetAccountId", Party::kPlaystation, rules::DataClass::kIdentity};
  path.sink = flow::FindingSink{"curl_easy_setopt", "libcurl.easy-setopt", Party::kMicrosoft, rules::Channel::kHttp};
  path.endpoints = {"https://title-1a2b.playfabapi.com/Event/WriteEvents"};
  path.path = {flow::PathStep{"read_id", 0x401a2c, std::nullopt, std::nullopt},
               flow::PathStep{"send_stats", 0x401b00, std::string("src/net.c"), 42}};
  path.confidence = flow::Confidence::kDataflow;
  path.message = "playstation identity data reaches curl_easy_setopt (microsoft)";

  flow::Finding capability;
  capability.id = "fedcba9876543210";
  capability.rule = "cordon.network-capability";
  capability.severity = rules::Severity::kLow;
  capability.kind = flow::FindingKind::kNetworkCapability;
  capability.target = ok.path;
  capability.sink = flow::FindingSink{"sendto", "libc.sendto", Party::kUnknown, rules::Channel::kUdp};
  capability.path = {flow::PathStep{"main", 0x401000, std::nullopt, std::nullopt}};
  capability.message = "the target can send data off the machine: sendto (udp) is called in main";

  flow::Finding endpoint;
  endpoint.id = "00000000000000ff";
  endpoint.rule = "playfab.api";
  endpoint.severity = rules::Severity::kInfo;
  endpoint.kind = flow::FindingKind::kEndpoint;
  endpoint.target = ok.path;
  endpoint.endpoints = {"https://title-1a2b.playfabapi.com/Event/WriteEvents"};
  endpoint.allowed = true;
  endpoint.message = "endpoint \"quoted\" \u00e9 is compiled into the target";

  r.findings = {endpoint, capability, path};
  report::sort_report(r);
  return r;
}

}  // namespace cordon::testing
