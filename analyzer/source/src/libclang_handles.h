// RAII owners for libclang's C handles: an index per parser thread, a
// translation unit per parse, and CXString results.
#pragma once

#include <memory>
#include <string>
#include <type_traits>

#include <clang-c/Index.h>

namespace cordon::source {

struct IndexDeleter {
  void operator()(void* index) const noexcept { clang_disposeIndex(index); }
};
using IndexHandle = std::unique_ptr<void, IndexDeleter>;

struct UnitDeleter {
  void operator()(CXTranslationUnitImpl* unit) const noexcept {
    clang_disposeTranslationUnit(unit);
  }
};
using UnitHandle = std::unique_ptr<CXTranslationUnitImpl, UnitDeleter>;

// Takes ownership of a CXString and returns its text.
inline std::string take(CXString text) {
  const char* chars = clang_getCString(text);
  std::string out = chars != nullptr ? chars : "";
  clang_disposeString(text);
  return out;
}

}  // namespace cordon::source
