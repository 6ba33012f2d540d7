#include <nlohmann/json.hpp>

#include "cordon/join/render.h"
#include "cordon/report/json_report.h"
#include "summary.h"

namespace cordon::join {
namespace {

using nlohmann::ordered_json;

ordered_json nullable(const std::string& text) {
  return text.empty() ? ordered_json(nullptr) : ordered_json(text);
}

template <typename Map>
ordered_json counts(const Map& map) {
  ordered_json out = ordered_json::object();
  for (const auto& [key, n] : map) out[key] = n;
  return out;
}

ordered_json declaration(const std::optional<Declaration>& d) {
  if (!d) return nullptr;
  return d->declared;
}

ordered_json declared_by(const std::optional<Declaration>& d) {
  if (!d || !d->declared) return nullptr;
  return d->by;
}

ordered_json run_json(const RunEvidence& run) {
  ordered_json out;
  out["events"] = run.events;
  out["kinds"] = counts(run.kinds);
  out["verdicts"] = counts(run.verdicts);
  out["rules"] = run.rules;
  out["hosts"] = run.hosts;
  out["addresses"] = run.addresses;
  out["ports"] = run.ports;
  ordered_json pids = ordered_json::array();
  for (auto pid : run.pids) {
    if (pids.size() == kMaxListed) break;
    pids.push_back(pid);
  }
  out["pids"] = std::move(pids);
  out["pid_count"] = run.pids.size();
  ordered_json exes = ordered_json::array();
  for (const auto& exe : run.exes) {
    if (exes.size() == kMaxListed) break;
    exes.push_back(exe);
  }
  out["exes"] = std::move(exes);
  out["exe_count"] = run.exes.size();
  out["first_ts"] = run.first_ts;
  out["last_ts"] = run.last_ts;
  out["first_line"] = run.first_line;
  return out;
}

ordered_json endpoint_json(const EndpointItem& e) {
  ordered_json out;
  out["endpoint"] = e.endpoint;
  out["host"] = nullable(e.host);
  out["address"] = nullable(e.address);
  out["port"] = e.port == 0 ? ordered_json(nullptr) : ordered_json(e.port);
  out["vendor"] = std::string(rules::to_string(e.vendor));
  out["vendor_entry"] = nullable(e.vendor_entry);
  out["status"] = to_string(e.status);
  out["declared"] = declaration(e.declared);
  out["declared_by"] = declared_by(e.declared);
  if (e.scan) {
    ordered_json paths = ordered_json::array();
    for (const auto& path : e.scan->paths) {
      paths.push_back({{"finding", path.finding},
                       {"kind", flow::to_string(path.kind)},
                       {"functions", path.functions}});
    }
    out["scan"] = {{"spellings", e.scan->spellings},
                   {"findings", e.scan->finding_ids},
                   {"targets", e.scan->targets},
                   {"paths", std::move(paths)}};
  } else {
    out["scan"] = nullptr;
  }
  out["run"] = e.run ? run_json(*e.run) : ordered_json(nullptr);
  return out;
}

ordered_json flow_json(const FlowItem& f) {
  ordered_json out;
  out["finding"] = report::to_json(f.finding);
  out["status"] = to_string(f.status);
  out["observed"] = f.observed;
  out["declared"] = declaration(f.declared);
  out["declared_by"] = declared_by(f.declared);
  return out;
}

ordered_json inputs_json(const JoinReport& r) {
  ordered_json out;
  if (r.scan_file) {
    ordered_json targets = ordered_json::array();
    for (const auto& t : r.scan_targets) {
      targets.push_back(
          {{"path", t.path}, {"sha256", nullable(t.sha256)}, {"status", t.ok ? "ok" : "error"}});
    }
    out["scan"] = {{"file", *r.scan_file},
                   {"profile", nullable(r.scan_profile)},
                   {"targets", std::move(targets)},
                   {"findings", r.scan_findings}};
  } else {
    out["scan"] = nullptr;
  }
  if (r.audit_file) {
    out["audit"] = {{"file", *r.audit_file},
                    {"events", r.audit_events},
                    {"truncated_line",
                     r.truncated_line ? ordered_json(*r.truncated_line) : ordered_json(nullptr)},
                    {"profiles", r.run_profiles}};
  } else {
    out["audit"] = nullptr;
  }
  if (r.manifest_file) {
    out["manifest"] = {{"file", *r.manifest_file},
                       {"title", nullable(r.manifest_title)},
                       {"flows", r.manifest_flows}};
  } else {
    out["manifest"] = nullptr;
  }
  return out;
}

ordered_json summary_json(const JoinReport& r) {
  const Summary s = summarize(r);
  ordered_json out;
  out["endpoints"] = r.endpoints.size();
  out["matched"] = s.matched;
  out["unpredicted"] = s.unpredicted;
  out["unexercised"] = s.unexercised;
  out["predicted"] = s.predicted;
  out["observed"] = s.observed;
  out["undeclared"] = s.undeclared;
  out["flows"] = r.flows.size();
  out["flows_exercised"] = s.flows_exercised;
  out["flows_unexercised"] = s.flows_unexercised;
  out["flows_no_endpoint"] = s.flows_no_endpoint;
  out["flows_undeclared"] = s.flows_undeclared;
  out["other_events"] = s.other_events;
  out["discrepancy"] = has_discrepancy(r);
  return out;
}

}  // namespace

std::string render_json(const JoinReport& r) {
  ordered_json out;
  out["tool"] = {{"name", "cordon"}, {"version", r.tool_version}};
  out["inputs"] = inputs_json(r);
  out["summary"] = summary_json(r);
  ordered_json vendors = ordered_json::array();
  for (const auto& v : r.vendors) {
    vendors.push_back({{"vendor", std::string(rules::to_string(v.vendor))},
                       {"endpoints", v.endpoints},
                       {"matched", v.matched},
                       {"unpredicted", v.unpredicted},
                       {"unexercised", v.unexercised},
                       {"undeclared", v.undeclared},
                       {"events", v.events}});
  }
  out["vendors"] = std::move(vendors);
  ordered_json endpoints = ordered_json::array();
  for (const auto& e : r.endpoints) endpoints.push_back(endpoint_json(e));
  out["endpoints"] = std::move(endpoints);
  ordered_json flows = ordered_json::array();
  for (const auto& f : r.flows) flows.push_back(flow_json(f));
  out["flows"] = std::move(flows);
  ordered_json other = ordered_json::array();
  for (const auto& o : r.other) {
    other.push_back({{"event", o.event},
                     {"family", nullable(o.family)},
                     {"address", nullable(o.address)},
                     {"verdict", o.verdict},
                     {"rule", nullable(o.rule)},
                     {"run", run_json(o.run)}});
  }
  out["other"] = std::move(other);
  ordered_json repeats = ordered_json::array();
  for (const auto& g : r.repeats) {
    repeats.push_back({{"pid", g.pid},
                       {"exe", nullable(g.exe)},
                       {"event", g.event},
                       {"family", nullable(g.family)},
                       {"address", nullable(g.address)},
                       {"port", g.port},
                       {"host", nullable(g.host)},
                       {"verdict", g.verdict},
                       {"rule", nullable(g.rule)},
                       {"count", g.count},
                       {"first_ts", g.first_ts},
                       {"last_ts", g.last_ts},
                       {"first_line", g.first_line}});
  }
  out["repeats"] = std::move(repeats);
  out["repeats_unkept"] = r.repeats_unkept;
  // Strings from a manifest are not checked for UTF-8: replace, never throw.
  return out.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace cordon::join
