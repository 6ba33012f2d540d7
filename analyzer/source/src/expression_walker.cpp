// Expressions: values, assignments, calls (with the library-call defaults the
// header documents), string literals and lambdas.
#include <filesystem>
#include <string_view>

#include "libclang_handles.h"
#include "walker.h"

namespace cordon::source {
namespace {

bool is_function_kind(CXCursorKind kind) {
  switch (kind) {
    case CXCursor_FunctionDecl:
    case CXCursor_CXXMethod:
    case CXCursor_Constructor:
    case CXCursor_Destructor:
    case CXCursor_ConversionFunction:
    case CXCursor_FunctionTemplate:
      return true;
    default:
      return false;
  }
}

bool is_comparison(std::string_view op) {
  return op == "==" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=" ||
         op == "&&" || op == "||";
}

}  // namespace

Value Walker::eval(CXCursor expression) {
  if (depth_ >= kMaxNesting) return {};
  ++depth_;
  Value out = eval_kind(expression);
  --depth_;
  return out;
}

Value Walker::eval_kind(CXCursor expression) {
  switch (clang_getCursorKind(expression)) {
    case CXCursor_DeclRefExpr:
    case CXCursor_MemberRefExpr:
      return eval_reference(expression);
    case CXCursor_CallExpr:
      return eval_call(expression);
    case CXCursor_BinaryOperator:
      return eval_binary(expression, /*compound=*/false);
    case CXCursor_CompoundAssignOperator:
      return eval_binary(expression, /*compound=*/true);
    case CXCursor_StringLiteral:
      return eval_string(expression);
    case CXCursor_LambdaExpr:
      return eval_lambda(expression);
    case CXCursor_CXXThisExpr: {
      flow::NodeId node = this_node();
      if (node == flow::kNoNode) return {};
      return Value{{node}, {node}};
    }
    case CXCursor_ArraySubscriptExpr: {
      // buf[i] designates buf; the index is read but not written.
      Value out;
      bool first = true;
      for (CXCursor child : children_of(expression)) {
        if (clang_isExpression(clang_getCursorKind(child)) == 0) continue;
        Value part = eval(child);
        if (!first) part.storage.clear();
        out.add(part);
        first = false;
      }
      return out;
    }
    case CXCursor_IntegerLiteral:
    case CXCursor_FloatingLiteral:
    case CXCursor_ImaginaryLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_CXXBoolLiteralExpr:
    case CXCursor_CXXNullPtrLiteralExpr:
    case CXCursor_UnaryExpr:  // sizeof, alignof: a size, not the data
    case CXCursor_SizeOfPackExpr:
      return {};
    default:
      return eval_children(expression);
  }
}

Value Walker::eval_children(CXCursor expression) {
  Value out;
  for (CXCursor child : children_of(expression)) {
    CXCursorKind kind = clang_getCursorKind(child);
    if (clang_isExpression(kind) != 0) {
      out.add(eval(child));
    } else if (clang_isStatement(kind) != 0) {
      walk_statement(child);  // statement expressions ({ ... })
    }
  }
  return out;
}

Value Walker::eval_reference(CXCursor expression) {
  CXCursor referenced = clang_getCursorReferenced(expression);
  if (clang_Cursor_isNull(referenced) != 0) return eval_children(expression);
  CXCursorKind kind = clang_getCursorKind(referenced);
  if (kind == CXCursor_VarDecl || kind == CXCursor_ParmDecl) {
    flow::NodeId node = variable_node(referenced);
    if (clang_getCursorKind(expression) == CXCursor_MemberRefExpr) eval_children(expression);
    Value out{{node}, {node}};
    if (frame_ != nullptr && facts_.graph.nodes()[node].kind == flow::NodeKind::kGlobal) {
      // A global initialised with string literals (`static const char kUrl[] =
      // "https://..."`): using it uses the strings here, as a binary's code
      // referencing the string's address does.
      for (const std::string& text : initializer_strings(referenced)) {
        flow::NodeId string =
            facts_.graph.add_node(flow::Node{flow::NodeKind::kString, current(), 0, 0});
        facts_.graph.add_string(flow::StringRef{current(), string, text, locator_.at(expression)});
        out.values.push_back(string);
      }
    }
    return out;
  }
  if (kind == CXCursor_FieldDecl) {
    // Fields are keyed Class::field (object-insensitive), and a field is
    // part of its object: reading it reads the object, writing it writes
    // the object (`player.ConvertToUint64()` returns what `player` holds).
    Value object;
    bool explicit_object = false;
    for (CXCursor child : children_of(expression)) {
      if (clang_isExpression(clang_getCursorKind(child)) == 0) continue;
      object = eval(child);
      explicit_object = true;
      break;
    }
    if (!explicit_object) {
      if (flow::NodeId self = this_node(); self != flow::kNoNode) object = Value{{self}, {self}};
    }
    std::string key = qualified_name(referenced);
    flow::NodeId node = facts_.graph.global(key);
    facts_.globals.emplace(node, key);
    Value out{{node}, {node}};
    out.add(object);
    return out;
  }
  if (is_function_kind(kind)) {
    // A function used as a value: a callback, a table entry.
    flow::NodeId node = new_local();
    facts_.function_refs.emplace_back(node, usr_of(referenced));
    CXCursor pattern = clang_getSpecializedCursorTemplate(referenced);
    if (clang_Cursor_isNull(pattern) == 0) facts_.function_refs.emplace_back(node, usr_of(pattern));
    return Value{{node}, {}};
  }
  if (kind == CXCursor_EnumConstantDecl) return {};
  return eval_children(expression);
}

std::string Walker::binary_operator_token(CXCursor expression) {
  std::vector<CXCursor> operands;
  for (CXCursor child : children_of(expression)) {
    if (clang_isExpression(clang_getCursorKind(child)) != 0) operands.push_back(child);
  }
  if (operands.size() != 2) return {};
  // libclang 14 does not expose the operator kind: read the token between
  // the operands (clang_getCursorBinaryOperatorKind arrived in clang 17).
  CXSourceRange range = clang_getRange(clang_getRangeEnd(clang_getCursorExtent(operands[0])),
                                       clang_getRangeStart(clang_getCursorExtent(operands[1])));
  CXToken* tokens = nullptr;
  unsigned count = 0;
  clang_tokenize(unit_, range, &tokens, &count);
  std::string op;
  for (unsigned i = 0; i < count; ++i) {
    if (clang_getTokenKind(tokens[i]) != CXToken_Punctuation) continue;
    std::string text = take(clang_getTokenSpelling(unit_, tokens[i]));
    if (text == ")" || text == "]") continue;
    op = std::move(text);
    break;
  }
  if (tokens != nullptr) clang_disposeTokens(unit_, tokens, count);
  return op;
}

Value Walker::eval_binary(CXCursor expression, bool compound) {
  std::vector<CXCursor> operands;
  for (CXCursor child : children_of(expression)) {
    if (clang_isExpression(clang_getCursorKind(child)) != 0) operands.push_back(child);
  }
  if (operands.size() != 2) return eval_children(expression);
  std::string op = compound ? std::string("op=") : binary_operator_token(expression);
  Value right = eval(operands[1]);
  Value left = eval(operands[0]);
  if (is_comparison(op)) return {};  // a truth value, not the data
  if (op == ",") return right;
  // "=", a compound assignment, or (in a macro, where no token is found)
  // possibly an assignment: the right side flows into the left's storage.
  if (op == "=" || compound || op.empty()) {
    assign(right, left);
    if (op == "=") return left;
  }
  Value out = left;
  out.values.insert(out.values.end(), right.values.begin(), right.values.end());
  return out;
}

const std::vector<std::string>& Walker::initializer_strings(CXCursor variable) {
  std::string key = usr_of(variable);
  auto found = initializer_strings_.find(key);
  if (found != initializer_strings_.end()) return found->second;
  std::vector<std::string> texts;
  CXCursor definition = clang_getCursorDefinition(variable);
  if (clang_Cursor_isNull(definition) == 0) {
    clang_visitChildren(
        definition,
        [](CXCursor child, CXCursor /*parent*/, CXClientData data) {
          if (clang_getCursorKind(child) != CXCursor_StringLiteral) return CXChildVisit_Recurse;
          static_cast<std::vector<std::string>*>(data)->push_back(literal_text(child));
          return CXChildVisit_Continue;
        },
        &texts);
  }
  return initializer_strings_.emplace(key, std::move(texts)).first->second;
}

Value Walker::eval_string(CXCursor literal) {
  flow::NodeId node = facts_.graph.add_node(flow::Node{flow::NodeKind::kString, current(), 0, 0});
  std::string text = literal_text(literal);
  facts_.graph.add_string(flow::StringRef{current(), node, std::move(text), locator_.at(literal)});
  return Value{{node}, {}};
}

std::string literal_text(CXCursor literal) {
  std::string text;
  CXEvalResult result = clang_Cursor_Evaluate(literal);
  if (result != nullptr) {
    if (clang_EvalResult_getKind(result) == CXEval_StrLiteral) {
      const char* chars = clang_EvalResult_getAsStr(result);
      if (chars != nullptr) text = chars;
    }
    clang_EvalResult_dispose(result);
  }
  if (text.empty()) {
    text = take(clang_getCursorSpelling(literal));
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
      text = text.substr(1, text.size() - 2);
    }
  }
  return text;
}

Value Walker::eval_lambda(CXCursor lambda) {
  flow::Function entry;
  flow::Location where = locator_.at(lambda);
  std::string enclosing =
      frame_ != nullptr ? facts_.graph.functions()[frame_->id].name + "::" : std::string();
  entry.name = enclosing + "(lambda at " + std::filesystem::path(where.file).filename().string() +
               ":" + std::to_string(where.line) + ")::operator()";
  entry.linkage = "lambda:" + locator_.key_of(lambda);
  entry.where = where;

  // The lambda object, in the enclosing function, refers to its operator().
  flow::NodeId object = new_local();
  facts_.function_refs.emplace_back(object, entry.linkage);

  Frame frame;
  frame.id = facts_.graph.add_function(std::move(entry));
  frame.enclosing = frame_;
  ++functions_;
  Frame* saved = frame_;
  frame_ = &frame;
  int parameter = 0;
  for (CXCursor child : children_of(lambda)) {
    CXCursorKind kind = clang_getCursorKind(child);
    if (kind == CXCursor_ParmDecl) {
      frame.locals[place_of(child)] = facts_.graph.param(frame.id, parameter++);
    } else if (clang_isStatement(kind) != 0 && clang_isExpression(kind) == 0) {
      walk_statement(child);
    }
    // Capture lists (VariableRef, their initialisers) need nothing: a captured
    // variable is linked from the enclosing function where the body uses it.
  }
  frame_ = saved;
  return Value{{object}, {}};
}

}  // namespace cordon::source
