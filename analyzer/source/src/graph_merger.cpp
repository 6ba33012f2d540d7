#include "graph_merger.h"

#include <algorithm>
#include <unordered_set>

namespace cordon::source {

GraphMerger::UnitMap GraphMerger::declare(const UnitFacts& unit) {
  UnitMap map;
  map.ids.reserve(unit.graph.functions().size());
  for (const auto& function : unit.graph.functions()) {
    std::string definition =
        function.linkage + "@" + function.where.file + ":" + std::to_string(function.where.line);
    auto [found, fresh] = by_definition_.emplace(definition, 0);
    if (fresh) {
      found->second = graph_.add_function(function);
      if (!function.linkage.empty()) by_key_.emplace(function.linkage, found->second);
    }
    map.ids.push_back(found->second);
    map.repeat.push_back(!fresh);
    if (!function.linkage.empty()) map.own.emplace(function.linkage, found->second);
  }
  for (const auto& [overridden, overrider] : unit.overrides) {
    auto& list = overriders_[overridden];
    if (std::find(list.begin(), list.end(), overrider) == list.end()) list.push_back(overrider);
  }
  return map;
}

std::optional<flow::FunctionId> GraphMerger::resolve(const std::vector<std::string>& keys,
                                                     const UnitMap& unit) const {
  for (const auto& key : keys) {
    if (auto own = unit.own.find(key); own != unit.own.end()) return own->second;
  }
  for (const auto& key : keys) {
    auto found = by_key_.find(key);
    if (found != by_key_.end()) return found->second;
  }
  return std::nullopt;
}

std::vector<flow::FunctionId> GraphMerger::overriders_of(
    const std::vector<std::string>& keys) const {
  std::vector<flow::FunctionId> out;
  std::vector<std::string> work(keys.begin(), keys.end());
  std::unordered_set<std::string> seen(keys.begin(), keys.end());
  while (!work.empty()) {
    std::string key = std::move(work.back());
    work.pop_back();
    auto found = overriders_.find(key);
    if (found == overriders_.end()) continue;
    for (const auto& overrider : found->second) {
      if (!seen.insert(overrider).second) continue;
      work.push_back(overrider);
      if (auto id = by_key_.find(overrider); id != by_key_.end()) out.push_back(id->second);
    }
  }
  return out;
}

void GraphMerger::add(const UnitFacts& unit, const UnitMap& functions) {
  const auto& source = unit.graph;
  const auto& nodes = source.nodes();
  std::vector<flow::NodeId> map(nodes.size(), flow::kNoNode);
  std::vector<bool> call_done(source.calls().size(), false);
  auto owner = [&](flow::FunctionId function) {
    return function == flow::kNoFunction ? flow::kNoFunction : functions.ids[function];
  };
  auto repeat = [&](flow::FunctionId function) {
    return function != flow::kNoFunction && functions.repeat[function];
  };

  auto add_call = [&](flow::CallId id) {
    call_done[id] = true;
    const flow::CallSite& from = source.calls()[id];
    const CallLink& link = unit.calls[id];
    flow::CallSite site;
    site.caller = owner(from.caller);
    site.where = from.where;
    site.callee_name = from.callee_name;
    site.indirect = from.indirect;
    site.callee = resolve(link.callee_keys, functions);
    // A lambda's class has no name: call it by the name its body was given.
    if (site.callee && graph_.functions()[*site.callee].linkage.rfind("lambda:", 0) == 0) {
      site.callee_name = graph_.functions()[*site.callee].name;
    }
    if (from.object != flow::kNoNode) site.object = map[from.object];
    flow::CallId made = graph_.add_call(std::move(site), static_cast<int>(from.args.size()));
    const flow::CallSite primary = graph_.calls()[made];
    for (std::size_t i = 0; i < from.args.size(); ++i) {
      map[from.args[i]] = primary.args[i];
      map[from.arg_pointees[i]] = primary.arg_pointees[i];
    }
    map[from.result] = primary.result;
    for (std::size_t i = 0; i < from.args.size(); ++i) {
      if (auto value = source.arg_constant(id, static_cast<int>(i))) {
        graph_.set_arg_constant(made, static_cast<int>(i), *value);
      }
    }
    if (!link.dynamic) return;
    // Virtual dispatch: each overrider defined in the database may run.
    for (flow::FunctionId target : overriders_of(link.callee_keys)) {
      if (primary.callee && *primary.callee == target) continue;
      flow::CallSite extra;
      extra.caller = primary.caller;
      extra.where = primary.where;
      extra.callee_name = graph_.functions()[target].name;
      extra.callee = target;
      extra.indirect = true;
      if (primary.object != flow::kNoNode) {
        extra.object = graph_.add_node(flow::Node{flow::NodeKind::kLocal, primary.caller, 0, 0});
        graph_.add_flow(primary.object, extra.object);
        graph_.add_flow(extra.object, primary.object);
      }
      flow::CallId other = graph_.add_call(std::move(extra), static_cast<int>(primary.args.size()));
      const flow::CallSite& fan = graph_.calls()[other];
      for (std::size_t i = 0; i < primary.args.size(); ++i) {
        graph_.add_flow(primary.args[i], fan.args[i]);
        graph_.add_flow(primary.arg_pointees[i], fan.arg_pointees[i]);
        graph_.add_flow(fan.arg_pointees[i], primary.arg_pointees[i]);
      }
      graph_.add_flow(fan.result, primary.result);
    }
  };

  for (flow::NodeId n = 0; n < nodes.size(); ++n) {
    const flow::Node& node = nodes[n];
    if (repeat(node.function)) continue;  // an earlier unit gave this body
    flow::FunctionId function = owner(node.function);
    switch (node.kind) {
      case flow::NodeKind::kGlobal: {
        auto key = unit.globals.find(n);
        if (key != unit.globals.end()) map[n] = graph_.global(key->second);
        break;
      }
      case flow::NodeKind::kParam:
        map[n] = graph_.param(function, node.index);
        break;
      case flow::NodeKind::kReturn:
        map[n] = graph_.return_value(function);
        break;
      case flow::NodeKind::kArg:
      case flow::NodeKind::kPointee:
      case flow::NodeKind::kCallResult:
        if (!call_done[node.call]) add_call(node.call);
        break;
      case flow::NodeKind::kLocal:
      case flow::NodeKind::kString:
        map[n] = graph_.add_node(flow::Node{node.kind, function, node.index, 0});
        break;
    }
  }

  const auto& successors = source.successors();
  for (flow::NodeId n = 0; n < successors.size(); ++n) {
    if (map[n] == flow::kNoNode) continue;
    for (flow::NodeId to : successors[n]) {
      if (map[to] != flow::kNoNode) graph_.add_flow(map[n], map[to]);
    }
  }
  for (const auto& ref : source.strings()) {
    if (ref.node >= map.size() || map[ref.node] == flow::kNoNode || repeat(ref.function)) continue;
    graph_.add_string(flow::StringRef{owner(ref.function), map[ref.node], ref.text, ref.where});
  }
  for (const auto& [node, key] : unit.function_refs) {
    if (map[node] == flow::kNoNode) continue;
    if (auto target = resolve({key}, functions)) graph_.add_function_ref(map[node], *target);
  }
}

}  // namespace cordon::source
