// Walks one parsed translation unit with clang_visitChildren and records
// its facts (see source_front_end.h for the graph conventions). Declarations
// (namespaces, classes, function definitions, globals) are in
// unit_walker.cpp, statements and expressions in expression_walker.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <clang-c/Index.h>

#include "cursor_names.h"
#include "unit_facts.h"

namespace cordon::source {

// What an expression yields: the nodes its value comes from, and the storage
// it designates when it is an lvalue (variables, fields) so assignments and
// out-arguments can write to it.
struct Value {
  std::vector<flow::NodeId> values;
  std::vector<flow::NodeId> storage;
  void add(const Value& other);
};

inline constexpr int kMaxNesting = 1500;

class Walker {
 public:
  Walker(CXTranslationUnit unit, UnitFacts& facts) : unit_(unit), facts_(facts) {}
  void walk();
  [[nodiscard]] std::size_t functions() const { return functions_; }

 private:
  // One function being walked; lambdas nest inside their enclosing function.
  struct Frame {
    flow::FunctionId id = 0;
    bool has_this = false;
    std::map<std::pair<CXFile, unsigned>, flow::NodeId> locals;  // by declaration place
    Frame* enclosing = nullptr;
  };

  // unit_walker.cpp
  void walk_declarations(CXCursor parent);
  void walk_function(CXCursor function);
  void walk_global(CXCursor var);
  void walk_statement(CXCursor statement);
  void walk_statement_kind(CXCursor statement);
  void declare_variable(CXCursor var);
  flow::NodeId variable_node(CXCursor declaration);
  flow::NodeId this_node();
  std::pair<CXFile, unsigned> place_of(CXCursor cursor);

  // expression_walker.cpp
  Value eval(CXCursor expression);
  Value eval_kind(CXCursor expression);
  Value eval_children(CXCursor expression);
  Value eval_reference(CXCursor expression);
  Value eval_binary(CXCursor expression, bool compound);
  Value eval_call(CXCursor call);
  Value eval_lambda(CXCursor lambda);
  Value eval_string(CXCursor literal);
  // String literals in a global's initializer (cached by USR).
  const std::vector<std::string>& initializer_strings(CXCursor variable);
  void assign(const Value& from, const Value& to);
  void flow_into(const std::vector<flow::NodeId>& from, flow::NodeId to);
  std::string binary_operator_token(CXCursor expression);

  // function_name() is a mangling and a demangling: once per declaration.
  const std::string& cached_name(CXCursor function, const std::string& usr);
  flow::FunctionId current() const;
  flow::NodeId new_local();

  CXTranslationUnit unit_;
  UnitFacts& facts_;
  Locator locator_;
  std::unordered_map<std::string, std::string> names_;  // USR -> function_name()
  // Nesting of eval/walk_statement: generated code can nest expressions
  // deeper than a thread's stack allows; past the bound a subtree is skipped.
  int depth_ = 0;
  std::unordered_map<std::string, std::vector<std::string>> initializer_strings_;
  Frame* frame_ = nullptr;  // the function being walked; null at file scope
  std::size_t functions_ = 0;
};

[[nodiscard]] std::vector<CXCursor> children_of(CXCursor cursor);
// A string literal's text, escapes resolved and adjacent literals joined.
[[nodiscard]] std::string literal_text(CXCursor literal);

}  // namespace cordon::source
