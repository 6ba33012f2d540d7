// Declarations and statements of one translation unit: which functions are
// walked, how parameters, locals, globals and fields become graph nodes.
#include <filesystem>

#include "libclang_handles.h"
#include "walker.h"

namespace cordon::source {

std::vector<CXCursor> children_of(CXCursor cursor) {
  std::vector<CXCursor> out;
  clang_visitChildren(
      cursor,
      [](CXCursor child, CXCursor /*parent*/, CXClientData data) {
        static_cast<std::vector<CXCursor>*>(data)->push_back(child);
        return CXChildVisit_Continue;
      },
      &out);
  return out;
}

void Value::add(const Value& other) {
  values.insert(values.end(), other.values.begin(), other.values.end());
  storage.insert(storage.end(), other.storage.begin(), other.storage.end());
}

void Walker::walk() {
  walk_declarations(clang_getTranslationUnitCursor(unit_));
}

void Walker::walk_declarations(CXCursor parent) {
  for (CXCursor child : children_of(parent)) {
    // Library code is not walked: its calls are the rules' business.
    if (in_system_header(child)) continue;
    switch (clang_getCursorKind(child)) {
      case CXCursor_Namespace:
      case CXCursor_LinkageSpec:
      case CXCursor_UnexposedDecl:
      case CXCursor_StructDecl:
      case CXCursor_ClassDecl:
      case CXCursor_UnionDecl:
      case CXCursor_ClassTemplate:
      case CXCursor_ClassTemplatePartialSpecialization:
        walk_declarations(child);
        break;
      case CXCursor_FunctionDecl:
      case CXCursor_CXXMethod:
      case CXCursor_Constructor:
      case CXCursor_Destructor:
      case CXCursor_ConversionFunction:
      case CXCursor_FunctionTemplate:
        if (clang_isCursorDefinition(child) != 0) walk_function(child);
        break;
      case CXCursor_VarDecl:
        walk_global(child);
        break;
      default:
        break;
    }
  }
}

void Walker::walk_function(CXCursor function) {
  flow::Function entry;
  entry.linkage = usr_of(function);
  entry.name = cached_name(function, entry.linkage);
  entry.where = locator_.at(function);
  CXCursorKind kind = clang_getCursorKind(function);

  Frame frame;
  frame.id = facts_.graph.add_function(std::move(entry));
  frame.has_this =
      kind == CXCursor_Constructor || kind == CXCursor_Destructor ||
      kind == CXCursor_ConversionFunction ||
      ((kind == CXCursor_CXXMethod || kind == CXCursor_FunctionTemplate) &&
       clang_CXXMethod_isStatic(function) == 0 &&
       clang_getCursorKind(clang_getCursorSemanticParent(function)) != CXCursor_Namespace &&
       clang_getCursorKind(clang_getCursorSemanticParent(function)) != CXCursor_TranslationUnit);
  frame.enclosing = frame_;
  ++functions_;

  if (kind == CXCursor_CXXMethod) {
    CXCursor* overridden = nullptr;
    unsigned count = 0;
    clang_getOverriddenCursors(function, &overridden, &count);
    const std::string& self = facts_.graph.functions()[frame.id].linkage;
    for (unsigned i = 0; i < count; ++i) facts_.overrides.emplace_back(usr_of(overridden[i]), self);
    if (overridden != nullptr) clang_disposeOverriddenCursors(overridden);
  }

  Frame* saved = frame_;
  frame_ = &frame;
  flow::NodeId pending_field = flow::kNoNode;  // a constructor's `field(` awaiting its value
  int parameter = 0;
  for (CXCursor child : children_of(function)) {
    CXCursorKind child_kind = clang_getCursorKind(child);
    if (child_kind == CXCursor_ParmDecl) {
      frame.locals[place_of(child)] = facts_.graph.param(frame.id, parameter++);
    } else if (child_kind == CXCursor_MemberRef) {
      CXCursor field = clang_getCursorReferenced(child);
      std::string key = qualified_name(field);
      flow::NodeId node = facts_.graph.global(key);
      facts_.globals.emplace(node, key);
      pending_field = node;
    } else if (clang_isExpression(child_kind) != 0) {
      Value value = eval(child);
      flow_into(value.values, pending_field);  // no-op without a pending field
      if (pending_field != flow::kNoNode) flow_into(value.values, this_node());
      pending_field = flow::kNoNode;
    } else if (clang_isStatement(child_kind) != 0) {
      walk_statement(child);
    }
  }
  frame_ = saved;
}

void Walker::walk_global(CXCursor var) {
  std::string key = usr_of(var);
  flow::NodeId node = facts_.graph.global(key);
  facts_.globals.emplace(node, key);
  for (CXCursor child : children_of(var)) {
    if (clang_isExpression(clang_getCursorKind(child)) == 0) continue;
    flow_into(eval(child).values, node);
  }
}

void Walker::walk_statement(CXCursor statement) {
  if (depth_ >= kMaxNesting) return;
  ++depth_;
  walk_statement_kind(statement);
  --depth_;
}

void Walker::walk_statement_kind(CXCursor statement) {
  CXCursorKind kind = clang_getCursorKind(statement);
  if (kind == CXCursor_ReturnStmt) {
    Value value = eval_children(statement);
    if (frame_ != nullptr) flow_into(value.values, facts_.graph.return_value(frame_->id));
    return;
  }
  flow::NodeId range_variable = flow::kNoNode;  // for (auto x : range): range flows into x
  for (CXCursor child : children_of(statement)) {
    CXCursorKind child_kind = clang_getCursorKind(child);
    if (child_kind == CXCursor_VarDecl) {
      declare_variable(child);
      if (kind == CXCursor_CXXForRangeStmt) range_variable = variable_node(child);
    } else if (clang_isExpression(child_kind) != 0) {
      Value value = eval(child);
      flow_into(value.values, range_variable);  // no-op outside range-for
      range_variable = flow::kNoNode;
    } else if (clang_isStatement(child_kind) != 0) {
      walk_statement(child);
    }
  }
}

void Walker::declare_variable(CXCursor var) {
  flow::NodeId node = variable_node(var);
  CXTypeKind type = clang_getCanonicalType(clang_getCursorType(var)).kind;
  // References and pointers alias what they are bound to (pointer-insensitive).
  bool aliases =
      type == CXType_LValueReference || type == CXType_RValueReference || type == CXType_Pointer;
  for (CXCursor child : children_of(var)) {
    if (clang_isExpression(clang_getCursorKind(child)) == 0) continue;
    Value value = eval(child);
    flow_into(value.values, node);
    if (!aliases) continue;
    for (flow::NodeId storage : value.storage) {
      facts_.graph.add_flow(node, storage);
      facts_.graph.add_flow(storage, node);
    }
  }
}

flow::NodeId Walker::variable_node(CXCursor declaration) {
  auto place = place_of(declaration);
  for (Frame* frame = frame_; frame != nullptr; frame = frame->enclosing) {
    auto found = frame->locals.find(place);
    if (found == frame->locals.end()) continue;
    if (frame == frame_) return found->second;
    // A lambda's capture: the enclosing variable's value flows into the body.
    flow::NodeId copy = new_local();
    facts_.graph.add_flow(found->second, copy);
    frame_->locals[place] = copy;
    return copy;
  }
  bool has_storage = clang_getCursorLinkage(declaration) != CXLinkage_NoLinkage ||
                     clang_Cursor_getStorageClass(declaration) == CX_SC_Static ||
                     clang_Cursor_getStorageClass(declaration) == CX_SC_Extern;
  if (frame_ == nullptr || (clang_getCursorKind(declaration) == CXCursor_VarDecl && has_storage)) {
    std::string key = usr_of(declaration);
    flow::NodeId node = facts_.graph.global(key);
    facts_.globals.emplace(node, key);
    return node;
  }
  flow::NodeId node = new_local();
  frame_->locals[place] = node;
  return node;
}

flow::NodeId Walker::this_node() {
  for (Frame* frame = frame_; frame != nullptr; frame = frame->enclosing) {
    if (frame->has_this) return facts_.graph.param(frame->id, flow::kThisParam);
  }
  return flow::kNoNode;
}

std::pair<CXFile, unsigned> Walker::place_of(CXCursor cursor) {
  CXFile file = nullptr;
  unsigned offset = 0;
  clang_getFileLocation(clang_getCursorLocation(cursor), &file, nullptr, nullptr, &offset);
  return {file, offset};
}

const std::string& Walker::cached_name(CXCursor function, const std::string& usr) {
  auto found = names_.find(usr);
  if (found != names_.end()) return found->second;
  return names_.emplace(usr, function_name(function)).first->second;
}

flow::FunctionId Walker::current() const {
  return frame_ != nullptr ? frame_->id : flow::kNoFunction;
}

flow::NodeId Walker::new_local() {
  return facts_.graph.add_node(flow::Node{flow::NodeKind::kLocal, current(), 0, 0});
}

void Walker::flow_into(const std::vector<flow::NodeId>& from, flow::NodeId to) {
  if (to == flow::kNoNode) return;
  for (flow::NodeId node : from) facts_.graph.add_flow(node, to);
}

void Walker::assign(const Value& from, const Value& to) {
  for (flow::NodeId storage : to.storage) flow_into(from.values, storage);
}

}  // namespace cordon::source
