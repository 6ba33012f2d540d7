#include "site_resolver.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "interface_calls.h"

namespace cordon::flow {
namespace {

void push_unique(std::vector<std::string>& out, std::string name) {
  if (name.empty()) return;
  if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
}

// "foo@8" (stdcall) -> "foo"; only an all-digit suffix counts.
std::string strip_stdcall(const std::string& name) {
  auto at = name.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == name.size()) return name;
  for (std::size_t i = at + 1; i < name.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(name[i])) == 0) return name;
  }
  return name.substr(0, at);
}

}  // namespace

std::vector<std::string> name_variants(std::string_view name) {
  std::vector<std::string> out;
  std::string current(name);
  push_unique(out, current);
  // Linker decorations first: "@plt", then symbol versions "@@GLIBC_2.2.5" / "@GLIBC_2.2.5".
  if (current.size() > 4 && current.ends_with("@plt")) {
    current.resize(current.size() - 4);
    push_unique(out, current);
  }
  if (auto at = current.find('@'); at != std::string::npos && at > 0 && at + 1 < current.size() &&
                                   std::isdigit(static_cast<unsigned char>(current[at + 1])) == 0) {
    current.resize(at);
    push_unique(out, current);
  }
  if (current.starts_with("__imp_")) {
    current.erase(0, 6);
    push_unique(out, current);
  }
  std::string stdcall = strip_stdcall(current);
  if (stdcall != current) {
    current = stdcall;
    push_unique(out, current);
  }
  if (current.size() > 1 && current[0] == '_' && current[1] != '_') {
    push_unique(out, current.substr(1));
  }
  // Demangled C++: "ns::Class::method(int, char*) const" -> "ns::Class::method".
  if (auto paren = current.find('('); paren != std::string::npos && paren > 0) {
    push_unique(out, current.substr(0, paren));
  }
  return out;
}

bool conditions_hold(const ProgramGraph& graph, CallId call, const rules::ApiEntry& entry,
                     std::string* names) {
  for (const auto& condition : entry.when) {
    auto value = graph.arg_constant(call, condition.index);
    if (!value) {
      if (entry.kind == rules::EntryKind::kSource) return false;
      continue;
    }
    // A 32-bit register write zero-extends, a 32-bit immediate sign-extends:
    // compare the low 32 bits too.
    auto low = [](std::int64_t v) { return static_cast<std::uint32_t>(v); };
    const auto* match = static_cast<const std::pair<std::string, std::int64_t>*>(nullptr);
    for (const auto& named : condition.values) {
      if (named.second == *value ||
          (low(named.second) == low(*value) && named.second >= std::int64_t{INT32_MIN} &&
           named.second <= std::int64_t{UINT32_MAX})) {
        match = &named;
        break;
      }
    }
    if (match == nullptr) return false;
    if (names != nullptr) {
      if (!names->empty()) names->append(", ");
      names->append(match->first);
    }
  }
  return true;
}

std::vector<ResolvedCall> resolve_calls(const ProgramGraph& graph, const rules::RuleSet& rules) {
  std::vector<ResolvedCall> out(graph.calls().size());
  // Virtual calls on SDK interface objects, named by the packs' method order.
  const auto methods = interface_methods(graph, rules);
  for (std::size_t i = 0; i < graph.calls().size(); ++i) {
    const CallSite& call = graph.calls()[i];
    ResolvedCall& resolved = out[i];
    std::vector<std::string> names;
    if (!call.callee_name.empty()) names = name_variants(call.callee_name);
    if (auto method = methods.find(static_cast<CallId>(i)); method != methods.end()) {
      names.push_back(method->second);
    }
    if (call.callee && *call.callee < graph.functions().size()) {
      for (auto& variant : name_variants(graph.functions()[*call.callee].name)) {
        push_unique(names, std::move(variant));
      }
    }
    bool modelled = false;
    auto keep = [&](std::vector<const rules::ApiEntry*> entries, const std::string& api) {
      if (entries.empty()) return false;
      modelled = true;
      resolved.api = api;
      for (const auto* entry : entries) {
        if (entry->when.empty() ||
            conditions_hold(graph, static_cast<CallId>(i), *entry, &resolved.constants)) {
          resolved.entries.push_back(entry);
        }
      }
      return true;
    };
    for (const auto& name : names) {
      if (keep(rules.by_api(name), name)) break;
    }
    if (!modelled && call.syscall) keep(rules.by_syscall(*call.syscall), *call.syscall);
    // The rule models the callee (even where its conditions exclude this
    // call: curl_easy_setopt of a mere option): never descend into it.
    if (modelled) continue;
    if (call.callee && *call.callee < graph.functions().size()) {
      resolved.internal = call.callee;
    } else if (!call.callee_name.empty()) {
      for (const auto& name : names) {
        if (auto found = graph.find_function(name)) {
          resolved.internal = found;
          break;
        }
      }
    }
  }
  return out;
}

std::vector<StringSource> resolve_string_sources(const ProgramGraph& graph,
                                                 const rules::RuleSet& rules) {
  std::vector<StringSource> out;
  for (std::size_t i = 0; i < graph.strings().size(); ++i) {
    for (const auto* entry : rules.by_string(graph.strings()[i].text)) {
      if (entry->kind == rules::EntryKind::kSource) out.push_back({i, entry});
    }
  }
  return out;
}

}  // namespace cordon::flow
