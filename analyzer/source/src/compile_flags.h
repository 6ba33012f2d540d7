// A compile database entry's argv turned into the flags libclang parses with:
// compiler, -c, -o X, dependency-file and precompiled-header flags and the
// input file dropped; relative paths made absolute (libclang resolves them
// against the process's directory, not the entry's); cl.exe command lines
// parsed through clang's cl driver mode.
#pragma once

#include <string>
#include <vector>

#include "cordon/source/compile_database.h"

namespace cordon::source {

struct ParseFlags {
  std::vector<std::string> args;
  std::vector<std::string> notes;  // what was dropped and why, in plain words
  bool cl_mode = false;            // args end with "--" and the input file
};

[[nodiscard]] ParseFlags parse_flags_for(const CompileEntry& entry, const std::string& resource_dir,
                                         const std::vector<std::string>& extra);

}  // namespace cordon::source
