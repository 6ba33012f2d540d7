// cordon: main() parses the command line (cli/app.cpp defines it) and runs
// the subcommand. It is the only place that maps failures to exit codes.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/options.h"
#include "cordon/support/diagnostics.h"

namespace {

using cordon::cli::kExitUsage;

// CLI11's messages name the option first ("--format: xml not in {...}")
// or not at all ("A subcommand is required"); either way one line with an
// input in front.
void print_parse_error(const CLI::ParseError& e) {
  const std::string what = e.what();
  const auto colon = what.find(": ");
  if (what.starts_with("-") && colon != std::string::npos) {
    cordon::print_error(what.substr(0, colon), what.substr(colon + 2));
  } else {
    cordon::print_error("command line", what);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app;
  cordon::cli::CommandLine options;
  cordon::cli::define_command_line(app, options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_parse_error(e);
    std::fputs("run 'cordon --help' for usage\n", stderr);
    return kExitUsage;
  }

  try {
    if (app.got_subcommand("scan")) return cordon::cli::run_scan_command(options.scan);
    if (app.got_subcommand("run")) return cordon::cli::run_run_command(options.run);
    if (app.got_subcommand("report")) return cordon::cli::run_report_command(options.report);
    if (app.got_subcommand("rules")) return cordon::cli::run_rules_command(options.rules);
  } catch (const std::exception& e) {
    // A bug, not an input fault: say so and use the usage/error status.
    cordon::print_error("internal error", e.what());
    return kExitUsage;
  }
  return kExitUsage;
}
