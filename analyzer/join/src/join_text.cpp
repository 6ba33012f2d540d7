#include <fmt/format.h>

#include "cordon/join/render.h"
#include "markup.h"
#include "summary.h"

namespace cordon::join {
namespace {

// Every input string goes through here: a terminal must not be steered by
// escape sequences in a symbol name or an audit line.
std::string t(std::string_view text) {
  return terminal_text(text);
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

template <typename Map>
std::string counts(const Map& map) {
  std::vector<std::string> parts;
  for (const auto& [key, n] : map) parts.push_back(fmt::format("{} {}", t(key), n));
  return fmt::format("{}", fmt::join(parts, ", "));
}

template <typename Set>
std::string listed(const Set& set) {
  std::vector<std::string> parts;
  for (const auto& value : set) {
    if (parts.size() == kMaxListed) break;
    parts.push_back(t(fmt::format("{}", value)));
  }
  std::string out = fmt::format("{}", fmt::join(parts, ", "));
  if (set.size() > kMaxListed) out += fmt::format(" (+{} more)", set.size() - kMaxListed);
  return out;
}

std::string declared_text(const std::optional<Declaration>& d) {
  if (!d) return "";
  if (!d->declared) return "  UNDECLARED";
  return "  declared by " + t(d->by);
}

std::string vendor_text(const EndpointItem& e) {
  std::string out = fmt::format("vendor {}", rules::to_string(e.vendor));
  if (!e.vendor_entry.empty()) out += fmt::format(" ({})", t(e.vendor_entry));
  return out;
}

void run_lines(const RunEvidence& run, std::string_view indent, std::string& out) {
  out += fmt::format("{}run: {} ({}; {})", indent, plural(run.events, "event"), counts(run.kinds),
                     counts(run.verdicts));
  if (!run.ports.empty() && *run.ports.rbegin() != 0)
    out += fmt::format(", port {}", listed(run.ports));
  if (!run.rules.empty()) out += fmt::format(", rule {}", listed(run.rules));
  out += "\n";
  if (!run.addresses.empty() && !run.hosts.empty()) {
    out += fmt::format("{}  addresses {}\n", indent, listed(run.addresses));
  }
  out += fmt::format("{}  pid {}", indent, listed(run.pids));
  if (!run.exes.empty()) out += fmt::format(", exe {}", listed(run.exes));
  out += "\n";
  out += fmt::format("{}  first {} (line {})\n", indent, t(run.first_ts), run.first_line);
}

void scan_lines(const ScanEvidence& scan, std::string_view indent, std::string& out) {
  out += fmt::format("{}scan: {}\n", indent, listed(scan.spellings));
  out += fmt::format("{}  {} {}", indent, scan.finding_ids.size() == 1 ? "finding" : "findings",
                     listed(scan.finding_ids));
  out += fmt::format(" in {}\n", listed(scan.targets));
  for (std::size_t i = 0; i < scan.paths.size() && i < kMaxListed; ++i) {
    const PathEvidence& path = scan.paths[i];
    std::vector<std::string> functions;
    for (const auto& function : path.functions) functions.push_back(t(function));
    out += fmt::format("{}  {} {}: {}\n", indent, flow::to_string(path.kind), t(path.finding),
                       fmt::join(functions, " -> "));
  }
  if (scan.paths.size() > kMaxListed) {
    out += fmt::format("{}  (+{} more paths)\n", indent, scan.paths.size() - kMaxListed);
  }
}

void endpoint_lines(const EndpointItem& e, std::string& out) {
  out += fmt::format("  {}  {}{}\n", t(e.endpoint), vendor_text(e), declared_text(e.declared));
  if (e.scan) scan_lines(*e.scan, "    ", out);
  if (e.run) run_lines(*e.run, "    ", out);
}

void section(const JoinReport& r, EndpointStatus status, std::string_view title, std::string& out) {
  std::size_t n = 0;
  for (const auto& e : r.endpoints) n += e.status == status ? 1 : 0;
  if (n == 0) return;
  out += fmt::format("\n{} ({})\n", title, n);
  for (const auto& e : r.endpoints) {
    if (e.status == status) endpoint_lines(e, out);
  }
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

void flow_lines(const FlowItem& item, std::string& out) {
  const flow::Finding& f = item.finding;
  out += fmt::format("  {:<8} {} [{}]{}  {}\n", upper(rules::to_string(f.severity)), t(f.rule),
                     to_string(item.status), declared_text(item.declared), t(f.id));
  out += fmt::format("    {}\n", t(f.message));
  if (f.source) {
    out += fmt::format("    source {} ({} {})\n", t(f.source->api),
                       rules::to_string(f.source->platform), rules::to_string(f.source->data));
  }
  for (std::size_t i = 0; i < f.path.size(); ++i) {
    const auto& step = f.path[i];
    std::string place;
    if (step.file)
      place = fmt::format("  {}{}", t(*step.file), step.line ? fmt::format(":{}", *step.line) : "");
    if (step.address != 0) place += fmt::format("  {:#x}", step.address);
    out += fmt::format("    {}{}{}{}\n", std::string(2 * (i + 1), ' '), i == 0 ? "" : "-> ",
                       t(step.function), place);
  }
  if (f.sink) {
    out += fmt::format("    sink {} ({} {})\n", t(f.sink->api), rules::to_string(f.sink->vendor),
                       rules::to_string(f.sink->channel));
  }
  for (const auto& e : f.endpoints) out += fmt::format("      endpoint {}\n", t(e));
  if (!item.observed.empty())
    out += fmt::format("      seen at run time: {}\n", listed(item.observed));
}

void header(const JoinReport& r, std::string& out) {
  out += fmt::format("cordon {} report\n", t(r.tool_version));
  if (r.scan_file) {
    out += fmt::format("  scan:     {} (profile {}, {}, {})\n", t(*r.scan_file),
                       r.scan_profile.empty() ? "-" : t(r.scan_profile),
                       plural(r.scan_targets.size(), "target"), plural(r.scan_findings, "finding"));
  }
  if (r.audit_file) {
    out += fmt::format("  audit:    {} ({}", t(*r.audit_file), plural(r.audit_events, "event"));
    if (!r.run_profiles.empty()) out += fmt::format(", profile {}", listed(r.run_profiles));
    out += ")\n";
    if (r.truncated_line) {
      out += fmt::format(
          "            line {} was cut short (the run was killed while writing it) "
          "and is left out\n",
          *r.truncated_line);
    }
  }
  if (r.manifest_file) {
    out += fmt::format("  manifest: {} ({}{})\n", t(*r.manifest_file),
                       r.manifest_title.empty() ? "" : fmt::format("\"{}\", ", t(r.manifest_title)),
                       plural(r.manifest_flows, "flow"));
  }
}

// Every attempt of the run, repeats folded: a row per process and attempt
// with its count and the times of its first and last try.
void repeat_lines(const JoinReport& r, std::string& out) {
  if (r.repeats.empty()) return;
  std::size_t attempts = r.repeats_unkept;
  for (const auto& g : r.repeats) attempts += g.count;
  out += fmt::format("\nAttempts by process, repeats folded ({} of {})\n",
                     plural(r.repeats.size(), "group"), plural(attempts, "attempt"));
  for (const auto& g : r.repeats) {
    std::string what = fmt::format("{} {}", t(g.verdict), t(g.event));
    if (!g.family.empty()) what += " " + t(g.family);
    if (!g.address.empty()) what += " " + t(g.address);
    if (g.port != 0) what += fmt::format(":{}", g.port);
    if (!g.host.empty()) what += fmt::format(" ({})", t(g.host));
    if (!g.rule.empty()) what += " rule " + t(g.rule);
    std::string who = fmt::format("pid {}", g.pid);
    if (!g.exe.empty()) who += " " + t(g.exe);
    std::string when = t(g.first_ts);
    if (g.count > 1) when += " .. " + t(g.last_ts);
    out += fmt::format("  {:>6}x {}; {}; {} (line {})\n", g.count, what, who, when, g.first_line);
  }
  if (r.repeats_unkept != 0) {
    out += fmt::format("  ({} beyond the first {} groups are not grouped)\n",
                       plural(r.repeats_unkept, "attempt"), kMaxRepeatGroups);
  }
}

}  // namespace

std::string render_text(const JoinReport& r) {
  std::string out;
  header(r, out);
  section(r, EndpointStatus::kUnpredicted, "Seen at run time, not predicted by the scan", out);
  section(r, EndpointStatus::kUnexercised, "Predicted by the scan, never seen at run time", out);
  section(r, EndpointStatus::kObserved, "Seen at run time (no scan given)", out);
  section(r, EndpointStatus::kPredicted, "Predicted by the scan (no audit log given)", out);
  const Summary s = summarize(r);
  if (s.undeclared != 0) {
    out += fmt::format("\nNot declared by the manifest ({})\n", s.undeclared);
    for (const auto& e : r.endpoints) {
      if (e.declared && !e.declared->declared) {
        out += fmt::format("  {}  {}, {}\n", t(e.endpoint), to_string(e.status), vendor_text(e));
      }
    }
  }
  section(r, EndpointStatus::kMatched, "Predicted and seen at run time", out);
  if (!r.flows.empty()) {
    out += fmt::format("\nFlows the scan found ({})\n", r.flows.size());
    for (const auto& f : r.flows) flow_lines(f, out);
  }
  if (!r.other.empty()) {
    out += fmt::format("\nOther run-time events ({})\n", s.other_events);
    for (const auto& o : r.other) {
      out += fmt::format("  {} {}{}{} {}{}: {}\n", t(o.event),
                         o.family.empty() ? "" : t(o.family) + " ",
                         o.address.empty() ? "" : t(o.address) + " ", t(o.verdict),
                         o.rule.empty() ? "" : "rule ", t(o.rule), plural(o.run.events, "event"));
      out += fmt::format("    pid {}{}; first {} (line {})\n", listed(o.run.pids),
                         o.run.exes.empty() ? "" : ", exe " + listed(o.run.exes), t(o.run.first_ts),
                         o.run.first_line);
    }
  }
  repeat_lines(r, out);
  if (!r.vendors.empty()) {
    out += "\nVendors\n";
    for (const auto& v : r.vendors) {
      out += fmt::format(
          "  {:<12} {}: {} matched, {} unpredicted, {} unexercised, {} undeclared; {}\n",
          rules::to_string(v.vendor), plural(v.endpoints, "endpoint"), v.matched, v.unpredicted,
          v.unexercised, v.undeclared, plural(v.events, "event"));
    }
  }
  out += fmt::format(
      "\n{}: {} matched, {} unpredicted, {} unexercised, {} undeclared; {}: {} exercised, {} "
      "unexercised, {} without endpoint\n",
      plural(r.endpoints.size(), "endpoint"), s.matched, s.unpredicted, s.unexercised, s.undeclared,
      plural(r.flows.size(), "flow"), s.flows_exercised, s.flows_unexercised, s.flows_no_endpoint);
  return out;
}

}  // namespace cordon::join
