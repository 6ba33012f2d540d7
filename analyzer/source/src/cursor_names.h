// Names and places of libclang cursors as the program graph wants them:
// qualified names without parameters, USRs, file:line locations.
#pragma once

#include <string>
#include <unordered_map>

#include <clang-c/Index.h>

#include "cordon/flow/program_graph.h"

namespace cordon::source {

// "PlayFab::PlayFabClientAPI::WriteEvents", "std::__cxx11::basic_string::append",
// "ISteamUser::GetSteamID", "curl_easy_setopt": the declaration's name
// prefixed by its enclosing namespaces and classes (template arguments and
// parameters left out); anonymous namespaces read "(anonymous namespace)".
[[nodiscard]] std::string qualified_name(CXCursor cursor);

// The name rules match a function by, the same string the binary front end
// gets from a symbol: the Itanium mangling clang gives the declaration,
// demangled by LLVM's demangler without the parameter list
// ("std::__cxx11::basic_string<char, std::char_traits<char>,
// std::allocator<char> >::append", "ISteamUser::GetSteamID", "send_data").
// Falls back to qualified_name() where there is no Itanium mangling
// (un-instantiated templates, MSVC targets).
[[nodiscard]] std::string function_name(CXCursor function);

[[nodiscard]] std::string usr_of(CXCursor cursor);

// True when the cursor's declaration lies in a system header (-isystem,
// the standard library): those functions are not walked.
[[nodiscard]] bool in_system_header(CXCursor cursor);

// file:line of cursors, with file names cached per CXFile (one per unit).
class Locator {
 public:
  [[nodiscard]] flow::Location at(CXCursor cursor);
  // "file:line:column" of a cursor's spelling location, a stable key across
  // units for things without USRs (lambdas).
  [[nodiscard]] std::string key_of(CXCursor cursor);

 private:
  const std::string& file_name(CXFile file);
  std::unordered_map<CXFile, std::string> names_;
};

}  // namespace cordon::source
