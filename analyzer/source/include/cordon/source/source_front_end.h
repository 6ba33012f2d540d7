// The source front end: the translation units of a compile database parsed
// with libclang (each with its own flags, in parallel) into ONE
// flow::ProgramGraph, the same form the binary front end produces, so the one
// path engine finds exfiltration paths in sources too.
//
// Conventions of the graph it builds (see docs/source-analysis.md):
// - Function.name is the qualified name without parameters
//   ("PlayFab::PlayFabClientAPI::WriteEvents", "main"), Function.linkage the
//   clang USR, Function.where the file and line of the definition. A
//   function defined in several units (inline, templates) appears once.
// - CallSite.callee_name is the qualified name of the referenced declaration
//   without parameters ("ISteamUser::GetSteamID", "curl_easy_setopt",
//   "std::__cxx11::basic_string::append", "std::operator<<"); `callee` is set
//   when that function is defined anywhere in the database. A virtual call
//   also gets one extra call site (indirect = true) per overriding method
//   defined in the database, whose arguments and result are linked to the
//   primary one.
// - Argument positions are the declared ones, as the rule packs count them
//   (`ISteamUser::GetAuthSessionTicket` `*arg0` is the ticket buffer). The
//   object of a member call (operators included: `s += x` has object s and
//   args [x]) is CallSite.object, the node for rules' `this`; inside a
//   non-static member function it is param(function, flow::kThisParam).
//   A constructor call's object is the object it builds; it flows into the
//   call's result.
// - Local variables are one kLocal node each, holding both the variable and
//   whatever it points to (pointer-insensitive); fields are globals keyed
//   "Class::field" (field-sensitive, object-insensitive) and are also part of
//   their object: `obj.f` reads and writes obj as well; globals and
//   function statics are globals keyed by their USR.
// - An argument that is a pointer, an array, an lvalue bound to a reference
//   parameter, or the object of a method links its arg_pointees node with the
//   variables it names both ways (out-buffers and sent buffers).
// - Calls to constructors, conversion functions and overloaded operators that
//   are not defined in the database pass every argument into their result
//   (language semantics, not API knowledge); assignment-like operators
//   (`=`, `op=`, `<<`, `>>`) also pass their right operands into the object.
//   Every other library call is left to the rule packs (propagators).
// - String literals are kString nodes with a StringRef; a function named as a
//   value (and every lambda) is a function reference; a lambda is a function
//   of its own whose captured variables flow from the enclosing function.
// - Every call, function and string carries Location{file, line}.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cordon/flow/finding.h"
#include "cordon/flow/program_graph.h"
#include "cordon/support/error.h"

namespace cordon::source {

struct SourceOptions {
  unsigned jobs = 1;  // parser threads (one libclang index each); 0 is taken as 1
  // clang's resource directory (stddef.h and friends); empty: the one of the
  // clang 14 cordon was built against.
  std::string resource_dir;
  // Extra arguments appended to every unit's flags (tests, -D overrides).
  std::vector<std::string> extra_arguments;
};

// What happened to one translation unit.
struct SourceUnitResult {
  std::string path;                // the unit's main file, absolute
  std::size_t entry = 0;           // index of its entry in the database
  bool ok = true;                  // false: not parsed at all (see error)
  std::string error;               // why it was not parsed; empty when ok
  std::size_t diagnostics = 0;     // clang errors and fatal errors (missing headers...)
  std::vector<std::string> notes;  // flags dropped, first diagnostics, in plain words
  std::size_t functions = 0;       // functions defined in this unit's own files
  double seconds = 0.0;
};

struct SourceScan {
  std::string database;                     // the compile_commands.json read
  std::vector<SourceUnitResult> units;      // one per (deduplicated) entry, in order
  std::vector<flow::TargetResult> targets;  // the same, as report targets:
                                            // format "source", arch null
  flow::ProgramGraph graph;                 // the whole database, units linked by USR
  std::size_t duplicates = 0;               // entries collapsed as repeats
};

// Loads the compile database at `compdb_path` (a compile_commands.json or a
// directory holding one) and parses every unit into one graph. A database
// that cannot be read or is malformed is an Error (the scan cannot start);
// a unit that cannot be parsed (missing file, libclang failure) is a unit
// with ok = false and the reason, and the others go on. Missing headers and
// syntax errors are counted as diagnostics; the rest of the unit is used.
[[nodiscard]] Result<SourceScan> build_source_graph(const std::string& compdb_path,
                                                    const SourceOptions& options);

}  // namespace cordon::source
