// The command line of cordon, defined once: main() parses with it, and the
// documentation generator (cli/docgen/) writes the man pages and the shell
// completions from the same definitions, so they cannot drift apart.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/options.h"

namespace cordon::cli {

// Every subcommand's parsed options.
struct CommandLine {
  ScanOptions scan;
  RunOptions run;
  ReportOptions report;
  RulesOptions rules;
};

// Defines the subcommands and options of `app`, storing into `into` (which
// must outlive the parse). Value names tell the completions what an option
// takes: a name containing FILE completes files, DIR directories, NAME|FILE
// for --profile the built-in profile names and files; a choice list
// ({a,b}) completes its choices.
void define_command_line(CLI::App& app, CommandLine& into);

}  // namespace cordon::cli
