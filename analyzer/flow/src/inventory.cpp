// What a target has, path or not: network capability, endpoints compiled in,
// third-party telemetry SDKs, and sensitive sources no path was found from.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "analysis_context.h"
#include "cordon/flow/finding_id.h"
#include "endpoints.h"

namespace cordon::flow {
namespace {

constexpr std::size_t kMaxStepsPerEndpoint = 5;

Finding base_finding(const AnalysisContext& c, FindingKind kind, std::string rule) {
  Finding f;
  f.kind = kind;
  f.rule = std::move(rule);
  f.target = c.target;
  f.confidence = Confidence::kCallgraph;
  return f;
}

// One finding per sink API the target calls, at its first call site, so each
// carries its sink; the message lists every function that calls it.
void network_capability(const AnalysisContext& c, std::vector<Finding>& out) {
  std::map<std::string, std::vector<const SinkSite*>> by_api;
  for (const auto& sink : c.sinks) by_api[sink.api].push_back(&sink);
  for (const auto& [api, sites] : by_api) {
    std::map<std::string, PathStep> callers;  // function name -> first call, sorted by name
    for (const auto* site : sites) {
      PathStep step = make_step(c.graph, site->function, site->call);
      callers.emplace(step.function, step);
    }
    const SinkSite& first = *sites.front();
    Finding f = base_finding(c, FindingKind::kNetworkCapability, "cordon.network-capability");
    f.severity = c.policy.profile.static_policy.network_capability;
    f.sink = FindingSink{api, first.entry->id, first.entry->party,
                         first.entry->channel.value_or(rules::Channel::kSocket)};
    std::vector<std::string> names;
    for (auto& [name, step] : callers) {
      names.push_back(name);
      if (f.path.size() < kMaxStepsPerEndpoint) f.path.push_back(step);
    }
    f.message = fmt::format("the target can send data off the machine: {} ({}) is called in {}",
                            api, rules::to_string(f.sink->channel), fmt::join(names, ", "));
    name_and_hash(c, f, api);
    out.push_back(std::move(f));
  }
}

void endpoints(const AnalysisContext& c, std::vector<Finding>& out) {
  struct Seen {
    std::vector<std::size_t> strings;
  };
  std::map<std::string, Seen> by_text;
  for (std::size_t i = 0; i < c.graph.strings().size(); ++i) {
    by_text[c.graph.strings()[i].text].strings.push_back(i);
  }
  std::size_t count = 0;
  for (const auto& [text, seen] : by_text) {
    auto url = c.is_endpoint(text);
    if (!url) continue;
    if (++count > c.limits.max_endpoint_findings) break;
    auto match = c.rules.endpoints().match_url(*url);
    Finding f = base_finding(c, FindingKind::kEndpoint, match ? match->id : "cordon.endpoint");
    f.endpoints.push_back(text);
    f.allowed = is_allowlisted(c.policy, text);
    const auto& sp = c.policy.profile.static_policy;
    f.severity = f.allowed ? sp.allowed_flow : sp.endpoint;
    std::map<std::string, PathStep> steps;
    for (std::size_t i : seen.strings) {
      const StringRef& ref = c.graph.strings()[i];
      if (ref.function >= c.graph.functions().size()) continue;  // in data, no code uses it
      PathStep step = make_step(c.graph, ref.function, std::nullopt);
      if (ref.where.address != 0) step.address = ref.where.address;
      if (!ref.where.file.empty()) step.file = ref.where.file;
      if (ref.where.line != 0) step.line = ref.where.line;
      steps.emplace(step.function, step);
    }
    for (auto& [name, step] : steps) {
      if (f.path.size() >= kMaxStepsPerEndpoint) break;
      f.path.push_back(step);
    }
    rules::Party vendor = match ? match->vendor : rules::Party::kUnknown;
    f.message = fmt::format("endpoint {} ({}{}) is compiled into the target{}", text,
                            rules::to_string(vendor), match ? ", rule " + match->id : "",
                            f.allowed ? "; it is allowlisted" : "");
    name_and_hash(c, f, "");
    out.push_back(std::move(f));
  }
}

void telemetry_sdks(const AnalysisContext& c, std::vector<Finding>& out) {
  std::map<std::string, const SinkSite*> first;  // rule id -> first site
  for (const auto& sink : c.sinks) {
    if (sink.entry->channel != rules::Channel::kSdk ||
        sink.entry->party != rules::Party::kThirdParty) {
      continue;
    }
    first.emplace(sink.entry->id, &sink);
  }
  for (const auto& [rule, sink] : first) {
    Finding f = base_finding(c, FindingKind::kTelemetrySdk, rule);
    f.severity = c.policy.profile.static_policy.telemetry_sdk;
    f.sink =
        FindingSink{sink->api, sink->entry->id, rules::Party::kThirdParty, rules::Channel::kSdk};
    f.path.push_back(make_step(c.graph, sink->function, sink->call));
    f.message = fmt::format("third-party telemetry SDK call {} in {} ({}): check what it uploads",
                            sink->api, f.path.front().function, sink->entry->description);
    name_and_hash(c, f, "");
    out.push_back(std::move(f));
  }
}

void sensitive_sources(const AnalysisContext& c, const std::vector<bool>& used,
                       std::vector<Finding>& out) {
  std::map<std::string, std::size_t> first;  // rule id -> first unused site
  for (std::size_t s = 0; s < c.sources.size(); ++s) {
    if (!used[s]) first.emplace(c.sources[s].entry->id, s);
  }
  for (const auto& [rule, s] : first) {
    const SourceSite& source = c.sources[s];
    Finding f = base_finding(c, FindingKind::kSensitiveSource, rule);
    f.severity = c.policy.profile.static_policy.sensitive_source;
    f.source = FindingSource{source.api, source.entry->party,
                             source.entry->data.value_or(rules::DataClass::kIdentity)};
    f.path.push_back(make_step(c.graph, source.function, source.call));
    f.message = fmt::format("{} reads {} {} data in {}; no path to the network was found",
                            source.api, rules::to_string(source.entry->party),
                            rules::to_string(f.source->data), f.path.front().function);
    name_and_hash(c, f, "");
    out.push_back(std::move(f));
  }
}

}  // namespace

std::vector<Finding> find_inventory(const AnalysisContext& context,
                                    const std::vector<bool>& source_used) {
  std::vector<Finding> out;
  network_capability(context, out);
  endpoints(context, out);
  telemetry_sdks(context, out);
  sensitive_sources(context, source_used, out);
  return out;
}

}  // namespace cordon::flow
