// Man pages in roff (man macros) from the command-line model and the prose.
#pragma once

#include <string>
#include <vector>

#include "cli_model.h"
#include "manual.h"

namespace cordon::docgen {

struct ProfileSummary {
  std::string name;
  std::string description;
};

// "cordon-scan.1" etc.: the page of `page.command` ("" is cordon(1)).
[[nodiscard]] std::string command_man_page(const CommandPage& page, const CommandInfo& command,
                                           const std::string& version);

// cordon-profiles(5); `keys` is every key path the parser accepts.
[[nodiscard]] std::string profiles_man_page(const ProfilesPage& page,
                                            const std::vector<ProfileSummary>& builtin,
                                            const std::string& version);

}  // namespace cordon::docgen
