// A compile database (compile_commands.json, as CMake, bear, Unreal and Unity
// export it) loaded into plain entries: one translation unit each, with its
// working directory, main file and argument vector.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cordon/support/error.h"

namespace cordon::source {

struct CompileEntry {
  std::string directory;               // absolute: relative ones are resolved
                                       // against the database's own directory
  std::string file;                    // absolute: relative ones against `directory`
  std::vector<std::string> arguments;  // argv as written, compiler first
  std::size_t index = 0;               // position in the JSON array, for messages
};

struct CompileDatabase {
  std::string path;  // the compile_commands.json actually read
  std::vector<CompileEntry> entries;
  std::size_t duplicates = 0;  // entries dropped because file + arguments repeated
};

// Reads `path`: a compile_commands.json or a directory holding one.
// `command` strings are split with shell rules (Windows rules when the
// compiler is cl.exe / clang-cl), `arguments` arrays are taken as they are,
// and entries repeating an earlier one's file and arguments are collapsed.
// A missing file, a file that is not JSON, not an array, or an entry that is
// not an object / lacks `directory`, `file` or both `command` and `arguments`
// is an Error naming the file and the entry index ("entry 3").
[[nodiscard]] Result<CompileDatabase> load_compile_database(const std::string& path);

// Splits a shell command line into words: POSIX rules (quotes, backslash
// escapes) or, with `windows`, the Windows CommandLineToArgvW rules.
[[nodiscard]] std::vector<std::string> split_command_line(const std::string& command, bool windows);

}  // namespace cordon::source
