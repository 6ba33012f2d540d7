#include "cordon/join/join.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "cordon/flow/policy.h"
#include "declarations.h"
#include "endpoint_key.h"

namespace cordon::join {
namespace {

struct Predicted {
  std::set<std::string> spellings;
  std::set<std::string> finding_ids;
  std::set<std::string> targets;
  std::map<std::string, PathEvidence> paths;
  std::optional<RunEvidence> run;
  std::vector<rules::EndpointQuery> observed;  // the run's endpoints attached, as queries
};

// One item of the join before sorting: its key, the item, and the run's
// endpoints that make it up, as matcher queries (for the manifest).
struct Keyed {
  EndpointKey key;
  EndpointItem item;
  std::vector<rules::EndpointQuery> observed;
};

template <typename T>
std::vector<T> to_vector(const std::set<T>& values) {
  return {values.begin(), values.end()};
}

// The run-time endpoint as the matcher's queries: by name (and each address
// the name resolved to) or by address, with the port the run used (0 for a
// lookup).
void add_queries(const ObservedEndpoint& observed, std::vector<rules::EndpointQuery>& out) {
  rules::EndpointQuery query;
  if (!observed.host.empty()) query.host = observed.host;
  if (!observed.address.empty()) query.ip = rules::parse_ip(observed.address);
  query.port = observed.port;
  if (query.host || query.ip) out.push_back(query);
  if (!query.host) return;
  for (const auto& address : observed.run.addresses) {
    query.ip = rules::parse_ip(address);
    if (query.ip) out.push_back(query);
  }
}

// The URLs and matcher queries that stand for an item, most specific first:
// the scan's own strings, then the key, then each address it resolved to.
void describe(const EndpointKey& key, const EndpointItem& item, std::vector<rules::Url>& urls,
              std::vector<rules::EndpointQuery>& queries) {
  if (item.scan) {
    for (const auto& text : item.scan->spellings) {
      if (auto url = flow::endpoint_url(text)) urls.push_back(std::move(*url));
    }
  }
  if (auto query = query_of(key)) queries.push_back(*query);
  if (item.run && !key.host.empty()) {
    for (const auto& address : item.run->addresses) {
      rules::EndpointQuery query;
      query.host = key.host;
      query.ip = rules::parse_ip(address);
      query.port = key.port;
      if (query.ip) queries.push_back(query);
    }
  }
}

void attribute(EndpointItem& item, const std::vector<rules::Url>& urls,
               const std::vector<rules::EndpointQuery>& queries, const rules::RuleSet& rules) {
  std::optional<rules::EndpointMatch> match;
  for (std::size_t i = 0; !match && i < urls.size(); ++i)
    match = rules.endpoints().match_url(urls[i]);
  for (std::size_t i = 0; !match && i < queries.size(); ++i)
    match = rules.endpoints().match(queries[i]);
  if (!match) return;
  item.vendor = match->vendor;
  item.vendor_entry = match->id;
}

EndpointStatus status_of(const EndpointItem& item, bool have_scan, bool have_run) {
  if (item.scan && item.run) return EndpointStatus::kMatched;
  if (item.scan) return have_run ? EndpointStatus::kUnexercised : EndpointStatus::kPredicted;
  return have_scan ? EndpointStatus::kUnpredicted : EndpointStatus::kObserved;
}

std::vector<VendorRow> vendor_rows(const std::vector<EndpointItem>& items) {
  std::map<std::string, VendorRow> rows;
  for (const auto& item : items) {
    VendorRow& row = rows[std::string(rules::to_string(item.vendor))];
    row.vendor = item.vendor;
    ++row.endpoints;
    switch (item.status) {
      case EndpointStatus::kMatched:
        ++row.matched;
        break;
      case EndpointStatus::kUnpredicted:
        ++row.unpredicted;
        break;
      case EndpointStatus::kUnexercised:
        ++row.unexercised;
        break;
      case EndpointStatus::kPredicted:
      case EndpointStatus::kObserved:
        break;
    }
    if (item.declared && !item.declared->declared) ++row.undeclared;
    if (item.run) row.events += item.run->events;
  }
  std::vector<VendorRow> out;
  for (auto& [name, row] : rows) out.push_back(row);
  return out;
}

using PredictedMap = std::map<EndpointKey, Predicted>;

// The scan's side: every endpoint string of every finding, by key.
PredictedMap collect_predicted(const flow::ScanReport& report) {
  PredictedMap predicted;
  for (const auto& f : report.findings) {
    for (const auto& text : f.endpoints) {
      Predicted& p = predicted[predicted_key(text)];
      p.spellings.insert(text);
      p.finding_ids.insert(f.id);
      p.targets.insert(f.target);
      if (!f.path.empty() && p.paths.count(f.id) == 0) {
        PathEvidence path{f.id, f.kind, {}};
        for (const auto& step : f.path) path.functions.push_back(step.function);
        p.paths.emplace(f.id, std::move(path));
      }
    }
  }
  return predicted;
}

// The run's side: each observed endpoint goes to every predicted one it is
// (see same_endpoint); the others are returned, unpredicted. Indexed by name
// and address so a large log against a large scan stays linear.
std::vector<ObservedEndpoint> attach_observed(
    const std::vector<ObservedEndpoint>& observed_endpoints, PredictedMap& predicted) {
  std::map<std::string, std::vector<const EndpointKey*>> by_host;
  std::map<std::string, std::vector<const EndpointKey*>> by_address;
  for (const auto& [key, p] : predicted) {
    if (!key.host.empty()) by_host[key.host].push_back(&key);
    if (!key.address.empty()) by_address[key.address].push_back(&key);
  }
  std::vector<ObservedEndpoint> unpredicted;
  for (const auto& observed : observed_endpoints) {
    std::set<EndpointKey> candidates;
    auto add_all = [&candidates](const std::vector<const EndpointKey*>& keys) {
      for (const auto* key : keys) candidates.insert(*key);
    };
    if (auto found = by_host.find(observed.host);
        !observed.host.empty() && found != by_host.end()) {
      add_all(found->second);
    }
    std::set<std::string> addresses = observed.run.addresses;
    if (!observed.address.empty()) addresses.insert(observed.address);
    for (const auto& address : addresses) {
      if (auto found = by_address.find(address); found != by_address.end()) add_all(found->second);
    }
    bool attached = false;
    for (const auto& key : candidates) {
      if (!same_endpoint(key, observed)) continue;
      Predicted& p = predicted.at(key);
      if (!p.run) p.run.emplace();
      p.run->merge(observed.run);
      add_queries(observed, p.observed);
      attached = true;
    }
    if (!attached) unpredicted.push_back(observed);
  }
  return unpredicted;
}

// Whether the manifest declares an item: by its destination (the scan's
// spellings of it, the run's connections and lookups), or through one of the
// scan's exfiltration paths to it.
Declaration declaration_of(const EndpointItem& item,
                           const std::vector<rules::EndpointQuery>& observed,
                           const Declarations& declarations,
                           const std::map<std::string, const flow::Finding*>& findings_by_id) {
  static const std::vector<std::string> kNone;
  const auto& spellings = item.scan ? item.scan->spellings : kNone;
  Declaration declared = declarations.for_destination(spellings, observed, item.vendor);
  for (std::size_t i = 0; item.scan && !declared.declared && i < item.scan->finding_ids.size();
       ++i) {
    auto found = findings_by_id.find(item.scan->finding_ids[i]);
    if (found != findings_by_id.end() &&
        found->second->kind == flow::FindingKind::kExfiltrationPath) {
      declared = declarations.for_finding(*found->second);
    }
  }
  return declared;
}

// The scan's exfiltration paths, in the scan's order, judged against the
// run (`observed_by_spelling`: the items a scan string was seen as).
std::vector<FlowItem> make_flows(
    const flow::ScanReport& report, bool have_run,
    const std::map<std::string, std::vector<std::string>>& observed_by_spelling,
    const std::optional<Declarations>& declarations) {
  std::vector<FlowItem> flows;
  for (const auto& f : report.findings) {
    if (f.kind != flow::FindingKind::kExfiltrationPath) continue;
    FlowItem item;
    item.finding = f;
    std::set<std::string> seen;
    for (const auto& text : f.endpoints) {
      if (auto found = observed_by_spelling.find(text); found != observed_by_spelling.end()) {
        seen.insert(found->second.begin(), found->second.end());
      }
    }
    item.observed = to_vector(seen);
    if (!have_run) {
      item.status = FlowStatus::kNotRun;
    } else if (f.endpoints.empty()) {
      item.status = FlowStatus::kNoEndpoint;
    } else {
      item.status = seen.empty() ? FlowStatus::kUnexercised : FlowStatus::kExercised;
    }
    if (declarations) item.declared = declarations->for_finding(f);
    flows.push_back(std::move(item));
  }
  return flows;
}

}  // namespace

const char* to_string(EndpointStatus status) {
  switch (status) {
    case EndpointStatus::kMatched:
      return "matched";
    case EndpointStatus::kUnpredicted:
      return "unpredicted";
    case EndpointStatus::kUnexercised:
      return "unexercised";
    case EndpointStatus::kPredicted:
      return "predicted";
    case EndpointStatus::kObserved:
      return "observed";
  }
  return "unknown";
}

const char* to_string(FlowStatus status) {
  switch (status) {
    case FlowStatus::kExercised:
      return "exercised";
    case FlowStatus::kUnexercised:
      return "unexercised";
    case FlowStatus::kNoEndpoint:
      return "no-endpoint";
    case FlowStatus::kNotRun:
      return "not-run";
  }
  return "unknown";
}

JoinReport join(const std::optional<ScanInput>& scan, const std::optional<RunInput>& run,
                const std::optional<ManifestInput>& manifest, const rules::RuleSet& rules,
                std::string tool_version) {
  JoinReport out;
  out.tool_version = std::move(tool_version);
  const bool have_scan = scan && scan->report != nullptr;
  const bool have_run = run && run->observations != nullptr;

  PredictedMap predicted;
  std::map<std::string, const flow::Finding*> findings_by_id;
  if (have_scan) {
    out.scan_file = scan->name;
    out.scan_profile = scan->report->profile;
    out.scan_targets = scan->report->targets;
    out.scan_findings = scan->report->findings.size();
    predicted = collect_predicted(*scan->report);
    for (const auto& f : scan->report->findings) findings_by_id.emplace(f.id, &f);
  }
  std::vector<ObservedEndpoint> unpredicted;
  if (have_run) {
    out.audit_file = run->name;
    out.audit_events = run->summary.events;
    out.truncated_line = run->summary.truncated_line;
    out.run_profiles = to_vector(run->observations->profiles());
    out.timeline = run->observations->timeline();
    unpredicted = attach_observed(run->observations->endpoints(), predicted);
    out.other = run->observations->others();
    out.repeats = run->observations->repeats();
    out.repeats_unkept = run->observations->repeats_unkept();
  }
  std::optional<Declarations> declarations;
  if (manifest && manifest->manifest != nullptr) {
    out.manifest_file = manifest->name;
    out.manifest_title = manifest->manifest->title;
    out.manifest_flows = manifest->manifest->flows.size();
    declarations.emplace(*manifest->manifest, rules);
  }

  // Items: attributed to a vendor and checked against the manifest.
  std::vector<Keyed> keyed;
  for (auto& [key, p] : predicted) {
    EndpointItem item;
    item.scan =
        ScanEvidence{to_vector(p.spellings), to_vector(p.finding_ids), to_vector(p.targets), {}};
    for (auto& [id, path] : p.paths) item.scan->paths.push_back(std::move(path));
    item.run = std::move(p.run);
    keyed.push_back({key, std::move(item), std::move(p.observed)});
  }
  for (auto& observed : unpredicted) {
    Keyed entry{EndpointKey{observed.host, observed.address, observed.port, ""}, {}, {}};
    add_queries(observed, entry.observed);
    entry.item.run = std::move(observed.run);
    keyed.push_back(std::move(entry));
  }
  std::map<std::string, std::vector<std::string>> observed_by_spelling;
  for (auto& [key, item, observed] : keyed) {
    item.endpoint = display(key);
    item.host = key.host;
    item.address = key.address;
    item.port = key.port;
    item.status = status_of(item, have_scan, have_run);
    std::vector<rules::Url> urls;
    std::vector<rules::EndpointQuery> queries;
    describe(key, item, urls, queries);
    attribute(item, urls, queries, rules);
    if (declarations) {
      item.declared = declaration_of(item, observed, *declarations, findings_by_id);
    }
    if (item.scan && item.run) {
      for (const auto& text : item.scan->spellings) {
        observed_by_spelling[text].push_back(item.endpoint);
      }
    }
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.item.endpoint, a.key) < std::tie(b.item.endpoint, b.key);
  });
  for (auto& entry : keyed) out.endpoints.push_back(std::move(entry.item));

  if (have_scan)
    out.flows = make_flows(*scan->report, have_run, observed_by_spelling, declarations);
  out.vendors = vendor_rows(out.endpoints);
  return out;
}

bool has_discrepancy(const JoinReport& report) {
  return std::any_of(report.endpoints.begin(), report.endpoints.end(), [](const EndpointItem& e) {
    return e.run &&
           (e.status == EndpointStatus::kUnpredicted || (e.declared && !e.declared->declared));
  });
}

}  // namespace cordon::join
