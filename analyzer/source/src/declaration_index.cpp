// Public headers parsed with libclang into an index of function declarations
// by the names packs use (signatures.h).
#include <clang-c/Index.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <utility>

#include "cordon/source/signatures.h"
#include "cursor_names.h"
#include "libclang_handles.h"

#ifndef CORDON_CLANG_RESOURCE_DIR
#define CORDON_CLANG_RESOURCE_DIR ""
#endif

namespace cordon::source {
namespace {

bool is_pointer_like(CXType type) {
  switch (clang_getCanonicalType(type).kind) {
    case CXType_Pointer:
    case CXType_LValueReference:
    case CXType_RValueReference:
    case CXType_BlockPointer:
    case CXType_ObjCObjectPointer:
    case CXType_ConstantArray:
    case CXType_IncompleteArray:
    case CXType_VariableArray:
    case CXType_DependentSizedArray:
      return true;
    default:
      return false;
  }
}

bool is_floating(CXType type) {
  switch (clang_getCanonicalType(type).kind) {
    case CXType_Float:
    case CXType_Double:
    case CXType_LongDouble:
    case CXType_Half:
    case CXType_Float16:
      return true;
    default:
      return false;
  }
}

struct Walk {
  DeclarationIndex* index;
  const std::vector<std::string>* handle_types;
  Locator locator;
};

// A handle typedef of the set (sentry_value_t), also const-qualified: the
// type's spelling without "const ".
bool is_handle(CXType type, const std::vector<std::string>& handles) {
  if (handles.empty()) return false;
  if (type.kind == CXType_Elaborated) type = clang_Type_getNamedType(type);
  std::string name = take(clang_getTypeSpelling(type));
  if (name.rfind("const ", 0) == 0) name = name.substr(6);
  return std::find(handles.begin(), handles.end(), name) != handles.end();
}

void add_function(CXCursor cursor, Walk& walk) {
  Declaration d;
  const CXCursorKind kind = clang_getCursorKind(cursor);
  d.member = (kind == CXCursor_CXXMethod && clang_CXXMethod_isStatic(cursor) == 0) ||
             kind == CXCursor_Constructor || kind == CXCursor_Destructor;
  const int count = clang_Cursor_getNumArguments(cursor);
  for (int i = 0; i < count; ++i) {
    CXType type = clang_getCursorType(clang_Cursor_getArgument(cursor, static_cast<unsigned>(i)));
    d.params.push_back({take(clang_getTypeSpelling(type)),
                        is_pointer_like(type) || is_handle(type, *walk.handle_types),
                        is_floating(type)});
  }
  CXType function_type = clang_getCursorType(cursor);
  d.variadic = clang_isFunctionTypeVariadic(function_type) != 0;
  d.returns_value = clang_getCanonicalType(clang_getResultType(function_type)).kind != CXType_Void;
  flow::Location where = walk.locator.at(cursor);
  d.file = where.file;
  d.line = where.line;
  // Packs use the demangled name (what binaries give) and, for C++, the
  // qualified one where there is no mangling: index both spellings.
  std::string demangled = function_name(cursor);
  std::string qualified = qualified_name(cursor);
  d.name = demangled;
  if (!qualified.empty() && qualified != demangled) {
    Declaration other = d;
    other.name = qualified;
    walk.index->add(std::move(other));
  }
  if (!d.name.empty()) walk.index->add(std::move(d));
}

CXChildVisitResult visit(CXCursor cursor, CXCursor /*parent*/, CXClientData data) {
  auto& walk = *static_cast<Walk*>(data);
  switch (clang_getCursorKind(cursor)) {
    case CXCursor_FunctionDecl:
    case CXCursor_CXXMethod:
    case CXCursor_Constructor:
      add_function(cursor, walk);
      return CXChildVisit_Continue;
    case CXCursor_Namespace:
    case CXCursor_LinkageSpec:
    case CXCursor_StructDecl:
    case CXCursor_ClassDecl:
    case CXCursor_UnexposedDecl:
      return CXChildVisit_Recurse;
    default:
      return CXChildVisit_Continue;
  }
}

std::vector<std::string> string_list(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node || !node.IsSequence()) return out;
  for (const auto& item : node) out.push_back(item.as<std::string>());
  return out;
}

}  // namespace

void DeclarationIndex::add(Declaration declaration) {
  std::string name = declaration.name;
  by_name_[name].push_back(std::move(declaration));
  ++count_;
}

const std::vector<Declaration>* DeclarationIndex::find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &it->second;
}

Result<std::vector<DeclarationSetSpec>> load_declaration_sets(const std::string& dir) {
  namespace fs = std::filesystem;
  const std::string file = (fs::path(dir) / "sets.yaml").string();
  std::vector<DeclarationSetSpec> out;
  try {
    YAML::Node root = YAML::LoadFile(file);
    if (!root["sets"] || !root["sets"].IsSequence()) {
      return fail(ErrorKind::kParse, file, "", "no 'sets' list");
    }
    for (const auto& node : root["sets"]) {
      DeclarationSetSpec set;
      set.name = node["name"].as<std::string>();
      set.umbrella = (fs::path(dir) / node["umbrella"].as<std::string>()).string();
      set.args = string_list(node["args"]);
      for (const std::string& include : string_list(node["include"])) {
        set.args.push_back("-isystem");
        set.args.push_back((fs::path(dir) / include).string());
      }
      set.licence = node["licence"].as<std::string>();
      set.handle_types = string_list(node["handle_types"]);
      if (node["sources"] && node["sources"].IsSequence()) {
        for (const auto& source : node["sources"]) {
          set.sources.emplace_back(source["url"].as<std::string>(),
                                   (fs::path(dir) / source["file"].as<std::string>()).string());
        }
      }
      out.push_back(std::move(set));
    }
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::kParse, file, "", e.what());
  }
  return out;
}

IndexedSets index_declarations(const std::vector<DeclarationSetSpec>& sets) {
  IndexedSets out;
  IndexHandle index(clang_createIndex(/*excludeDeclarationsFromPCH=*/0, /*displayDiagnostics=*/0));
  for (const DeclarationSetSpec& set : sets) {
    std::vector<std::string> args = set.args;
    if (std::string(CORDON_CLANG_RESOURCE_DIR).size() > 0) {
      args.emplace_back("-resource-dir");
      args.emplace_back(CORDON_CLANG_RESOURCE_DIR);
    }
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    CXTranslationUnit raw = nullptr;
    const CXErrorCode code = clang_parseTranslationUnit2(
        index.get(), set.umbrella.c_str(), argv.data(), static_cast<int>(argv.size()), nullptr, 0,
        CXTranslationUnit_SkipFunctionBodies | CXTranslationUnit_KeepGoing, &raw);
    UnitHandle unit(raw);
    if (code != CXError_Success || !unit) {
      out.skipped.push_back(set.name + ": libclang could not parse " + set.umbrella);
      continue;
    }
    // A missing header is a fatal diagnostic: the set's headers are not on
    // this machine, and a partial parse would call real entries unverified.
    std::string missing;
    const unsigned diagnostics = clang_getNumDiagnostics(unit.get());
    for (unsigned i = 0; i < diagnostics && missing.empty(); ++i) {
      CXDiagnostic diagnostic = clang_getDiagnostic(unit.get(), i);
      if (clang_getDiagnosticSeverity(diagnostic) >= CXDiagnostic_Error) {
        missing = take(clang_formatDiagnostic(diagnostic, CXDiagnostic_DisplaySourceLocation));
      }
      clang_disposeDiagnostic(diagnostic);
    }
    if (!missing.empty()) {
      out.skipped.push_back(set.name + ": " + missing);
      continue;
    }
    Walk walk{&out.index, &set.handle_types, {}};
    clang_visitChildren(clang_getTranslationUnitCursor(unit.get()), visit, &walk);
    out.parsed.push_back(set.name);
  }
  return out;
}

}  // namespace cordon::source
