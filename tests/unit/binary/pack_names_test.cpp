// The C++ names of the built-in packs are the names the demangler prints:
// real mangled symbols of the standard libraries (MSVC's STL, libstdc++,
// libc++) demangle to a name that selects the entry meant for them. A pack
// name spelled differently from the demangler's output never matches.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "cordon/rules/rule_set.h"
#include "demangle.h"

namespace cordon::binary {
namespace {

struct SymbolEntry {
  const char* mangled;
  const char* entry;  // the pack entry whose `apis` must hold the demangled name
};

constexpr SymbolEntry kSymbols[] = {
    // std::string(const char*) and std::wstring(const wchar_t*), MSVC x64.
    {"??0?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@std@@QEAA@PEBD@Z",
     "cxx.string.construct"},
    {"??0?$basic_string@_WU?$char_traits@_W@std@@V?$allocator@_W@2@@std@@QEAA@PEB_W@Z",
     "cxx.string.construct"},
    // libstdc++ and libc++ std::string(const char*, const allocator&).
    {"_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEC1EPKcRKS3_", "cxx.string.construct"},
    {"_ZNSt3__112basic_stringIcNS_11char_traitsIcEENS_9allocatorIcEEEC1EPKc",
     "cxx.string.construct"},
    // operator<<(ostream&, const char*): MSVC, libstdc++, libc++.
    {"??$?6U?$char_traits@D@std@@@std@@YAAEAV?$basic_ostream@DU?$char_traits@D@std@@@0@AEAV10@"
     "PEBD@Z",
     "cxx.ostream.insert-string"},
    {"_ZStlsISt11char_traitsIcEERSt13basic_ostreamIcT_ES5_PKc", "cxx.ostream.insert-string"},
    {"_ZNSt3__1lsINS_11char_traitsIcEEEERNS_13basic_ostreamIcT_EES6_PKc",
     "cxx.ostream.insert-string"},
    // ostream::operator<<(int): MSVC.
    {"??6?$basic_ostream@DU?$char_traits@D@std@@@std@@QEAAAEAV01@H@Z", "cxx.ostream.insert-number"},
};

TEST_CASE("pack names of standard library calls are what the demangler prints") {
  auto rules = rules::RuleSet::load({CORDON_PACKS_DIR});
  REQUIRE(rules.has_value());
  for (const auto& symbol : kSymbols) {
    std::string name = demangle_symbol(symbol.mangled).qualified;
    CAPTURE(symbol.mangled);
    CAPTURE(name);
    auto entries = rules->by_api(name);
    CHECK(std::any_of(entries.begin(), entries.end(),
                      [&](const rules::ApiEntry* e) { return e->id == symbol.entry; }));
  }
}

}  // namespace
}  // namespace cordon::binary
