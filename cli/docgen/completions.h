// Shell completions from the command-line model: options, their choices,
// profile names (looked up when completing, from the installed profiles),
// files and directories by the option's value name.
#pragma once

#include <string>

#include "cli_model.h"

namespace cordon::docgen {

[[nodiscard]] std::string bash_completion(const CommandInfo& top);
[[nodiscard]] std::string zsh_completion(const CommandInfo& top);

}  // namespace cordon::docgen
