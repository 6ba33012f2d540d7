// Pack entries checked against real declarations: libclang parses the public
// headers on this machine (the C library, libcurl, OpenSSL, the MinGW-w64
// Windows headers, and headers vendored from permissively licensed SDK
// sources), and every entry whose API is declared there must fit it: each
// argN / *argN within the parameter count, a *argN parameter a pointer, a
// `ret` from a function that returns something, `this` on a member function,
// floating-point parameters listed in `float_args`. Entries none of whose
// names is declared are "unverified".
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "cordon/rules/rule_set.h"
#include "cordon/support/error.h"

namespace cordon::source {

struct DeclaredParameter {
  std::string type;       // as written, for messages
  bool pointer = false;   // pointer, reference or array: something a *argN can name
  bool floating = false;  // float, double, long double: passed in a vector register
};

struct Declaration {
  std::string name;  // as packs spell it: the C name or the demangled qualified name
  std::string file;  // where it is declared, for messages
  int line = 0;
  std::vector<DeclaredParameter> params;  // declared parameters (a method's object excluded)
  bool variadic = false;
  bool returns_value = false;
  bool member = false;  // a non-static member function: has a `this`
};

// One translation unit of public headers (signatures/sets.yaml).
struct DeclarationSetSpec {
  std::string name;
  std::string umbrella;           // absolute path of the file parsed
  std::vector<std::string> args;  // compiler arguments
  std::string licence;
  // Typedefs passed by value that stand for an object the library keeps
  // (sentry_value_t): a *argN of one names that object, like a pointer's.
  std::vector<std::string> handle_types;
  // Public files this set's headers were copied from (vendored sets): a
  // pack reference naming `url` cites the local `file`.
  std::vector<std::pair<std::string, std::string>> sources;  // (url, absolute file)
};

class DeclarationIndex {
 public:
  void add(Declaration declaration);
  // Every declaration of `name` (overloads); null when there is none.
  [[nodiscard]] const std::vector<Declaration>* find(const std::string& name) const;
  [[nodiscard]] std::size_t size() const { return count_; }

 private:
  std::unordered_map<std::string, std::vector<Declaration>> by_name_;
  std::size_t count_ = 0;
};

// Reads DIR/sets.yaml. Errors name the file and the fault.
[[nodiscard]] Result<std::vector<DeclarationSetSpec>> load_declaration_sets(const std::string& dir);

struct IndexedSets {
  DeclarationIndex index;
  std::vector<std::string> parsed;   // set names
  std::vector<std::string> skipped;  // "name: reason" (headers missing on this machine)
};

// Parses each set with libclang and indexes its function declarations.
[[nodiscard]] IndexedSets index_declarations(const std::vector<DeclarationSetSpec>& sets);

struct SignatureReport {
  std::vector<const rules::ApiEntry*> checked;     // fit a real declaration
  std::vector<const rules::ApiEntry*> unverified;  // no name of theirs is declared here
  std::vector<Error> faults;  // entries that contradict their declaration (file:line:col)
  // References naming a file that is on this machine (a vendored header)
  // which does not mention the entry's API names: "id: reference: names".
  std::vector<std::string> unmatched_references;
};

[[nodiscard]] SignatureReport check_signatures(const rules::RuleSet& rules,
                                               const IndexedSets& declarations,
                                               const std::vector<DeclarationSetSpec>& sets);

}  // namespace cordon::source
