// cordon-docgen: writes cordon's man pages and shell completions from the
// command-line definitions (cli/app.cpp) and the manual's prose
// (manual_text.cpp), and refuses to when the two disagree. Run at build time;
// not installed.
//   cordon-docgen OUT_DIR PROFILES_DIR
// writes OUT_DIR/man/man1/cordon*.1, OUT_DIR/man/man5/cordon-profiles.5,
// OUT_DIR/bash-completion/completions/cordon and
// OUT_DIR/zsh/vendor-completions/_cordon.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli_model.h"
#include "completions.h"
#include "cordon/rules/profile_keys.h"
#include "cordon/rules/profile_loader.h"
#include "cordon/version.h"
#include "manual.h"
#include "roff.h"

namespace {

namespace fs = std::filesystem;
using namespace cordon::docgen;

int failures = 0;

void fault(const std::string& message) {
  std::fprintf(stderr, "cordon-docgen: error: %s\n", message.c_str());
  ++failures;
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) fault(path.string() + ": cannot write");
}

const CommandInfo* find_command(const CommandInfo& top, const std::string& name) {
  for (const auto& sub : top.subcommands) {
    if (sub.path == name) return &sub;
  }
  return nullptr;
}

bool has_option(const CommandInfo& c, const std::string& key) {
  for (const auto& o : c.options) {
    if (o.key == key) return true;
  }
  for (const auto& sub : c.subcommands) {
    if (has_option(sub, key)) return true;
  }
  return false;
}

std::set<std::string> parser_profile_keys() {
  namespace keys = cordon::rules::profile_keys;
  std::set<std::string> out;
  for (auto k : keys::kTop) out.insert(std::string(k));
  for (auto k : keys::kStatic) out.insert("static." + std::string(k));
  for (auto k : keys::kSeverities) out.insert("static.severities." + std::string(k));
  for (auto k : keys::kRuntime) out.insert("runtime." + std::string(k));
  return out;
}

std::vector<ProfileSummary> builtin_profiles(const fs::path& dir) {
  std::vector<ProfileSummary> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".yaml") continue;
    auto profile = cordon::rules::load_profile_file(it->path().string());
    if (!profile) {
      fault(it->path().string() + ": " + profile.error().front().message());
      continue;
    }
    out.push_back({profile->name, profile->description});
  }
  if (ec || out.empty()) fault(dir.string() + ": no built-in profiles");
  std::sort(out.begin(), out.end(),
            [](const ProfileSummary& a, const ProfileSummary& b) { return a.name < b.name; });
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: cordon-docgen OUT_DIR PROFILES_DIR\n");
    return 2;
  }
  const fs::path out = argv[1];
  CLI::App app;
  cordon::cli::CommandLine options;
  cordon::cli::define_command_line(app, options);
  const CommandInfo top = read_command(app, "");

  // Every command has a page with exit codes; every note names an option.
  std::set<std::string> paged;
  for (const auto& page : command_pages()) {
    const CommandInfo* command = page.command.empty() ? &top : find_command(top, page.command);
    if (command == nullptr) {
      fault("manual page for '" + page.command + "', which the command line does not have");
      continue;
    }
    paged.insert(page.command);
    if (page.exit_codes.empty()) fault("the page of '" + page.command + "' has no exit codes");
    for (const auto& note : page.notes) {
      if (!has_option(*command, note.option)) {
        fault("the page of '" + page.command + "' has a note on " + note.option +
              ", which that command does not accept");
      }
    }
    const std::string name = page.command.empty() ? "cordon" : "cordon-" + page.command;
    write_file(out / "man" / "man1" / (name + ".1"),
               command_man_page(page, *command, cordon::kVersion));
  }
  for (const auto& sub : top.subcommands) {
    if (paged.count(sub.path) == 0) fault("no manual page for 'cordon " + sub.path + "'");
  }

  // cordon-profiles(5): exactly the keys the parser accepts.
  const ProfilesPage& profiles = profiles_page();
  const std::set<std::string> accepted = parser_profile_keys();
  std::set<std::string> documented;
  for (const auto& key : profiles.keys) {
    documented.insert(key.key);
    if (accepted.count(key.key) == 0) fault("cordon-profiles(5) documents unknown key " + key.key);
  }
  for (const auto& key : accepted) {
    if (documented.count(key) == 0) fault("cordon-profiles(5) does not document key " + key);
  }
  write_file(out / "man" / "man5" / "cordon-profiles.5",
             profiles_man_page(profiles, builtin_profiles(argv[2]), cordon::kVersion));

  write_file(out / "bash-completion" / "completions" / "cordon", bash_completion(top));
  write_file(out / "zsh" / "vendor-completions" / "_cordon", zsh_completion(top));
  return failures == 0 ? 0 : 1;
}
