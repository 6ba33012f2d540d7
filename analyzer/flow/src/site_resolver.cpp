#include "site_resolver.h"

#include <algorithm>
#include <cctype>

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

std::vector<ResolvedCall> resolve_calls(const ProgramGraph& graph, const rules::RuleSet& rules) {
  std::vector<ResolvedCall> out(graph.calls().size());
  for (std::size_t i = 0; i < graph.calls().size(); ++i) {
    const CallSite& call = graph.calls()[i];
    ResolvedCall& resolved = out[i];
    std::vector<std::string> names;
    if (!call.callee_name.empty()) names = name_variants(call.callee_name);
    if (call.callee && *call.callee < graph.functions().size()) {
      for (auto& variant : name_variants(graph.functions()[*call.callee].name)) {
        push_unique(names, std::move(variant));
      }
    }
    for (const auto& name : names) {
      auto entries = rules.by_api(name);
      if (!entries.empty()) {
        resolved.entries = std::move(entries);
        resolved.api = name;
        break;
      }
    }
    if (resolved.entries.empty() && call.syscall) {
      resolved.entries = rules.by_syscall(*call.syscall);
      if (!resolved.entries.empty()) resolved.api = *call.syscall;
    }
    if (!resolved.entries.empty()) continue;  // the rule models the callee: do not descend
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
