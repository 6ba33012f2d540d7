#include "cordon/join/observations.h"

#include <algorithm>

#include "cordon/rules/endpoint.h"

namespace cordon::join {
namespace {

// The canonical spelling of a name or address, so "Example.COM." and
// "example.com", or "::ffff:192.0.2.1" and "192.0.2.1", are one endpoint.
// Text that is neither (hostile logs) is kept as written.
std::string canonical_name(const std::string& text) {
  if (text.empty()) return text;
  auto host = rules::canonical_host(text);
  return host ? *host : text;
}

std::string canonical_address(const std::string& text) {
  if (text.empty()) return text;
  auto ip = rules::parse_ip(text);
  return ip ? ip->to_string() : text;
}

}  // namespace

bool is_endpoint_event(const AuditEvent& event) {
  if (event.event == "dns") return !event.host.empty();
  if (event.event != "connect" && event.event != "sendto" && event.event != "sendmsg") {
    return false;
  }
  return (event.family == "inet" || event.family == "inet6") && !event.address.empty();
}

void RunEvidence::add(const AuditEvent& event, const std::string& host,
                      const std::string& address) {
  ++events;
  ++kinds[event.event];
  ++verdicts[event.verdict];
  if (!event.rule.empty()) rules.insert(event.rule);
  if (!host.empty()) hosts.insert(host);
  if (!address.empty()) addresses.insert(address);
  ports.insert(event.port);
  pids.insert(event.pid);
  if (!event.exe.empty()) exes.insert(event.exe);
  if (first_line == 0 || event.line < first_line) first_line = event.line;
  if (events == 1 || event.ts < first_ts) first_ts = event.ts;
}

void RunEvidence::merge(const RunEvidence& other) {
  if (other.events == 0) return;
  if (events == 0 || other.first_ts < first_ts) first_ts = other.first_ts;
  if (first_line == 0 || (other.first_line != 0 && other.first_line < first_line)) {
    first_line = other.first_line;
  }
  events += other.events;
  for (const auto& [k, n] : other.kinds) kinds[k] += n;
  for (const auto& [k, n] : other.verdicts) verdicts[k] += n;
  rules.insert(other.rules.begin(), other.rules.end());
  hosts.insert(other.hosts.begin(), other.hosts.end());
  addresses.insert(other.addresses.begin(), other.addresses.end());
  ports.insert(other.ports.begin(), other.ports.end());
  pids.insert(other.pids.begin(), other.pids.end());
  exes.insert(other.exes.begin(), other.exes.end());
}

void Observations::add(const AuditEvent& event) {
  ++events_;
  timeline_.add(event.ts, event.verdict);
  if (!event.profile.empty()) profiles_.insert(event.profile);
  if (is_endpoint_event(event)) {
    const std::string host = canonical_name(event.host);
    const std::string address = event.event == "dns" ? "" : canonical_address(event.address);
    EndpointKey key{host, host.empty() ? address : "", event.port};
    endpoints_[key].add(event, host, address);
    return;
  }
  OtherKey key{event.event, event.family, event.address, event.verdict, event.rule};
  others_[key].add(event, canonical_name(event.host), "");
}

std::vector<ObservedEndpoint> Observations::endpoints() const {
  std::vector<ObservedEndpoint> out;
  out.reserve(endpoints_.size());
  for (const auto& [key, run] : endpoints_) {
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), run});
  }
  return out;
}

std::vector<OtherActivity> Observations::others() const {
  std::vector<OtherActivity> out;
  out.reserve(others_.size());
  for (const auto& [key, run] : others_) {
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key),
                   std::get<4>(key), run});
  }
  return out;
}

}  // namespace cordon::join
