#include "handle_origin.h"

#include <deque>
#include <unordered_set>

namespace cordon::flow {
namespace {

// Values one walk may visit: a descriptor is usually a few steps from its
// open(); a walk that spreads this far has lost the descriptor in shared
// objects, and what it found so far decides.
constexpr std::size_t kMaxVisits = 4096;

bool names_value(const rules::ValueRef& ref, const Node& node) {
  using W = rules::ValueRef::Where;
  switch (ref.where) {
    case W::kReturn:
      return node.kind == NodeKind::kCallResult;
    case W::kPointee:
      return node.kind == NodeKind::kPointee && node.index == ref.index;
    case W::kArg:
    case W::kArgsFrom:
    case W::kPointeesFrom:
    case W::kThis:
      return false;
  }
  return false;
}

}  // namespace

HandleOrigins::HandleOrigins(const ValueGraph& values, const std::vector<ResolvedCall>& resolved,
                             const rules::RuleSet& rules)
    : values_(values), resolved_(resolved), rules_(rules) {
  for (const auto& [key, node] : values.graph().globals()) {
    std::vector<std::string> names = name_variants(key);
    // The source front end keys a C global by its USR ("c:@stdout").
    if (key.starts_with("c:@") && key.find('@', 3) == std::string::npos) {
      names.push_back(key.substr(3));
    }
    for (const auto& name : names) {
      for (const auto* entry : rules.by_global(name)) {
        if (entry->kind == rules::EntryKind::kHandle) globals_.emplace(node, entry);
      }
    }
  }
}

HandleOrigins::Found HandleOrigins::known(const rules::ApiEntry& entry, const CallSite& call) {
  Found out;
  if (entry.origin) {
    out.known = true;
    out.origin = *entry.origin;
    return out;
  }
  for (const auto& ref : entry.from) {
    for (NodeId n : value_nodes(call, ref)) out.copies.push_back(n);
  }
  return out;
}

HandleOrigins::Found HandleOrigins::constant(std::int64_t value) const {
  Found out;
  if (const auto* entry = rules_.by_handle_constant(value); entry != nullptr && entry->origin) {
    out.known = true;
    out.origin = *entry->origin;
  }
  return out;
}

HandleOrigins::Found HandleOrigins::at(NodeId node) const {
  const ProgramGraph& g = values_.graph();
  const Node& n = g.nodes()[node];
  switch (n.kind) {
    case NodeKind::kArg:
      if (auto value = g.arg_constant(n.call, n.index)) return constant(*value);
      break;
    case NodeKind::kCallResult:
    case NodeKind::kPointee: {
      const CallSite& call = g.calls()[n.call];
      for (const auto* entry : resolved_[n.call].entries) {
        if (entry->kind == rules::EntryKind::kHandle && entry->handle &&
            names_value(*entry->handle, n)) {
          return known(*entry, call);
        }
      }
      break;
    }
    case NodeKind::kGlobal:
      if (auto found = globals_.find(node); found != globals_.end()) {
        Found out;
        out.known = found->second->origin.has_value();
        if (out.known) out.origin = *found->second->origin;
        return out;
      }
      break;
    case NodeKind::kParam:
    case NodeKind::kReturn:
    case NodeKind::kLocal:
    case NodeKind::kString:
      break;
  }
  return {};
}

HandleVerdict HandleOrigins::of(CallId call, const rules::ValueRef& handle) const {
  const ProgramGraph& g = values_.graph();
  const CallSite& site = g.calls()[call];
  if (handle.where == rules::ValueRef::Where::kArg) {
    if (auto value = g.arg_constant(call, handle.index)) {
      Found f = constant(*value);
      if (!f.known) return HandleVerdict::kUnknown;
      return f.origin == rules::HandleOrigin::kNetwork ? HandleVerdict::kNetwork
                                                       : HandleVerdict::kLocal;
    }
  }
  std::deque<NodeId> queue;
  std::unordered_set<NodeId> seen;
  auto push = [&](NodeId n) {
    if (n < g.nodes().size() && seen.insert(n).second) queue.push_back(n);
  };
  for (NodeId n : value_nodes(site, handle)) push(n);
  if (queue.empty()) return HandleVerdict::kUnknown;  // nothing the front end could follow
  bool local = false;
  while (!queue.empty() && seen.size() < kMaxVisits) {
    NodeId node = queue.front();
    queue.pop_front();
    Found f = at(node);
    if (f.known) {
      if (f.origin == rules::HandleOrigin::kNetwork) return HandleVerdict::kNetwork;
      local = true;
      continue;  // what made a file's descriptor is no other origin of it
    }
    if (!f.copies.empty()) {
      for (NodeId n : f.copies) push(n);
      continue;
    }
    values_.for_each_predecessor(node, push);
  }
  // Leaves with no origin are left aside once some origin is known: the
  // def-use joins unrelated values (one node per object, per stack slot),
  // so a walk almost always meets some; a descriptor with no origin at all
  // is unknown.
  return local ? HandleVerdict::kLocal : HandleVerdict::kUnknown;
}

}  // namespace cordon::flow
