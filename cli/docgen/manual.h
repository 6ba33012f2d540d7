// The prose of cordon's manual pages: what the command-line definitions
// (cli/app.cpp) cannot say. Options come from the definitions themselves;
// this adds the description, longer notes on some options, the exit codes,
// examples and environment. The generator refuses a note on an option the
// command line does not have, a command without a page, and a page without
// exit codes, so the two cannot drift.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cordon::docgen {

struct ExitCode {
  std::string code;  // "0", "128+N", "the title's own"
  std::string meaning;
};

struct OptionNote {
  std::string option;  // its first long name ("--format") or positional name ("TARGET")
  std::string text;    // added after the option's description
};

struct Section {
  std::string title;
  std::string body;
};

// Text conventions in every body: paragraphs are separated by a blank line;
// a paragraph whose lines all start with "$ " is an example block (shown
// without the "$ "); `code` is set in bold; a line starting with "- " starts
// a list item.
struct CommandPage {
  std::string command;   // "scan", "run", "report", "rules"; "" for cordon(1)
  std::string summary;   // the NAME line
  std::string synopsis;  // after the options, e.g. "[TARGET...]"; empty: from the positionals
  std::string description;
  std::vector<OptionNote> notes;
  std::vector<ExitCode> exit_codes;
  std::vector<Section> sections;  // after EXIT STATUS (ENVIRONMENT, FILES, ...)
  std::string examples;
};

[[nodiscard]] const std::vector<CommandPage>& command_pages();

// cordon-profiles(5): every key of a profile file, by its path
// ("static.severities.endpoint"); the generator checks the set against
// rules/profile_keys.h.
struct KeyNote {
  std::string key;
  std::string text;
};

struct ProfilesPage {
  std::string description;
  std::vector<KeyNote> keys;
  std::vector<Section> sections;
  std::string examples;
};

[[nodiscard]] const ProfilesPage& profiles_page();

}  // namespace cordon::docgen
