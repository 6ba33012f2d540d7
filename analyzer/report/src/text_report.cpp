#include "cordon/report/text_report.h"

#include <map>
#include <vector>

#include <fmt/format.h>

#include "cordon/report/coverage.h"

namespace cordon::report {
namespace {

struct Palette {
  const char* reset = "";
  const char* bold = "";
  const char* dim = "";
  const char* red = "";
  const char* yellow = "";
  const char* cyan = "";
};

Palette palette(bool colour) {
  if (!colour) return {};
  return {"\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[33m", "\x1b[36m"};
}

const char* severity_colour(rules::Severity s, const Palette& p) {
  switch (s) {
    case rules::Severity::kCritical:
    case rules::Severity::kHigh:
      return p.red;
    case rules::Severity::kMedium:
      return p.yellow;
    case rules::Severity::kLow:
    case rules::Severity::kInfo:
      return p.dim;
  }
  return p.reset;
}

// ", 97.3% of 1.2 MiB of code analysed" for a target with machine code.
std::string coverage_text(const flow::TargetStats& stats) {
  if (stats.code_bytes == 0) return "";
  return fmt::format(", {} of {} of code analysed", coverage_percent(stats),
                     byte_size_text(stats.code_bytes));
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string step_place(const flow::PathStep& step) {
  std::string out;
  if (step.file) {
    out = *step.file;
    if (step.line) out += fmt::format(":{}", *step.line);
  }
  if (step.address != 0) {
    if (!out.empty()) out.push_back(' ');
    out.append(fmt::format("{:#x}", step.address));
  }
  return out;
}

void render_finding(const flow::Finding& f, const Palette& p, std::string& out) {
  out += fmt::format("  {}{}{:<8}{} {} {}{}{}", severity_colour(f.severity, p), p.bold,
                     upper(rules::to_string(f.severity)), p.reset, flow::to_string(f.kind), p.cyan,
                     f.rule, p.reset);
  if (f.kind == flow::FindingKind::kExfiltrationPath) {
    out += fmt::format(" [{}]", flow::to_string(f.confidence));
  }
  if (f.allowed) out += " (allowed)";
  out += fmt::format("  {}{}{}\n", p.dim, f.id, p.reset);
  out += fmt::format("    {}\n", f.message);
  if (f.kind == flow::FindingKind::kExfiltrationPath) {
    for (std::size_t i = 0; i < f.path.size(); ++i) {
      const auto& step = f.path[i];
      std::string place = step_place(step);
      out += fmt::format("    {}{}{}{}\n", std::string(2 * (i + 1), ' '), i == 0 ? "" : "-> ",
                         step.function,
                         place.empty() ? "" : fmt::format("  {}{}{}", p.dim, place, p.reset));
    }
    for (const auto& e : f.endpoints) out += fmt::format("      endpoint {}\n", e);
    for (const auto& chain : f.alternative_paths) {
      std::string steps;
      for (const auto& step : chain) {
        if (!steps.empty()) steps += " -> ";
        steps += step.function;
        std::string place = step_place(step);
        if (!place.empty()) steps += fmt::format(" {}({}){}", p.dim, place, p.reset);
      }
      out += fmt::format("      also {}\n", steps);
    }
  }
}

constexpr rules::Severity kSeverities[] = {rules::Severity::kCritical, rules::Severity::kHigh,
                                           rules::Severity::kMedium, rules::Severity::kLow,
                                           rules::Severity::kInfo};

// One row per target: its findings outside the policy by severity, those
// allowed, and how much of its code was analysed ("error" for a target that
// failed, "-" for one without machine code). The path goes last, so the
// numbers line up whatever its length.
void render_summary(const flow::ScanReport& report, const Palette& p, std::string& out) {
  std::map<std::string, std::map<rules::Severity, std::size_t>> counts;
  std::map<std::string, std::size_t> allowed;
  for (const auto& f : report.findings) {
    if (f.allowed) {
      ++allowed[f.target];
    } else {
      ++counts[f.target][f.severity];
    }
  }
  out += fmt::format("\n{}summary{}\n  {:>8} {:>5} {:>6} {:>4} {:>4} {:>7} {:>8}  target\n", p.bold,
                     p.reset, "critical", "high", "medium", "low", "info", "allowed", "coverage");
  for (const auto& t : report.targets) {
    auto& by_severity = counts[t.path];
    std::string row;
    for (auto [s, width] :
         {std::pair{kSeverities[0], 8}, std::pair{kSeverities[1], 5}, std::pair{kSeverities[2], 6},
          std::pair{kSeverities[3], 4}, std::pair{kSeverities[4], 4}}) {
      const std::size_t n = by_severity[s];
      row += fmt::format(" {}{:>{}}{}", n != 0 ? severity_colour(s, p) : "", n, width,
                         n != 0 ? p.reset : "");
    }
    std::string covered = !t.ok                     ? "error"
                          : t.stats.code_bytes == 0 ? "-"
                                                    : coverage_percent(t.stats);
    out += fmt::format(" {} {:>7} {:>8}  {}\n", row, allowed[t.path], covered, t.path);
  }
}

}  // namespace

std::string render_text(const flow::ScanReport& report, bool colour) {
  const Palette p = palette(colour);
  std::map<std::string, std::vector<const flow::Finding*>> by_target;
  for (const auto& f : report.findings) by_target[f.target].push_back(&f);
  std::string out = fmt::format("cordon {}: profile {}\n", report.tool_version, report.profile);
  std::map<rules::Severity, std::size_t> counts;
  std::size_t errors = 0;
  for (const auto& t : report.targets) {
    out += "\n";
    if (!t.ok) {
      ++errors;
      out += fmt::format("{}{}{}\n  {}error{}: {}\n", p.bold, t.path, p.reset, p.red, p.reset,
                         t.error.value_or("the target could not be scanned"));
      // A target failed for its coverage (--min-coverage) still has what was found.
      auto found = by_target.find(t.path);
      if (found == by_target.end()) continue;
      for (const auto* f : found->second) {
        if (!f->allowed) ++counts[f->severity];
        render_finding(*f, p, out);
      }
      continue;
    }
    out += fmt::format("{}{}{} ({} {}, {} functions, {} instructions{})\n", p.bold, t.path, p.reset,
                       t.format, t.arch.value_or("-"), t.stats.functions, t.stats.instructions,
                       coverage_text(t.stats));
    for (const auto& warning : t.warnings) {
      out += fmt::format("  {}warning{}: {}\n", p.yellow, p.reset, warning);
    }
    auto found = by_target.find(t.path);
    if (found == by_target.end()) {
      out += "  no findings\n";
      continue;
    }
    for (const auto* f : found->second) {
      if (!f->allowed) ++counts[f->severity];
      render_finding(*f, p, out);
    }
  }
  if (report.targets.size() > 1) render_summary(report, p, out);
  std::vector<std::string> parts;
  for (auto s : kSeverities) {
    if (counts[s] != 0) parts.push_back(fmt::format("{} {}", counts[s], rules::to_string(s)));
  }
  out += fmt::format(
      "\n{} target{}, {} finding{} ({}){}\n", report.targets.size(),
      report.targets.size() == 1 ? "" : "s", report.findings.size(),
      report.findings.size() == 1 ? "" : "s",
      parts.empty() ? "none outside the policy" : fmt::format("{}", fmt::join(parts, ", ")),
      errors == 0 ? "" : fmt::format(", {} target error{}", errors, errors == 1 ? "" : "s"));
  return out;
}

}  // namespace cordon::report
