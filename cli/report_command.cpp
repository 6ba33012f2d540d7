// `cordon report`: reads a scan's JSON report, a run's audit log and a
// manifest (any of them bad: one error line, exit 2), joins them
// (analyzer/join) and writes the join as text, JSON or HTML. Exit status: 0
// the report was written and the run reached nothing unaccounted for; 1 it
// was written and the run reached an endpoint the scan did not predict or
// the manifest does not declare; 2 bad usage or a bad input.
// --emit-profile (from --audit) and --emit-manifest (from --scan) also write
// the drafts a QA engineer starts from: learned_profile.h, draft_manifest.h.
#include <cstdio>
#include <fstream>
#include <optional>

#include <fmt/format.h>

#include "cli/checked.h"
#include "cli/options.h"
#include "cli/output_file.h"
#include "cordon/flow/manifest.h"
#include "cordon/join/audit_input.h"
#include "cordon/join/draft_manifest.h"
#include "cordon/join/join.h"
#include "cordon/join/learned_profile.h"
#include "cordon/join/observations.h"
#include "cordon/join/render.h"
#include "cordon/report/scan_report_reader.h"
#include "cordon/rules/profile_loader.h"
#include "cordon/rules/rule_set.h"
#include "cordon/rules/rules_dir.h"
#include "cordon/support/diagnostics.h"
#include "cordon/version.h"

namespace cordon::cli {
namespace {

// The built-in packs: their endpoint entries attribute both sides to vendors.
Result<rules::RuleSet> load_rules() {
  auto dirs = rules::builtin_rules_dirs();
  if (!dirs) return fail(dirs.error());
  auto set = rules::RuleSet::load({dirs->packs});
  if (!set) return fail(set.error().front());
  return std::move(*set);
}

}  // namespace

int run_report_command(const ReportOptions& options) {
  if (!options.scan && !options.audit) {
    print_error("report", "give --scan SCAN.json, --audit RUN.jsonl or both");
    return kExitUsage;
  }
  if (options.emit_profile && !options.audit) {
    print_error("--emit-profile", "needs --audit RUN.jsonl: the profile is learned from a run");
    return kExitUsage;
  }
  if (options.emit_manifest && !options.scan) {
    print_error("--emit-manifest", "needs --scan SCAN.json: the manifest declares a scan's paths");
    return kExitUsage;
  }
  auto rules = checked(load_rules());
  if (!rules) return kExitUsage;

  std::optional<flow::ScanReport> scan;
  if (options.scan) {
    auto loaded = checked(report::load_scan_report(*options.scan));
    if (!loaded) return kExitUsage;
    scan = std::move(*loaded);
  }

  std::optional<join::Observations> observations;
  join::AuditSummary audit_summary;
  join::AllowlistLearner learner;
  if (options.audit) {
    join::Observations collected;
    const bool learn = options.emit_profile.has_value();
    auto read = join::read_audit_log(*options.audit, [&](const join::AuditEvent& event) {
      collected.add(event);
      if (learn) learner.add(event);
    });
    if (!read) {
      print_error(read.error());
      return kExitUsage;
    }
    audit_summary = *read;
    observations = std::move(collected);
  }

  std::optional<flow::Manifest> manifest;
  if (options.manifest) {
    auto loaded = checked(flow::load_manifest(*options.manifest));
    if (!loaded) return kExitUsage;
    manifest = std::move(*loaded);
  }

  // The drafts, made before anything is written: a fault leaves no file.
  std::optional<std::string> learned_profile;
  if (options.emit_profile) {
    auto dirs = checked(rules::builtin_rules_dirs());
    if (!dirs) return kExitUsage;
    auto base = checked(rules::load_profile("zero-trust", dirs->profiles));
    if (!base) return kExitUsage;
    auto text =
        checked(join::render_learned_profile(learner.result(), std::move(*base), *options.audit));
    if (!text) return kExitUsage;
    learned_profile = std::move(*text);
  }
  std::optional<std::string> draft_manifest;
  if (options.emit_manifest) {
    auto text = checked(join::render_draft_manifest(*scan, *options.scan));
    if (!text) return kExitUsage;
    draft_manifest = std::move(*text);
  }

  // Said once every input is good: a bad input's error is then the only line.
  if (audit_summary.truncated_line) {
    print_warning(fmt::format("{}:{}", *options.audit, *audit_summary.truncated_line),
                  "the last line is cut short (the run was killed while writing it); it is "
                  "left out");
  }

  // Kinds and families a newer cordon writes: the lines are kept (shown as
  // other activity), once a warning per value.
  for (const auto& [what, seen] : {std::pair{"event", &audit_summary.unknown_events},
                                   std::pair{"family", &audit_summary.unknown_families}}) {
    for (const auto& [value, unknown] : *seen) {
      print_warning(fmt::format("{}:{}", *options.audit, unknown.first_line),
                    fmt::format("unknown {} '{}' on {} line(s), not in this cordon's contract; "
                                "kept as other activity",
                                what, value, unknown.count));
    }
  }

  std::optional<join::ScanInput> scan_input;
  if (scan) scan_input = join::ScanInput{*options.scan, &*scan};
  std::optional<join::RunInput> run_input;
  if (observations) run_input = join::RunInput{*options.audit, &*observations, audit_summary};
  std::optional<join::ManifestInput> manifest_input;
  if (manifest) manifest_input = join::ManifestInput{*options.manifest, &*manifest};
  const join::JoinReport report =
      join::join(scan_input, run_input, manifest_input, *rules, kVersion);

  for (const auto& [path, text] : {std::pair{options.emit_profile, learned_profile},
                                   std::pair{options.emit_manifest, draft_manifest}}) {
    if (!path) continue;
    if (!checked(write_output(path, *text))) return kExitUsage;
  }

  std::string text;
  if (options.format == "json") {
    text = join::render_json(report);
  } else if (options.format == "html") {
    text = join::render_html(report);
  } else {
    text = join::render_text(report);
  }
  if (!checked(write_output(options.output, text))) return kExitUsage;
  return join::has_discrepancy(report) ? kExitFindings : kExitClean;
}

}  // namespace cordon::cli
