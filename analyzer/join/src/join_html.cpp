#include <fmt/format.h>

#include "cordon/join/render.h"
#include "markup.h"
#include "path_svg.h"
#include "report_script.h"
#include "summary.h"
#include "timeline_svg.h"

namespace cordon::join {
namespace {

// Every input string goes through here (markup.h says why).
std::string h(std::string_view text) {
  return html_text(text);
}

// One script (report_script.h), allowed by its hash, and no fetch: the CSP
// says so, so even a missed escape could not run code or load anything.
constexpr const char* kHeadStart = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
)";

constexpr const char* kHeadRest =
    R"(<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cordon report</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#1f2933;max-width:1100px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #cbd2d9}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #cbd2d9;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f5f7fa}
code,.mono{font-family:monospace;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:.6em}
.card{border:1px solid #cbd2d9;border-radius:6px;padding:.4em .8em;min-width:7em}
.card b{display:block;font-size:1.4em}
.bad{color:#b42318}.ok{color:#15803d}.muted{color:#7b8794}
.sev{font-weight:bold;padding:0 .4em;border-radius:4px;background:#eef2f7}
.sev-critical,.sev-high{background:#fde2e1;color:#b42318}
.sev-medium{background:#fff1d6;color:#8a5a00}
article{border:1px solid #cbd2d9;border-radius:6px;padding:.6em 1em;margin:1em 0}
svg.path{display:block;margin:.5em 0;max-width:100%;height:auto}
ul{margin:.2em 0;padding-left:1.2em}
[hidden]{display:none!important}
form#filters{display:flex;flex-wrap:wrap;gap:1em;align-items:center;margin:1em 0;padding:.5em .8em;
background:#f5f7fa;border:1px solid #cbd2d9;border-radius:6px}
button.sort{all:unset;cursor:pointer;font-weight:bold}
th[aria-sort=ascending] button.sort::after{content:" \25B2"}
th[aria-sort=descending] button.sort::after{content:" \25BC"}
svg.timeline,svg.lanes{display:block;max-width:100%;height:auto;border:1px solid #cbd2d9;
border-radius:6px}
</style>
</head>
<body>
)";

template <typename Set>
std::string items(const Set& set) {
  std::string out;
  std::size_t n = 0;
  for (const auto& value : set) {
    if (n++ == kMaxListed) {
      out += fmt::format(" <span class=\"muted\">(+{} more)</span>", set.size() - kMaxListed);
      break;
    }
    out += fmt::format("{}<code>{}</code>", out.empty() ? "" : ", ", h(fmt::format("{}", value)));
  }
  return out;
}

template <typename Map>
std::string counts(const Map& map) {
  std::string out;
  for (const auto& [key, n] : map)
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", h(key), n);
  return out;
}

std::string declared_cell(const std::optional<Declaration>& d) {
  if (!d) return "<span class=\"muted\">no manifest</span>";
  if (!d->declared) return "<span class=\"bad\">undeclared</span>";
  return fmt::format("<span class=\"ok\">declared</span> by {}", h(d->by));
}

std::string vendor_cell(const EndpointItem& e) {
  std::string out = h(rules::to_string(e.vendor));
  if (!e.vendor_entry.empty()) out += fmt::format("<br><code>{}</code>", h(e.vendor_entry));
  return out;
}

std::string run_cell(const std::optional<RunEvidence>& run) {
  if (!run) return "<span class=\"muted\">not seen</span>";
  std::string out = fmt::format("{} event{} ({}; {})", run->events, run->events == 1 ? "" : "s",
                                counts(run->kinds), counts(run->verdicts));
  if (!run->ports.empty() && *run->ports.rbegin() != 0) out += "<br>port " + items(run->ports);
  if (!run->rules.empty()) out += "<br>rule " + items(run->rules);
  if (!run->addresses.empty() && !run->hosts.empty())
    out += "<br>addresses " + items(run->addresses);
  out += "<br>pid " + items(run->pids);
  if (!run->exes.empty()) out += "<br>exe " + items(run->exes);
  out += fmt::format("<br>first <code>{}</code> (line {})", h(run->first_ts), run->first_line);
  return out;
}

std::string scan_cell(const std::optional<ScanEvidence>& scan) {
  if (!scan) return "<span class=\"muted\">not predicted</span>";
  std::string out = fmt::format("{}<br>finding{} {}<br>in {}", items(scan->spellings),
                                scan->finding_ids.size() == 1 ? "" : "s", items(scan->finding_ids),
                                items(scan->targets));
  for (std::size_t i = 0; i < scan->paths.size() && i < kMaxListed; ++i) {
    const PathEvidence& path = scan->paths[i];
    std::string chain;
    for (const auto& function : path.functions) {
      chain += fmt::format("{}<code>{}</code>", chain.empty() ? "" : " &rarr; ", h(function));
    }
    out += fmt::format("<br>{} <code>{}</code>: {}", flow::to_string(path.kind), h(path.finding),
                       chain);
  }
  if (scan->paths.size() > kMaxListed) {
    out += fmt::format(" <span class=\"muted\">(+{} more paths)</span>",
                       scan->paths.size() - kMaxListed);
  }
  return out;
}

void endpoint_table(const JoinReport& r, EndpointStatus status, std::string_view title,
                    std::string_view explanation, std::string& out) {
  std::size_t n = 0;
  for (const auto& e : r.endpoints) n += e.status == status ? 1 : 0;
  if (n == 0) return;
  out += fmt::format("<h2 id=\"{}\">{} ({})</h2>\n<p>{}</p>\n", to_string(status), title, n,
                     explanation);
  out +=
      "<table class=\"sortable endpoints\"><thead><tr><th>endpoint</th><th>vendor</th>"
      "<th>manifest</th><th>scan</th><th>run</th></tr></thead>\n<tbody>\n";
  for (const auto& e : r.endpoints) {
    if (e.status != status) continue;
    out += fmt::format(
        "<tr class=\"filterable\" data-status=\"{}\" data-vendor=\"{}\"><td><code>{}</code></td>"
        "<td>{}</td><td>{}</td><td>{}</td><td data-sort=\"{}\">{}</td></tr>\n",
        to_string(e.status), h(rules::to_string(e.vendor)), h(e.endpoint), vendor_cell(e),
        declared_cell(e.declared), scan_cell(e.scan), e.run ? h(e.run->first_ts) : "",
        run_cell(e.run));
  }
  out += "</tbody></table>\n";
}

void inputs(const JoinReport& r, std::string& out) {
  out += "<table>\n";
  if (r.scan_file) {
    out += fmt::format(
        "<tr><th>scan</th><td><code>{}</code>: profile {}, {} target{}, {} finding{}",
        h(*r.scan_file), h(r.scan_profile.empty() ? "-" : r.scan_profile), r.scan_targets.size(),
        r.scan_targets.size() == 1 ? "" : "s", r.scan_findings, r.scan_findings == 1 ? "" : "s");
    if (!r.scan_targets.empty()) {
      out += "<ul>";
      for (const auto& t : r.scan_targets) {
        out += fmt::format(
            "<li><code>{}</code> {}{}</li>", h(t.path), t.ok ? "" : "(error) ",
            t.sha256.empty() ? "" : "<span class=\"muted mono\">" + h(t.sha256) + "</span>");
      }
      out += "</ul>";
    }
    out += "</td></tr>\n";
  }
  if (r.audit_file) {
    out += fmt::format("<tr><th>audit log</th><td><code>{}</code>: {} event{}", h(*r.audit_file),
                       r.audit_events, r.audit_events == 1 ? "" : "s");
    if (!r.run_profiles.empty()) out += ", profile " + items(r.run_profiles);
    if (r.truncated_line) {
      out += fmt::format(
          "<br><span class=\"bad\">line {} was cut short (the run was killed while "
          "writing it) and is left out</span>",
          *r.truncated_line);
    }
    out += "</td></tr>\n";
  }
  if (r.manifest_file) {
    out += fmt::format(
        "<tr><th>manifest</th><td><code>{}</code>: {}{} flow{}</td></tr>\n", h(*r.manifest_file),
        r.manifest_title.empty() ? "" : "&ldquo;" + h(r.manifest_title) + "&rdquo;, ",
        r.manifest_flows, r.manifest_flows == 1 ? "" : "s");
  }
  out += "</table>\n";
}

void cards(const JoinReport& r, std::string& out) {
  const Summary s = summarize(r);
  auto card = [&out](std::size_t n, std::string_view what, bool bad) {
    out += fmt::format("<div class=\"card\"><b class=\"{}\">{}</b>{}</div>",
                       bad && n != 0 ? "bad" : "", n, what);
  };
  out += "<div class=\"cards\">";
  card(s.unpredicted, "unpredicted", true);
  card(s.unexercised, "unexercised", false);
  card(s.undeclared, "undeclared", true);
  card(s.matched, "matched", false);
  card(r.flows.size(), "scan flows", false);
  card(s.flows_exercised, "flows exercised", false);
  card(s.other_events, "other run-time events", false);
  out += "</div>\n";
}

int severity_rank(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::kCritical:
      return 0;
    case rules::Severity::kHigh:
      return 1;
    case rules::Severity::kMedium:
      return 2;
    case rules::Severity::kLow:
      return 3;
    case rules::Severity::kInfo:
      return 4;
  }
  return 5;
}

// The vendor a flow is filtered by: the one its data goes to.
std::string flow_vendor(const flow::Finding& f) {
  if (f.sink) return std::string(rules::to_string(f.sink->vendor));
  return "unknown";
}

std::string flow_data(const FlowItem& item) {
  const flow::Finding& f = item.finding;
  return fmt::format("data-severity=\"{}\" data-vendor=\"{}\" data-status=\"{}\"",
                     h(rules::to_string(f.severity)), h(flow_vendor(f)), to_string(item.status));
}

void flows(const JoinReport& r, std::string& out) {
  if (r.flows.empty()) return;
  out += fmt::format("<h2 id=\"flows\">Flows the scan found ({})</h2>\n", r.flows.size());
  out +=
      "<table class=\"sortable flows\"><thead><tr><th>severity</th><th>rule</th><th>data</th>"
      "<th>sink</th><th>vendor</th><th>status</th><th>manifest</th><th>path</th></tr></thead>\n"
      "<tbody>\n";
  for (std::size_t i = 0; i < r.flows.size(); ++i) {
    const FlowItem& item = r.flows[i];
    const flow::Finding& f = item.finding;
    const auto severity = rules::to_string(f.severity);
    out += fmt::format(
        "<tr class=\"filterable\" {}><td data-sort=\"{}\"><span class=\"sev sev-{}\">{}</span></td>"
        "<td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td>"
        "<td>{}</td><td><a href=\"#flow-{}\">graph</a></td></tr>\n",
        flow_data(item), severity_rank(f.severity), h(severity), h(severity), h(f.rule),
        f.source ? h(fmt::format("{} {}", rules::to_string(f.source->platform),
                                 rules::to_string(f.source->data)))
                 : "",
        f.sink ? h(f.sink->api) : "", h(flow_vendor(f)), to_string(item.status),
        declared_cell(item.declared), i);
  }
  out += "</tbody></table>\n";
  for (std::size_t i = 0; i < r.flows.size(); ++i) {
    const FlowItem& item = r.flows[i];
    const flow::Finding& f = item.finding;
    const auto severity = rules::to_string(f.severity);
    out += fmt::format("<article class=\"filterable flow\" id=\"flow-{}\" {}>", i, flow_data(item));
    out += fmt::format(
        "<p><span class=\"sev sev-{}\">{}</span> <code>{}</code> &middot; {} &middot; "
        "{}{}</p>\n<p>{}</p>\n<p class=\"muted\">finding <code>{}</code> in <code>{}</code>, "
        "{}</p>\n",
        h(severity), h(severity), h(f.rule), to_string(item.status), declared_cell(item.declared),
        f.allowed ? " &middot; allowed by the scan's policy" : "", h(f.message), h(f.id),
        h(f.target), flow::to_string(f.confidence));
    out += path_svg(item);
    out += "\n</article>\n";
  }
}

constexpr std::size_t kMaxLanes = 120;

// Below the timeline: every attempt of the run with repeats folded, as
// lanes on its axis (a bar per group) and as a table.
void repeat_lanes(const JoinReport& r, std::string& out) {
  if (r.repeats.empty()) return;
  std::size_t attempts = r.repeats_unkept;
  for (const auto& g : r.repeats) attempts += g.count;
  out += fmt::format(
      "<h2 id=\"repeats\">Attempts by process, repeats folded</h2>\n<p class=\"muted\">{} "
      "attempt{} in {} group{}: one per process, event, family, address, verdict and rule. Each "
      "bar runs from a group's first attempt to its last{}.</p>\n",
      attempts, attempts == 1 ? "" : "s", r.repeats.size(), r.repeats.size() == 1 ? "" : "s",
      r.repeats.size() > kMaxLanes
          ? fmt::format("; the {} groups with the most attempts are drawn, all are in the table",
                        kMaxLanes)
          : "");
  out += lanes_svg(r, kMaxLanes);
  out +=
      "\n<table class=\"sortable repeats\"><thead><tr><th>attempts</th><th>verdict</th>"
      "<th>event</th><th>family</th><th>address</th><th>rule</th><th>process</th>"
      "<th>first</th><th>last</th></tr></thead>\n<tbody>\n";
  for (const auto& g : r.repeats) {
    std::string where = g.address;
    if (g.port != 0) where += fmt::format(":{}", g.port);
    if (!g.host.empty()) where += " (" + g.host + ")";
    out += fmt::format(
        "<tr><td data-sort=\"{0}\">{0}</td><td>{1}</td><td>{2}</td><td>{3}</td><td><code>{4}"
        "</code></td><td><code>{5}</code></td><td>pid {6} <code>{7}</code></td><td>{8}</td>"
        "<td>{9}</td></tr>\n",
        g.count, h(g.verdict), h(g.event), h(g.family), h(where), h(g.rule), g.pid, h(g.exe),
        h(run_offset(r, g.first_ts)), h(run_offset(r, g.last_ts)));
  }
  out += "</tbody></table>\n";
  if (r.repeats_unkept != 0) {
    out += fmt::format(
        "<p class=\"muted\">{} attempts beyond the first {} groups are not grouped.</p>\n",
        r.repeats_unkept, kMaxRepeatGroups);
  }
}

// The run's events over time (timeline_svg.h), and the folded attempts as
// lanes on the same axis.
void timeline(const JoinReport& r, std::string& out) {
  if (!r.timeline) return;
  const Timeline& t = *r.timeline;
  out += "<section id=\"run-timeline\">\n<h2 id=\"timeline\">Run-time timeline</h2>\n";
  if (t.timed() == 0) {
    out += "<p class=\"muted\">No event of the audit log has a readable time.</p>\n</section>\n";
    return;
  }
  out += timeline_svg(r);
  const double seconds = static_cast<double>(*t.last_us() - *t.first_us()) / 1e6;
  out += fmt::format(
      "\n<p class=\"muted\">{} event{} over {:.3f} s, in buckets of {:.3f} s; a triangle "
      "marks each endpoint's first contact{}.</p>\n</section>\n",
      t.timed(), t.timed() == 1 ? "" : "s", seconds, static_cast<double>(t.bucket_us()) / 1e6,
      t.untimed() == 0
          ? ""
          : fmt::format(" ({} events without a readable time are left out)", t.untimed()));
  repeat_lanes(r, out);
}

void other(const JoinReport& r, std::string& out) {
  if (r.other.empty()) return;
  out +=
      "<h2 id=\"other\">Other run-time events</h2>\n<table class=\"sortable other\"><thead><tr>"
      "<th>event</th><th>family</th><th>address</th><th>verdict</th><th>rule</th><th>run</th>"
      "</tr></thead>\n<tbody>\n";
  for (const auto& o : r.other) {
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td>"
        "<td>{}</td></tr>\n",
        h(o.event), h(o.family), h(o.address), h(o.verdict), h(o.rule),
        run_cell(std::optional<RunEvidence>(o.run)));
  }
  out += "</tbody></table>\n";
}

void vendors(const JoinReport& r, std::string& out) {
  if (r.vendors.empty()) return;
  out +=
      "<h2 id=\"vendors\">Vendors</h2>\n<table class=\"sortable vendors\"><thead><tr>"
      "<th>vendor</th><th>endpoints</th><th>matched</th><th>unpredicted</th><th>unexercised</th>"
      "<th>undeclared</th><th>run-time events</th></tr></thead>\n<tbody>\n";
  for (const auto& v : r.vendors) {
    out += fmt::format(
        "<tr class=\"filterable\" "
        "data-vendor=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td></tr>\n",
        h(rules::to_string(v.vendor)), h(rules::to_string(v.vendor)), v.endpoints, v.matched,
        v.unpredicted, v.unexercised, v.undeclared, v.events);
  }
  out += "</tbody></table>\n";
}

}  // namespace

std::string render_html(const JoinReport& r) {
  std::string out = kHeadStart;
  out += fmt::format(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src {}\">\n",
      report_script_csp_source());
  out += kHeadRest;
  out +=
      fmt::format("<h1>cordon report</h1>\n<p class=\"muted\">cordon {}</p>\n", h(r.tool_version));
  out += "<section id=\"summary\">\n";
  inputs(r, out);
  cards(r, out);
  out += "</section>\n";
  timeline(r, out);
  out +=
      "<form id=\"filters\" hidden><strong>Filter</strong>"
      "<label>severity <select name=\"severity\"><option value=\"\">any</option></select></label>"
      "<label>vendor <select name=\"vendor\"><option value=\"\">any</option></select></label>"
      "<label>status <select name=\"status\"><option value=\"\">any</option></select></label>"
      "<button type=\"reset\">show all</button><span id=\"filter-count\" class=\"muted\">"
      "</span></form>\n";
  endpoint_table(r, EndpointStatus::kUnpredicted, "Seen at run time, not predicted by the scan",
                 "The title reached these endpoints, but the scan found no code naming them.", out);
  endpoint_table(r, EndpointStatus::kUnexercised, "Predicted by the scan, never seen at run time",
                 "The scan found these endpoints in the title; the run did not reach them.", out);
  endpoint_table(r, EndpointStatus::kObserved, "Seen at run time",
                 "No scan was given, so these are not judged against one.", out);
  endpoint_table(r, EndpointStatus::kPredicted, "Predicted by the scan",
                 "No audit log was given, so these are not judged against a run.", out);
  const Summary s = summarize(r);
  if (s.undeclared != 0) {
    out += fmt::format(
        "<h2 id=\"undeclared\">Not declared by the manifest ({})</h2>\n"
        "<table class=\"sortable undeclared\"><thead><tr><th>endpoint</th><th>status</th>"
        "<th>vendor</th></tr></thead>\n<tbody>\n",
        s.undeclared);
    for (const auto& e : r.endpoints) {
      if (e.declared && !e.declared->declared) {
        out += fmt::format(
            "<tr class=\"filterable\" data-status=\"{}\" data-vendor=\"{}\"><td><code>{}</code>"
            "</td><td>{}</td><td>{}</td></tr>\n",
            to_string(e.status), h(rules::to_string(e.vendor)), h(e.endpoint), to_string(e.status),
            vendor_cell(e));
      }
    }
    out += "</tbody></table>\n";
  }
  endpoint_table(r, EndpointStatus::kMatched, "Predicted and seen at run time",
                 "The scan predicted these endpoints and the run reached them.", out);
  flows(r, out);
  other(r, out);
  vendors(r, out);
  out += "<script>";
  out += report_script();
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace cordon::join
