#include "cli/app.h"

#include <string>

#include "cordon/version.h"

namespace cordon::cli {
namespace {

void add_scan(CLI::App& app, ScanOptions& o) {
  auto* scan = app.add_subcommand("scan", "static analysis of binaries and sources");
  scan->add_option("TARGET", o.targets, "ELF/PE files or directories to scan")->type_name("PATH");
  scan->add_option("--compdb", o.compdb, "a compile_commands.json or a build directory holding one")
      ->type_name("FILE|DIR");
  scan->add_option("--profile", o.profile, "air-gapped, zero-trust, or a profile YAML file")
      ->type_name("NAME|FILE")
      ->capture_default_str();
  scan->add_option("--rules", o.rule_dirs, "extra rule pack directory (repeatable)")
      ->type_name("DIR")
      ->allow_extra_args(false);
  scan->add_option("--allow", o.allow,
                   "allowed endpoint: host, *.domain, IP, CIDR, optional :port (repeatable)")
      ->type_name("ENDPOINT")
      ->allow_extra_args(false);
  scan->add_option("--manifest", o.manifest, "declared data flows; declared flows are allowed")
      ->type_name("FILE");
  scan->add_option("--format", o.format, "output format")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"text", "json", "sarif", "gitlab-sast"}))
      ->capture_default_str();
  scan->add_option("-o,--output", o.output, "write the report to FILE instead of stdout")
      ->type_name("FILE");
  scan->add_option("--fail-on", o.fail_on, "lowest severity that makes the exit status 1")
      ->type_name("LEVEL")
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info", "never"}))
      ->capture_default_str();
  scan->add_option("-j,--jobs", o.jobs, "worker threads (default: number of CPUs)")
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u));
  scan->add_option("--memory-budget", o.memory_budget,
                   "estimated memory the targets scanned at once may take (4G, 512M; default: "
                   "half of the physical memory); a larger target runs alone")
      ->type_name("SIZE")
      ->transform(CLI::AsSizeValue(false));
  scan->add_flag("-q,--quiet", o.quiet, "no progress line on standard error");
  scan->add_option("--baseline", o.baseline,
                   "an earlier JSON report: findings already in it do not fail")
      ->type_name("FILE");
  scan->add_option("--min-coverage", o.min_coverage,
                   "a binary target whose analysed code is under fraction F of its executable "
                   "bytes is a target error (default: a warning under 0.9)")
      ->type_name("F")
      ->check(CLI::Range(0.0, 1.0));
  scan->add_option("--cache", o.cache,
                   "reuse a binary target's results when it, the rules, profile, manifest and "
                   "cordon are unchanged (entries in DIR)")
      ->type_name("DIR");
  scan->add_option("--sarif-root", o.sarif_root,
                   "SARIF and GitLab paths are relative to DIR (%SRCROOT%, the repository "
                   "checkout)")
      ->type_name("DIR");
  scan->add_option("--sarif-category", o.sarif_category,
                   "SARIF runs[].automationDetails.id category: keeps scans of one title "
                   "(one per platform build) apart in code scanning")
      ->type_name("NAME");
  scan->callback([&o]() {
    if (o.targets.empty() && !o.compdb)
      throw CLI::ValidationError("scan", "no TARGET and no --compdb given");
  });
}

void add_run(CLI::App& app, RunOptions& o) {
  auto* run = app.add_subcommand("run", "run a title inside the sandbox");
  run->add_option("--profile", o.profile, "air-gapped, zero-trust, or a profile YAML file")
      ->type_name("NAME|FILE")
      ->capture_default_str();
  run->add_option("--allow", o.allow, "allowed endpoint under zero-trust (repeatable)")
      ->type_name("ENDPOINT")
      ->allow_extra_args(false);
  run->add_option("--mode", o.mode, "audit logs what would be denied and lets it through")
      ->type_name("MODE")
      ->check(CLI::IsMember({"enforce", "audit"}))
      ->capture_default_str();
  run->add_option("--audit", o.audit, "append one JSON object per event (JSON Lines)")
      ->type_name("FILE");
  run->add_option("--timeout", o.timeout_seconds, "kill the whole process tree after SECONDS")
      ->type_name("SECONDS")
      ->check(CLI::PositiveNumber);
  run->add_option("--resolver", o.resolver,
                  "upstream DNS server ADDR[:PORT] behind the sandbox's DNS view")
      ->type_name("ADDR[:PORT]");
  run->add_option("--rules", o.rule_dirs, "extra rule pack directory (repeatable)")
      ->type_name("DIR")
      ->allow_extra_args(false);
  run->add_flag("--print-profile", o.print_profile, "print the effective profile as YAML and exit");
  run->add_option("PROGRAM", o.command, "the title and its arguments (after --)")
      ->type_name("PROGRAM [ARG...]");
  run->callback([&o]() {
    if (o.command.empty() && !o.print_profile)
      throw CLI::ValidationError("run", "no PROGRAM given after --");
  });
}

void add_report(CLI::App& app, ReportOptions& o) {
  auto* report = app.add_subcommand("report", "join a scan, a run's audit log and a manifest");
  report->add_option("--scan", o.scan, "a JSON report of cordon scan")->type_name("FILE");
  report->add_option("--audit", o.audit, "a JSON Lines audit log of cordon run")->type_name("FILE");
  report->add_option("--manifest", o.manifest, "the title's declared data flows")
      ->type_name("FILE");
  report->add_option("--format", o.format, "output format")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"text", "json", "html"}))
      ->capture_default_str();
  report->add_option("-o,--output", o.output, "write the report to FILE instead of stdout")
      ->type_name("FILE");
  report
      ->add_option("--emit-profile", o.emit_profile,
                   "write a zero-trust profile whose allowlist is exactly the endpoints the "
                   "--audit run reached (needs --audit)")
      ->type_name("FILE");
  report
      ->add_option("--emit-manifest", o.emit_manifest,
                   "write a draft data-flow manifest declaring the --scan's exfiltration "
                   "paths (needs --scan)")
      ->type_name("FILE");
}

void add_rules(CLI::App& app, RulesOptions& o) {
  auto* rules = app.add_subcommand("rules", "validate or list rule packs and profiles");
  rules->require_subcommand(1);
  auto* check = rules->add_subcommand("check", "validate the built-in packs plus DIR...");
  check->add_option("DIR", o.dirs, "extra pack directories")->type_name("DIR");
  check->add_flag("-v,--verbose", o.verbose,
                  "also check every entry against the public declarations of its API on this "
                  "machine and list the entries none is found for as unverified");
  check->callback([&o]() { o.action = "check"; });
  auto* list = rules->add_subcommand("list", "list every entry of the packs");
  list->add_option("DIR", o.dirs, "extra pack directories")->type_name("DIR");
  list->add_option("--format", o.format, "output format")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  list->callback([&o]() { o.action = "list"; });
}

}  // namespace

void define_command_line(CLI::App& app, CommandLine& into) {
  app.description("cordon: keep game titles from leaking player and platform data");
  app.name("cordon");
  app.set_version_flag("--version", std::string("cordon ") + kVersion);
  app.require_subcommand(1);
  add_scan(app, into.scan);
  add_run(app, into.run);
  add_report(app, into.report);
  add_rules(app, into.rules);
}

}  // namespace cordon::cli
