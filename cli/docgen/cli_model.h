// The command line as the manual and the completions see it, read from the
// CLI11 definitions of cli/app.cpp.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace cordon::docgen {

struct OptionInfo {
  std::vector<std::string> names;    // "-o", "--output"; a positional: its name
  std::string key;                   // first long name, or the positional's name
  std::string value_name;            // "FILE", "NAME|FILE"; empty for a flag
  std::vector<std::string> choices;  // from a CLI::IsMember check
  std::string constraint;            // any other check's description
  std::string description;
  std::string default_value;
  bool positional = false;
  bool repeatable = false;
  bool flag = false;
};

struct CommandInfo {
  std::string path;  // "scan", "rules check"
  std::string description;
  std::vector<OptionInfo> options;  // -h/--help included
  std::vector<CommandInfo> subcommands;
};

[[nodiscard]] CommandInfo read_command(const CLI::App& app, const std::string& path);

}  // namespace cordon::docgen
