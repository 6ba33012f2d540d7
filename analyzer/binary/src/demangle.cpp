#include "demangle.h"

#include <llvm/Demangle/Demangle.h>
#include <llvm/Demangle/MicrosoftDemangle.h>
#include <llvm/Demangle/MicrosoftDemangleNodes.h>
#include <llvm/Demangle/Utility.h>

#include <cstdlib>
#include <memory>

namespace cordon::binary {
namespace {

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }  // NOLINT: the demangler's malloc'ed buffers
};
using CBuffer = std::unique_ptr<char, FreeDeleter>;

// The qualified name of an MSVC function symbol without its parameter list,
// printed from the demangler's tree (its name node alone) rather than cut out
// of the full text: operator names such as "operator<<", "operator->" and
// "operator<=>" hold angle brackets that no text scan can tell from template
// arguments. Empty when the symbol is not a function or does not parse.
std::string msvc_function_name(const std::string& mangled, llvm::ms_demangle::OutputFlags flags) {
  llvm::ms_demangle::Demangler demangler;
  llvm::itanium_demangle::StringView view(mangled.data(), mangled.size());
  llvm::ms_demangle::SymbolNode* symbol = demangler.parse(view);
  if (demangler.Error || symbol == nullptr || symbol->Name == nullptr ||
      symbol->kind() != llvm::ms_demangle::NodeKind::FunctionSymbol) {
    return {};
  }
  llvm::itanium_demangle::OutputBuffer out;
  if (!llvm::itanium_demangle::initializeOutputBuffer(nullptr, nullptr, out, 256)) return {};
  symbol->Name->output(out, flags);
  out += '\0';
  CBuffer text(out.getBuffer());  // output() grows the buffer with realloc
  return text.get();
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
      std::string qualified = msvc_function_name(
          name, static_cast<llvm::ms_demangle::OutputFlags>(
                    llvm::ms_demangle::OF_NoAccessSpecifier |
                    llvm::ms_demangle::OF_NoCallingConvention | llvm::ms_demangle::OF_NoReturnType |
                    llvm::ms_demangle::OF_NoMemberType | llvm::ms_demangle::OF_NoVariableType));
      return {full, qualified.empty() ? full : qualified};
    }
  }
  return {name, name};
}

}  // namespace cordon::binary
