// cordon: main() wires the subcommands' options (CLI11) to their commands.
// It is the only place that maps failures to exit codes.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/options.h"
#include "cordon/version.h"

namespace {

using cordon::cli::kExitUsage;

void add_scan(CLI::App& app, cordon::cli::ScanOptions& o) {
  auto* scan = app.add_subcommand("scan", "static analysis of binaries and sources");
  scan->add_option("TARGET", o.targets, "ELF/PE files or directories to scan");
  scan->add_option("--compdb", o.compdb,
                   "a compile_commands.json or a build directory holding one");
  scan->add_option("--profile", o.profile, "air-gapped, zero-trust, or a profile YAML file")
      ->capture_default_str();
  scan->add_option("--rules", o.rule_dirs, "extra rule pack directory (repeatable)")
      ->allow_extra_args(false);
  scan->add_option("--allow", o.allow,
                   "allowed endpoint: host, *.domain, IP, CIDR, optional :port (repeatable)")
      ->allow_extra_args(false);
  scan->add_option("--manifest", o.manifest, "declared data flows; declared flows are allowed");
  scan->add_option("--format", o.format, "output format")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  scan->add_option("-o,--output", o.output, "write the report to FILE instead of stdout");
  scan->add_option("--fail-on", o.fail_on, "lowest severity that makes the exit status 1")
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info", "never"}))
      ->capture_default_str();
  scan->add_option("-j,--jobs", o.jobs, "worker threads (default: number of CPUs)")
      ->check(CLI::Range(1u, 1024u));
  scan->add_option("--baseline", o.baseline,
                   "an earlier JSON report: findings already in it do not fail");
  scan->callback([&o]() {
    if (o.targets.empty() && !o.compdb)
      throw CLI::ValidationError("scan", "no TARGET and no --compdb given");
  });
}

void add_run(CLI::App& app, cordon::cli::RunOptions& o) {
  auto* run = app.add_subcommand("run", "run a title inside the sandbox");
  run->add_option("--profile", o.profile, "air-gapped, zero-trust, or a profile YAML file")
      ->capture_default_str();
  run->add_option("--allow", o.allow, "allowed endpoint under zero-trust (repeatable)")
      ->allow_extra_args(false);
  run->add_option("--mode", o.mode, "audit logs what would be denied and lets it through")
      ->check(CLI::IsMember({"enforce", "audit"}))
      ->capture_default_str();
  run->add_option("--audit", o.audit, "append one JSON object per event (JSON Lines)");
  run->add_option("--timeout", o.timeout_seconds, "kill the whole process tree after SECONDS")
      ->check(CLI::PositiveNumber);
  run->add_option("--resolver", o.resolver,
                  "upstream DNS server ADDR[:PORT] behind the sandbox's DNS view");
  run->add_option("--rules", o.rule_dirs, "extra rule pack directory (repeatable)")
      ->allow_extra_args(false);
  run->add_flag("--print-profile", o.print_profile, "print the effective profile as YAML and exit");
  run->add_option("PROGRAM", o.command, "the title and its arguments (after --)");
  run->callback([&o]() {
    if (o.command.empty() && !o.print_profile)
      throw CLI::ValidationError("run", "no PROGRAM given after --");
  });
}

void add_report(CLI::App& app, cordon::cli::ReportOptions& o) {
  auto* report = app.add_subcommand("report", "join a scan, a run's audit log and a manifest");
  report->add_option("--scan", o.scan, "a JSON report of cordon scan");
  report->add_option("--audit", o.audit, "a JSON Lines audit log of cordon run");
  report->add_option("--manifest", o.manifest, "the title's declared data flows");
  report->add_option("--format", o.format, "output format")
      ->check(CLI::IsMember({"text", "json", "html"}))
      ->capture_default_str();
  report->add_option("-o,--output", o.output, "write the report to FILE instead of stdout");
}

void add_rules(CLI::App& app, cordon::cli::RulesOptions& o) {
  auto* rules = app.add_subcommand("rules", "validate or list rule packs and profiles");
  rules->require_subcommand(1);
  auto* check = rules->add_subcommand("check", "validate the built-in packs plus DIR...");
  check->add_option("DIR", o.dirs, "extra pack directories");
  check->callback([&o]() { o.action = "check"; });
  auto* list = rules->add_subcommand("list", "list every entry of the packs");
  list->add_option("DIR", o.dirs, "extra pack directories");
  list->add_option("--format", o.format, "output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  list->callback([&o]() { o.action = "list"; });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cordon: keep game titles from leaking player and platform data"};
  app.set_version_flag("--version", std::string("cordon ") + cordon::kVersion);
  app.require_subcommand(1);

  cordon::cli::ScanOptions scan;
  cordon::cli::RunOptions run;
  cordon::cli::ReportOptions report;
  cordon::cli::RulesOptions rules;
  add_scan(app, scan);
  add_run(app, run);
  add_report(app, report);
  add_rules(app, rules);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "cordon: error: %s\n", e.what());
    std::fprintf(stderr, "run 'cordon --help' for usage\n");
    return kExitUsage;
  }

  try {
    if (app.got_subcommand("scan")) return cordon::cli::run_scan_command(scan);
    if (app.got_subcommand("run")) return cordon::cli::run_run_command(run);
    if (app.got_subcommand("report")) return cordon::cli::run_report_command(report);
    if (app.got_subcommand("rules")) return cordon::cli::run_rules_command(rules);
  } catch (const std::exception& e) {
    // A bug, not an input fault: say so and use the usage/error status.
    std::fprintf(stderr, "cordon: internal error: %s\n", e.what());
    return kExitUsage;
  }
  return kExitUsage;
}
