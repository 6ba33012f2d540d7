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

void Observations::add_repeat(const AuditEvent& event) {
  RepeatKey key{event.pid,  event.exe,  event.event,   event.family, event.address,
                event.port, event.host, event.verdict, event.rule};
  auto it = repeats_.find(key);
  if (it == repeats_.end()) {
    if (repeats_.size() >= kMaxRepeatGroups) {
      ++repeats_unkept_;
      return;
    }
    RepeatGroup group{event.pid,  event.exe,  event.event,   event.family, event.address,
                      event.port, event.host, event.verdict, event.rule,   0,
                      event.ts,   event.ts,   event.line};
    it = repeats_.emplace(std::move(key), std::move(group)).first;
  }
  RepeatGroup& group = it->second;
  ++group.count;
  // RFC 3339 UTC timestamps of one writer sort as text; lines of
  // concurrent threads need not be in time order.
  if (event.ts < group.first_ts) group.first_ts = event.ts;
  if (event.ts > group.last_ts) group.last_ts = event.ts;
}

std::vector<RepeatGroup> Observations::repeats() const {
  std::vector<RepeatGroup> out;
  out.reserve(repeats_.size());
  for (const auto& [key, group] : repeats_) out.push_back(group);
  // Stable: equal first times keep the key order of the map.
  std::stable_sort(out.begin(), out.end(), [](const RepeatGroup& a, const RepeatGroup& b) {
    return a.first_ts < b.first_ts;
  });
  return out;
}

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
  if (events == 1 || event.ts > last_ts) last_ts = event.ts;
}

void RunEvidence::merge(const RunEvidence& other) {
  if (other.events == 0) return;
  if (events == 0 || other.first_ts < first_ts) first_ts = other.first_ts;
  if (events == 0 || other.last_ts > last_ts) last_ts = other.last_ts;
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
  add_repeat(event);
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
