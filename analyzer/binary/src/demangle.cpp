#include "demangle.h"

#include <llvm/Demangle/Demangle.h>

#include <cstdlib>
#include <memory>

namespace cordon::binary {
namespace {

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }  // NOLINT: the demangler's malloc'ed buffers
};
using CBuffer = std::unique_ptr<char, FreeDeleter>;

// Cuts a demangled MSVC name at its parameter list: the first '(' outside
// template arguments that follows the name (an "operator()" keeps its own).
std::string strip_parameters(const std::string& full) {
  int depth = 0;
  for (std::size_t i = 0; i < full.size(); ++i) {
    char c = full[i];
    if (c == '<') ++depth;
    if (c == '>' && depth > 0) --depth;
    if (c == '(' && depth == 0) {
      if (i >= 8 && full.compare(i - 8, 8, "operator") == 0) {
        ++i;  // skip "()" of operator()
        continue;
      }
      return full.substr(0, i);
    }
  }
  return full;
}

}  // namespace

DemangledName demangle_symbol(std::string_view mangled) {
  std::string name(mangled);
  // ELF symbol versions ("foo@GLIBC_2.2.5", "foo@@VER") are not part of the name.
  if (auto at = name.find('@'); at != std::string::npos && at > 0 && name[0] != '?') {
    name.resize(at);
  }
  if (name.size() > 2 && name[0] == '_' && name[1] == 'Z') {
    llvm::ItaniumPartialDemangler demangler;
    if (!demangler.partialDemangle(name.c_str())) {
      CBuffer full(demangler.finishDemangle(nullptr, nullptr));
      if (demangler.isFunction()) {
        CBuffer qualified(demangler.getFunctionName(nullptr, nullptr));
        if (full && qualified) return {full.get(), qualified.get()};
      } else if (full) {
        return {full.get(), full.get()};
      }
    }
    return {name, name};
  }
  if (!name.empty() && name[0] == '?') {
    auto flags = static_cast<llvm::MSDemangleFlags>(
        llvm::MSDF_NoAccessSpecifier | llvm::MSDF_NoCallingConvention | llvm::MSDF_NoReturnType |
        llvm::MSDF_NoMemberType | llvm::MSDF_NoVariableType);
    int status = 0;
    CBuffer out(llvm::microsoftDemangle(name.c_str(), nullptr, nullptr, nullptr, &status, flags));
    if (out && status == 0) {
      std::string full = out.get();
      return {full, strip_parameters(full)};
    }
  }
  return {name, name};
}

}  // namespace cordon::binary
