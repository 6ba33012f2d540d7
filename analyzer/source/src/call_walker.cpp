// Calls: the call site, its argument/object/result nodes, the keys the merge
// resolves callees by, and the defaults for library code (see
// source_front_end.h): constructors, conversions and operators of code in
// system headers pass their inputs to their result; library methods read
// their object into their result, and non-const ones write their arguments
// into their object (insertions, appends).
#include <cstdint>
#include <optional>
#include <string_view>

#include "libclang_handles.h"
#include "walker.h"

namespace cordon::source {
namespace {

bool is_function_kind(CXCursorKind kind) {
  return kind == CXCursor_FunctionDecl || kind == CXCursor_CXXMethod ||
         kind == CXCursor_Constructor || kind == CXCursor_Destructor ||
         kind == CXCursor_ConversionFunction || kind == CXCursor_FunctionTemplate;
}

bool is_pointer_like(CXType type) {
  switch (clang_getCanonicalType(type).kind) {
    case CXType_Pointer:
    case CXType_ConstantArray:
    case CXType_IncompleteArray:
    case CXType_VariableArray:
    case CXType_DependentSizedArray:
    case CXType_LValueReference:
    case CXType_RValueReference:
      return true;
    default:
      return false;
  }
}

bool is_integral(CXType type) {
  CXTypeKind kind = clang_getCanonicalType(type).kind;
  return (kind >= CXType_Bool && kind <= CXType_Int128) || kind == CXType_Enum;
}

// An integer constant expression's value (an enumerator, a macro's number,
// `CURLOPT_USERAGENT`), as a binary's code would pass it.
std::optional<std::int64_t> integer_constant(CXCursor expression) {
  if (!is_integral(clang_getCursorType(expression))) return std::nullopt;
  CXEvalResult result = clang_Cursor_Evaluate(expression);
  if (result == nullptr) return std::nullopt;
  std::optional<std::int64_t> out;
  if (clang_EvalResult_getKind(result) == CXEval_Int) {
    out = clang_EvalResult_getAsLongLong(result);
  }
  clang_EvalResult_dispose(result);
  return out;
}

bool is_function_pointer(CXType type) {
  CXType canonical = clang_getCanonicalType(type);
  if (canonical.kind == CXType_Pointer) canonical = clang_getPointeeType(canonical);
  return canonical.kind == CXType_FunctionProto || canonical.kind == CXType_FunctionNoProto;
}

bool writes_into_object(std::string_view name) {
  if (name.substr(0, 8) != "operator") return false;
  std::string_view op = name.substr(8);
  if (op == "<<" || op == ">>") return true;
  if (op.empty() || op.back() != '=') return false;
  return op != "==" && op != "!=" && op != "<=" && op != ">=";
}

void link_both_ways(flow::ProgramGraph& graph, flow::NodeId a,
                    const std::vector<flow::NodeId>& others) {
  for (flow::NodeId other : others) {
    graph.add_flow(a, other);
    graph.add_flow(other, a);
  }
}

}  // namespace

Value Walker::eval_call(CXCursor call) {
  CXCursor callee = clang_getCursorReferenced(call);
  // File-scope initialisers have no caller; elided copies and dependent
  // calls in templates have no callee: keep only the data they pass through.
  if (frame_ == nullptr) return eval_children(call);
  std::vector<CXCursor> children = children_of(call);
  // `table[i](x)`, `(*fp)(x)`: no declaration, but a call through a pointer.
  if (clang_Cursor_isNull(callee) != 0 &&
      (children.empty() || !is_function_pointer(clang_getCursorType(children.front())))) {
    return eval_children(call);
  }
  CXCursorKind callee_kind =
      clang_Cursor_isNull(callee) != 0 ? CXCursor_UnexposedExpr : clang_getCursorKind(callee);
  bool direct = is_function_kind(callee_kind);
  std::string usr = direct ? usr_of(callee) : std::string();
  std::string name = direct ? cached_name(callee, usr) : std::string();
  std::string spelling = direct ? take(clang_getCursorSpelling(callee)) : std::string();

  std::vector<CXCursor> arguments;
  int count = clang_Cursor_getNumArguments(call);
  for (int i = 0; i < count; ++i) arguments.push_back(clang_Cursor_getArgument(call, i));

  // The object of a member call: `obj.f()` / `p->f()` name it under the
  // MemberRefExpr, `f()` inside a method means this, `a += b` passes it as
  // the operator call's first argument.
  bool member = direct && callee_kind != CXCursor_Constructor &&
                (callee_kind == CXCursor_CXXMethod || callee_kind == CXCursor_Destructor ||
                 callee_kind == CXCursor_ConversionFunction) &&
                clang_CXXMethod_isStatic(callee) == 0;
  std::optional<Value> object;
  if (member) {
    if (!children.empty() && clang_getCursorKind(children.front()) == CXCursor_MemberRefExpr) {
      object = Value{};
      for (CXCursor part : children_of(children.front())) {
        if (clang_isExpression(clang_getCursorKind(part)) != 0) {
          object = eval(part);
          break;
        }
      }
      if (object->values.empty() && object->storage.empty()) {
        if (flow::NodeId self = this_node(); self != flow::kNoNode) object = Value{{self}, {self}};
      }
    } else if (!arguments.empty()) {
      object = eval(arguments.front());
      arguments.erase(arguments.begin());
    }
  } else if (!direct && !children.empty()) {
    eval(children.front());  // the function pointer expression: its calls happen
  }

  std::vector<Value> values;
  values.reserve(arguments.size());
  for (CXCursor argument : arguments) values.push_back(eval(argument));

  auto& graph = facts_.graph;
  flow::CallSite site;
  site.caller = current();
  site.where = locator_.at(call);
  site.callee_name = name;
  site.indirect = !direct;
  // A constructor's object is the value it makes (flows into the result).
  if (callee_kind == CXCursor_Constructor) object = Value{};
  if (object) {
    auto next = static_cast<flow::CallId>(graph.calls().size());
    site.object = graph.add_node(flow::Node{flow::NodeKind::kLocal, current(), 0, next});
  }
  flow::CallId id = graph.add_call(std::move(site), static_cast<int>(arguments.size()));
  CallLink link;
  if (direct) {
    link.callee_keys.push_back(usr);
    CXCursor pattern = clang_getSpecializedCursorTemplate(callee);
    if (clang_Cursor_isNull(pattern) == 0) link.callee_keys.push_back(usr_of(pattern));
    if (spelling == "operator()") link.callee_keys.push_back("lambda:" + locator_.key_of(callee));
    link.dynamic = clang_Cursor_isDynamicCall(call) != 0;
  }
  facts_.calls.push_back(std::move(link));

  // Copies: add_call may have grown the node vectors, never these ids.
  const flow::CallSite& made = graph.calls()[id];
  std::vector<flow::NodeId> args = made.args;
  std::vector<flow::NodeId> pointees = made.arg_pointees;
  flow::NodeId result = made.result;
  flow::NodeId object_node = made.object;

  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (auto constant = integer_constant(arguments[i])) {
      graph.set_arg_constant(id, static_cast<int>(i), *constant);
    }
  }
  CXType callee_type = direct ? clang_getCursorType(callee) : CXType{};
  for (std::size_t i = 0; i < values.size(); ++i) {
    flow_into(values[i].values, args[i]);
    bool by_address = is_pointer_like(clang_getCursorType(arguments[i]));
    if (direct && !by_address) {
      by_address = is_pointer_like(clang_getArgType(callee_type, static_cast<unsigned>(i)));
    }
    if (!by_address) continue;
    // The memory passed: what the argument's variables hold, both ways
    // (an out-buffer written by the callee, a buffer it sends).
    flow_into(values[i].values, pointees[i]);
    link_both_ways(graph, pointees[i], values[i].storage);
  }
  if (object) {
    flow_into(object->values, object_node);
    link_both_ways(graph, object_node, object->storage);
  }
  if (callee_kind == CXCursor_Constructor) graph.add_flow(object_node, result);

  Value out{{result}, {}};
  if (!direct || !in_system_header(callee)) return out;

  // Library code (not walked): language-level defaults.
  bool is_operator = spelling.rfind("operator", 0) == 0;
  if (callee_kind == CXCursor_Constructor || callee_kind == CXCursor_ConversionFunction ||
      is_operator) {
    for (const Value& value : values) flow_into(value.values, result);
    if (object) graph.add_flow(object_node, result);
    if (writes_into_object(spelling)) {
      for (std::size_t i = object ? 0 : 1; i < values.size(); ++i) {
        flow_into(values[i].values, object ? object_node : pointees[0]);
        if (!object) flow_into(values[i].values, args[0]);
      }
    }
    // `v[i] = x`, `*it = x`, `os << a << b`: the result designates the object.
    if (object) {
      out.storage = object->storage;
      out.storage.push_back(object_node);
    } else if (!values.empty()) {
      out.storage = values[0].storage;
    }
    return out;
  }
  if (object) {
    graph.add_flow(object_node, result);
    if (clang_CXXMethod_isConst(callee) == 0) {
      for (const Value& value : values) flow_into(value.values, object_node);
      out.storage = object->storage;
    }
    return out;
  }
  // Free library functions returning a reference (std::move, std::forward)
  // hand back their argument.
  if (!values.empty() && is_pointer_like(clang_getResultType(callee_type)) &&
      clang_getCanonicalType(clang_getResultType(callee_type)).kind != CXType_Pointer) {
    for (const Value& value : values) flow_into(value.values, result);
    out.storage = values[0].storage;
  }
  return out;
}

}  // namespace cordon::source
