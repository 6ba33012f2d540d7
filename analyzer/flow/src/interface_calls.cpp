#include "interface_calls.h"

#include <unordered_set>
#include <utility>
#include <vector>

#include "site_resolver.h"

namespace cordon::flow {
namespace {

const rules::AccessorEntry* accessor_of(const CallSite& call, const ProgramGraph& graph,
                                        const rules::RuleSet& rules) {
  std::vector<std::string> names;
  if (!call.callee_name.empty()) names = name_variants(call.callee_name);
  if (call.callee && *call.callee < graph.functions().size()) {
    for (auto& variant : name_variants(graph.functions()[*call.callee].name)) {
      names.push_back(std::move(variant));
    }
  }
  for (const std::string& name : names) {
    if (const auto* accessor = rules.accessor_of(name)) return accessor;
  }
  return nullptr;
}

// The argument node at `index` of `call`, or kNoNode.
NodeId argument(const CallSite& call, std::optional<int> index) {
  if (!index || *index < 0 || static_cast<std::size_t>(*index) >= call.args.size()) return kNoNode;
  return call.args[static_cast<std::size_t>(*index)];
}

// For each of `wanted` (argument nodes), one node of `from` that reaches it
// directly or through one value between (the register a `lea` filled, a spill).
template <typename Nodes>
std::unordered_map<NodeId, NodeId> reaching(const ProgramGraph& graph, const Nodes& from,
                                            const std::unordered_set<NodeId>& wanted) {
  std::unordered_map<NodeId, NodeId> out;
  if (wanted.empty()) return out;
  for (NodeId start : from) {
    if (start == kNoNode) continue;
    for (NodeId next : graph.successors()[start]) {
      if (wanted.count(next) != 0) out.emplace(next, start);
      for (NodeId second : graph.successors()[next]) {
        if (wanted.count(second) != 0) out.emplace(second, start);
      }
    }
  }
  return out;
}

// For each function in `wrappers`, an accessor call whose result it returns
// as it is (`ISteamUser* user() { return (ISteamUser*)
// SteamInternal_FindOrCreateUserInterface(...); }` where it is not inlined:
// -O0, a title's own helper). One linear pass over the nodes.
std::unordered_map<FunctionId, CallId> returned_accessor_calls(
    const ProgramGraph& graph, const rules::RuleSet& rules,
    const std::unordered_set<FunctionId>& wrappers) {
  std::unordered_map<FunctionId, CallId> out;
  if (wrappers.empty()) return out;
  const auto& nodes = graph.nodes();
  for (NodeId n = 0; n < nodes.size(); ++n) {
    if (nodes[n].kind != NodeKind::kCallResult || wrappers.count(nodes[n].function) == 0) continue;
    if (nodes[n].call >= graph.calls().size()) continue;
    for (NodeId next : graph.successors()[n]) {
      if (nodes[next].kind == NodeKind::kReturn &&
          accessor_of(graph.calls()[nodes[n].call], graph, rules) != nullptr) {
        out.emplace(nodes[n].function, nodes[n].call);
      }
    }
  }
  return out;
}

// Objects of virtual calls that are stack slots (-O0 keeps the object in one
// across calls): the one call whose result is stored there. A slot that holds
// several calls' results (reused for two locals) names none.
std::unordered_map<NodeId, CallId> spilled_results(const ProgramGraph& graph) {
  std::unordered_map<NodeId, CallId> out;
  std::unordered_set<NodeId> slots;
  const auto& nodes = graph.nodes();
  for (const auto& virtual_call : graph.virtual_calls()) {
    if (virtual_call.object < nodes.size() &&
        nodes[virtual_call.object].kind != NodeKind::kCallResult) {
      slots.insert(virtual_call.object);
    }
  }
  if (slots.empty()) return out;
  std::unordered_set<NodeId> ambiguous;
  for (NodeId n = 0; n < nodes.size(); ++n) {
    if (nodes[n].kind != NodeKind::kCallResult) continue;
    for (NodeId next : graph.successors()[n]) {
      if (slots.count(next) == 0) continue;
      auto [it, fresh] = out.emplace(next, nodes[n].call);
      if (!fresh && it->second != nodes[n].call) ambiguous.insert(next);
    }
  }
  for (NodeId slot : ambiguous) out.erase(slot);
  return out;
}

// A virtual call on an accessor's object, on its way to a version string.
struct Pending {
  const ProgramGraph::VirtualCall* call = nullptr;
  const rules::AccessorEntry* accessor = nullptr;
  const CallSite* accessor_call = nullptr;
  NodeId version_arg = kNoNode;  // where the version literal is passed, if any
  NodeId context_arg = kNoNode;  // where the context is passed (context_arg accessors)
};

// Context accessors (Steam's SteamInternal_ContextInit(s_CallbackCounterAndContext)):
// the context is a global whose first word is the title's init function,
// which calls a version accessor. Each pending context call gets that inner
// call's accessor and version argument.
void resolve_contexts(const ProgramGraph& graph, const rules::RuleSet& rules,
                      std::vector<Pending>& pending) {
  std::unordered_set<NodeId> contexts;
  for (const Pending& p : pending) {
    if (p.context_arg != kNoNode) contexts.insert(p.context_arg);
  }
  if (contexts.empty()) return;
  // Globals holding a function's address (tables in data), and what they hold.
  std::unordered_map<NodeId, FunctionId> holders;
  std::vector<NodeId> holder_nodes;
  for (const auto& [node, function] : graph.function_refs()) {
    if (node < graph.nodes().size() && graph.nodes()[node].kind == NodeKind::kGlobal &&
        holders.emplace(node, function).second) {
      holder_nodes.push_back(node);
    }
  }
  const auto context_globals = reaching(graph, holder_nodes, contexts);
  std::unordered_set<FunctionId> init_functions;
  for (const auto& [arg, global] : context_globals) init_functions.insert(holders.at(global));
  // The first version accessor each init function calls.
  std::unordered_map<FunctionId, std::pair<const rules::AccessorEntry*, CallId>> inner;
  for (CallId c = 0; c < graph.calls().size(); ++c) {
    const CallSite& call = graph.calls()[c];
    if (init_functions.count(call.caller) == 0 || inner.count(call.caller) != 0) continue;
    const auto* accessor = accessor_of(call, graph, rules);
    if (accessor != nullptr && !accessor->context_arg) {
      inner.emplace(call.caller, std::make_pair(accessor, c));
    }
  }
  for (Pending& p : pending) {
    if (p.context_arg == kNoNode) continue;
    auto global = context_globals.find(p.context_arg);
    if (global == context_globals.end()) continue;
    auto found = inner.find(holders.at(global->second));
    if (found == inner.end()) continue;
    p.accessor = found->second.first;
    p.accessor_call = &graph.calls()[found->second.second];
    p.version_arg = argument(*p.accessor_call, p.accessor->version_arg);
    p.context_arg = kNoNode;
  }
}

}  // namespace

std::unordered_map<CallId, std::string> interface_methods(const ProgramGraph& graph,
                                                          const rules::RuleSet& rules) {
  std::unordered_map<CallId, std::string> out;
  if (graph.virtual_calls().empty()) return out;
  const auto& nodes = graph.nodes();
  // The call that gave each virtual call's object: an accessor, or a
  // function of the graph that may return what an accessor gave.
  std::vector<std::pair<const ProgramGraph::VirtualCall*, CallId>> objects;
  std::unordered_set<FunctionId> wrappers;
  const auto spilled = spilled_results(graph);
  for (const auto& virtual_call : graph.virtual_calls()) {
    if (virtual_call.object >= nodes.size()) continue;
    const Node& object = nodes[virtual_call.object];
    CallId from = object.call;
    if (object.kind != NodeKind::kCallResult) {
      auto stored = spilled.find(virtual_call.object);
      if (stored == spilled.end()) continue;
      from = stored->second;
    }
    if (from >= graph.calls().size()) continue;
    objects.emplace_back(&virtual_call, from);
    const CallSite& call = graph.calls()[from];
    if (call.callee && accessor_of(call, graph, rules) == nullptr) wrappers.insert(*call.callee);
  }
  const auto wrapped = returned_accessor_calls(graph, rules, wrappers);
  std::vector<Pending> pending;
  for (const auto& [virtual_call, call_id] : objects) {
    Pending p;
    p.call = virtual_call;
    p.accessor_call = &graph.calls()[call_id];
    p.accessor = accessor_of(*p.accessor_call, graph, rules);
    if (p.accessor == nullptr && p.accessor_call->callee) {
      auto inner = wrapped.find(*p.accessor_call->callee);
      if (inner == wrapped.end()) continue;
      p.accessor_call = &graph.calls()[inner->second];
      p.accessor = accessor_of(*p.accessor_call, graph, rules);
    }
    if (p.accessor == nullptr) continue;
    p.version_arg = argument(*p.accessor_call, p.accessor->version_arg);
    p.context_arg = argument(*p.accessor_call, p.accessor->context_arg);
    pending.push_back(p);
  }
  resolve_contexts(graph, rules, pending);
  // The version literals passed where the accessors take them.
  std::unordered_set<NodeId> version_args;
  for (const Pending& p : pending) {
    if (p.version_arg != kNoNode) version_args.insert(p.version_arg);
  }
  std::vector<NodeId> literal_nodes;
  std::unordered_map<NodeId, const std::string*> literal_text;
  if (!version_args.empty()) {
    for (const StringRef& literal : graph.strings()) {
      if (literal.node != kNoNode && literal_text.emplace(literal.node, &literal.text).second) {
        literal_nodes.push_back(literal.node);
      }
    }
  }
  const auto literals = reaching(graph, literal_nodes, version_args);
  for (const Pending& p : pending) {
    if (p.context_arg != kNoNode) continue;  // its context was not found
    std::string version = p.accessor->version;
    if (p.accessor->version_arg) {
      auto found = literals.find(p.version_arg);
      if (found == literals.end()) continue;
      version = *literal_text.at(found->second);
    }
    const rules::InterfaceEntry* iface = rules.interface_of(version);
    if (iface == nullptr || p.call->offset < 0 || p.call->offset % kVtableEntryBytes != 0) continue;
    const auto slot = static_cast<std::size_t>(p.call->offset / kVtableEntryBytes);
    if (slot >= iface->methods.size()) continue;
    out.emplace(p.call->call, iface->class_name + "::" + iface->methods[slot]);
  }
  return out;
}

}  // namespace cordon::flow
