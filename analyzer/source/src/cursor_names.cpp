#include "cursor_names.h"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

#include <llvm/Demangle/Demangle.h>

#include "libclang_handles.h"

namespace cordon::source {

namespace {

bool is_scope(CXCursorKind kind) {
  switch (kind) {
    case CXCursor_Namespace:
    case CXCursor_StructDecl:
    case CXCursor_ClassDecl:
    case CXCursor_UnionDecl:
    case CXCursor_ClassTemplate:
    case CXCursor_ClassTemplatePartialSpecialization:
    case CXCursor_EnumDecl:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string qualified_name(CXCursor cursor) {
  std::string name = take(clang_getCursorSpelling(cursor));
  // Parameters and template arguments are not part of the name rules use.
  if (auto angle = name.find('<'); angle != std::string::npos && name.rfind("operator", 0) != 0) {
    name.resize(angle);
  }
  std::vector<std::string> scopes;
  CXCursor parent = clang_getCursorSemanticParent(cursor);
  for (int depth = 0; depth < 64 && !clang_Cursor_isNull(parent); ++depth) {
    CXCursorKind kind = clang_getCursorKind(parent);
    if (kind == CXCursor_TranslationUnit || !is_scope(kind)) break;
    std::string scope = take(clang_getCursorSpelling(parent));
    if (scope.empty()) {
      scope = kind == CXCursor_Namespace ? "(anonymous namespace)" : "(anonymous)";
    } else if (auto angle = scope.find('<'); angle != std::string::npos) {
      scope.resize(angle);
    }
    // Unscoped enumerators live in the enclosing scope, as C++ names them.
    if (kind != CXCursor_EnumDecl || clang_EnumDecl_isScoped(parent) != 0) {
      scopes.push_back(std::move(scope));
    }
    parent = clang_getCursorSemanticParent(parent);
  }
  std::string out;
  for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
    out += *it;
    out += "::";
  }
  return out + name;
}

std::string function_name(CXCursor function) {
  std::string mangled = take(clang_Cursor_getMangling(function));
  if (mangled.size() > 2 && mangled[0] == '_' && mangled[1] == 'Z') {
    llvm::ItaniumPartialDemangler demangler;
    if (!demangler.partialDemangle(mangled.c_str()) && demangler.isFunction()) {
      // The demangler's buffers come from malloc.
      std::unique_ptr<char, decltype(&std::free)> name(demangler.getFunctionName(nullptr, nullptr),
                                                       &std::free);
      if (name) return name.get();
    }
  } else if (!mangled.empty() && mangled == take(clang_getCursorSpelling(function))) {
    return mangled;  // a C function (or extern "C"): its symbol is its name
  }
  return qualified_name(function);
}

std::string usr_of(CXCursor cursor) {
  return take(clang_getCursorUSR(cursor));
}

bool in_system_header(CXCursor cursor) {
  return clang_Location_isInSystemHeader(clang_getCursorLocation(cursor)) != 0;
}

const std::string& Locator::file_name(CXFile file) {
  auto found = names_.find(file);
  if (found != names_.end()) return found->second;
  std::string name = take(clang_getFileName(file));
  if (!name.empty()) name = std::filesystem::path(name).lexically_normal().string();
  return names_.emplace(file, std::move(name)).first->second;
}

flow::Location Locator::at(CXCursor cursor) {
  CXFile file = nullptr;
  unsigned line = 0;
  clang_getExpansionLocation(clang_getCursorLocation(cursor), &file, &line, nullptr, nullptr);
  flow::Location where;
  if (file != nullptr) where.file = file_name(file);
  where.line = static_cast<int>(line);
  return where;
}

std::string Locator::key_of(CXCursor cursor) {
  CXFile file = nullptr;
  unsigned line = 0;
  unsigned column = 0;
  clang_getSpellingLocation(clang_getCursorLocation(cursor), &file, &line, &column, nullptr);
  std::string name = file != nullptr ? file_name(file) : std::string();
  return name + ":" + std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace cordon::source
