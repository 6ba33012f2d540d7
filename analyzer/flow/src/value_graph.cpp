#include "value_graph.h"

#include <algorithm>
#include <tuple>
#include <unordered_set>

namespace cordon::flow {
namespace {

constexpr std::size_t kMaxOriginVisits = 32;
constexpr std::size_t kMaxOriginDepth = 4;
constexpr std::size_t kMaxWeakCallEdges = 100'000;

std::uint64_t param_key(FunctionId function, int index) {
  return (static_cast<std::uint64_t>(function) << 16) | static_cast<std::uint64_t>(index & 0xffff);
}

bool is_accepted(const rules::ApiEntry& entry, const std::vector<std::string>& accepted) {
  return entry.kind == rules::EntryKind::kSanitizer &&
         std::find(accepted.begin(), accepted.end(), entry.id) != accepted.end();
}

// Argument indexes a callback receives, in order: each `from` value is one
// parameter; `argN+` is one parameter per argument.
std::vector<int> callback_arguments(const rules::ApiEntry& entry, const CallSite& call) {
  std::vector<int> out;
  auto push = [&out](int index) {
    if (std::find(out.begin(), out.end(), index) == out.end()) out.push_back(index);
  };
  for (const auto& ref : entry.from) {
    switch (ref.where) {
      case rules::ValueRef::Where::kArg:
      case rules::ValueRef::Where::kPointee:
        push(ref.index);
        break;
      case rules::ValueRef::Where::kArgsFrom:
      case rules::ValueRef::Where::kPointeesFrom:
        for (int i = ref.index; i < static_cast<int>(call.args.size()); ++i) push(i);
        break;
      case rules::ValueRef::Where::kThis:
        push(0);
        break;
      case rules::ValueRef::Where::kReturn:
        break;
    }
  }
  return out;
}

// The nodes one origins() walk has seen: almost always a handful, so a
// vector searched linearly, and a hash set only past that (no allocation
// per node for the hundreds of thousands of arguments walked).
class SmallSet {
 public:
  bool insert(NodeId node) {
    if (large_.empty()) {
      if (std::find(small_.begin(), small_.end(), node) != small_.end()) return false;
      small_.push_back(node);
      if (small_.size() > kSmall) large_.insert(small_.begin(), small_.end());
      return true;
    }
    return large_.insert(node).second;
  }

 private:
  static constexpr std::size_t kSmall = 64;
  std::vector<NodeId> small_;
  std::unordered_set<NodeId> large_;
};

}  // namespace

// A counting sort by source, then each node's short run sorted and
// deduplicated: linear in the edges (sorting millions of pairs was not), and
// the same result. The caller's list is spent and freed here.
Adjacency Adjacency::build(std::size_t node_count, std::vector<std::pair<NodeId, NodeId>>& edges) {
  Adjacency out;
  out.offsets.assign(node_count + 1, 0);
  for (const auto& [from, to] : edges) ++out.offsets[from + 1];
  for (std::size_t i = 1; i <= node_count; ++i) out.offsets[i] += out.offsets[i - 1];
  out.targets.resize(edges.size());
  for (const auto& [from, to] : edges) out.targets[out.offsets[from]++] = to;
  std::vector<std::pair<NodeId, NodeId>>().swap(edges);
  // offsets[n] now ends n's run; compact the runs in place.
  std::uint32_t begin = 0;
  std::uint32_t write = 0;
  for (std::size_t n = 0; n < node_count; ++n) {
    std::uint32_t end = out.offsets[n];
    auto first = out.targets.begin() + begin;
    auto last = out.targets.begin() + end;
    std::sort(first, last);
    last = std::unique(first, last);
    out.offsets[n] = write;
    write = static_cast<std::uint32_t>(std::move(first, last, out.targets.begin() + write) -
                                       out.targets.begin());
    begin = end;
  }
  out.offsets[node_count] = write;
  out.targets.resize(write);
  out.targets.shrink_to_fit();
  return out;
}

namespace {

// Where declared argument `index` is at a call: its integer position in
// `args`, or (floating) its position in `float_args`.
struct ArgumentSlot {
  int position = 0;
  bool floating = false;
};

ArgumentSlot declared_slot(const CallSite& call, int index, const std::vector<int>& float_args) {
  if (float_args.empty() || call.float_layout == FloatArguments::kDeclared) return {index, false};
  int floats_before = 0;
  bool floating = false;
  for (int f : float_args) {
    if (f < index) ++floats_before;
    if (f == index) floating = true;
  }
  if (call.float_layout == FloatArguments::kPositional) return {index, floating};
  return floating ? ArgumentSlot{floats_before, true} : ArgumentSlot{index - floats_before, false};
}

ArgumentSlot slot_of(const CallSite& call, int index, const std::vector<int>& float_args) {
  ArgumentSlot slot = declared_slot(call, index, float_args);
  // A binary's method call passes `this` first: in the first integer
  // register, and on Windows x64 in the first of the shared slots.
  if (call.method && call.object == kNoNode &&
      (!slot.floating || call.float_layout == FloatArguments::kPositional)) {
    ++slot.position;
  }
  return slot;
}

}  // namespace

std::vector<NodeId> value_nodes(const CallSite& call, const rules::ValueRef& ref,
                                const std::vector<int>& float_args) {
  std::vector<NodeId> out;
  auto in_range = [&call](int index) {
    return index >= 0 && static_cast<std::size_t>(index) < call.args.size();
  };
  const ArgumentSlot slot = slot_of(call, ref.index, float_args);
  switch (ref.where) {
    case rules::ValueRef::Where::kReturn:
      if (call.result != kNoNode) out.push_back(call.result);
      break;
    case rules::ValueRef::Where::kArg:
      if (slot.floating) {
        if (slot.position >= 0 &&
            static_cast<std::size_t>(slot.position) < call.float_args.size()) {
          out.push_back(call.float_args[static_cast<std::size_t>(slot.position)]);
        }
      } else if (in_range(slot.position)) {
        out.push_back(call.args[slot.position]);
      }
      break;
    case rules::ValueRef::Where::kPointee:
      if (!slot.floating && in_range(slot.position)) {
        out.push_back(call.arg_pointees[slot.position]);
      }
      break;
    case rules::ValueRef::Where::kArgsFrom:
      for (int i = std::max(slot.position, 0); !slot.floating && in_range(i); ++i) {
        out.push_back(call.args[i]);
      }
      break;
    case rules::ValueRef::Where::kPointeesFrom:
      for (int i = std::max(slot.position, 0); !slot.floating && in_range(i); ++i) {
        out.push_back(call.arg_pointees[i]);
      }
      break;
    case rules::ValueRef::Where::kThis:
      // The source front end gives the object its own node; binaries pass it as arg0.
      if (call.object != kNoNode) {
        out.push_back(call.object);
      } else if (in_range(0)) {
        out.push_back(call.args[0]);
      }
      break;
  }
  return out;
}

bool call_before(const ProgramGraph& graph, CallId a, CallId b) {
  const Location& la = graph.calls()[a].where;
  const Location& lb = graph.calls()[b].where;
  if (la.address != 0 && lb.address != 0 && la.address != lb.address) {
    return la.address < lb.address;
  }
  if (la.line != 0 && lb.line != 0 && la.line != lb.line) return la.line < lb.line;
  return a < b;
}

ValueGraph::ValueGraph(const ProgramGraph& graph, const std::vector<ResolvedCall>& resolved,
                       const std::vector<std::string>& accepted_sanitizers, std::size_t max_group,
                       const std::vector<CallId>& extra_calls)
    : graph_(graph) {
  const auto& nodes = graph.nodes();
  std::vector<std::pair<NodeId, NodeId>> edges;
  for (NodeId n = 0; n < nodes.size(); ++n) {
    if (nodes[n].kind == NodeKind::kParam) {
      params_.emplace(param_key(nodes[n].function, nodes[n].index), n);
    } else if (nodes[n].kind == NodeKind::kReturn) {
      returns_.emplace(nodes[n].function, n);
    }
    for (NodeId next : graph.successors()[n]) edges.emplace_back(next, n);
  }
  base_reverse_ = Adjacency::build(nodes.size(), edges);
  for (const auto& [node, function] : graph.function_refs()) {
    if (node < nodes.size() && function < graph.functions().size()) {
      function_refs_[node].push_back(function);
    }
  }
  for (FunctionId f = 0; f < graph.functions().size(); ++f) {
    if (graph.functions()[f].address_taken) address_taken_.push_back(f);
  }
  for (NodeId n = 0; n < nodes.size(); ++n) {
    const Node& node = nodes[n];
    if (node.kind != NodeKind::kParam || node.index < 0 || !is_address_taken(node.function))
      continue;
    auto index = static_cast<std::size_t>(node.index);
    if (index >= weak_params_.size()) weak_params_.resize(index + 1);
    weak_params_[index].push_back(n);
  }
  indirect_.assign(graph.calls().size(), false);
  for (CallId c = 0; c < graph.calls().size(); ++c) {
    const CallSite& call = graph.calls()[c];
    if (call.indirect && resolved[c].entries.empty() && !resolved[c].internal) {
      indirect_[c] = true;
      indirect_calls_.push_back(c);
    }
  }
  callee_of_.assign(graph.calls().size(), kNoFunction);
  for (CallId c = 0; c < graph.calls().size(); ++c) {
    if (resolved[c].internal) callee_of_[c] = *resolved[c].internal;
  }
  callees_.assign(graph.functions().size(), {});
  callers_.assign(graph.functions().size(), {});

  edges.clear();
  find_object_methods();
  add_alias_edges(resolved, max_group, extra_calls, edges);
  add_object_method_edges(edges);
  add_call_edges(resolved, accepted_sanitizers, edges);
  // The program graph's own predecessors serve only the construction (alias
  // origins, callback targets): free them before the larger indexes below.
  base_reverse_ = {};
  extra_ = Adjacency::build(nodes.size(), edges);

  // Predecessors counted and placed straight from the successor lists, with
  // no list of millions of pairs in between: sources come in increasing
  // order, so each node's run is sorted already and only repeats go.
  reverse_.offsets.assign(nodes.size() + 1, 0);
  for (NodeId n = 0; n < nodes.size(); ++n) {
    for_each_successor(n, [this](NodeId next) { ++reverse_.offsets[next + 1]; });
  }
  for (std::size_t i = 1; i <= nodes.size(); ++i) reverse_.offsets[i] += reverse_.offsets[i - 1];
  reverse_.targets.resize(reverse_.offsets[nodes.size()]);
  for (NodeId n = 0; n < nodes.size(); ++n) {
    for_each_successor(n,
                       [this, n](NodeId next) { reverse_.targets[reverse_.offsets[next]++] = n; });
  }
  std::uint32_t begin = 0;
  std::uint32_t write = 0;
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    std::uint32_t end = reverse_.offsets[n];
    reverse_.offsets[n] = write;
    for (std::uint32_t i = begin; i < end; ++i) {
      NodeId pred = reverse_.targets[i];
      if (write == reverse_.offsets[n] || reverse_.targets[write - 1] != pred) {
        reverse_.targets[write++] = pred;
      }
    }
    begin = end;
  }
  reverse_.offsets[nodes.size()] = write;
  reverse_.targets.resize(write);
  reverse_.targets.shrink_to_fit();
}

std::optional<NodeId> ValueGraph::param(FunctionId function, int index) const {
  auto found = params_.find(param_key(function, index));
  if (found == params_.end()) return std::nullopt;
  return found->second;
}

std::optional<NodeId> ValueGraph::return_of(FunctionId function) const {
  auto found = returns_.find(function);
  if (found == returns_.end()) return std::nullopt;
  return found->second;
}

CallStep ValueGraph::call_step(NodeId from, NodeId to) const {
  const Node& a = graph_.nodes()[from];
  const Node& b = graph_.nodes()[to];
  if (a.function == b.function) return {};
  const bool a_arg = a.kind == NodeKind::kArg || a.kind == NodeKind::kPointee;
  if (a_arg && b.kind == NodeKind::kParam) return {CallStep::Kind::kEnter, a.call};
  if (b.kind == NodeKind::kParam && b.index == 0 && object_methods_.count(from) != 0) {
    return {CallStep::Kind::kEnter, kDispatchCall};
  }
  if (a.kind == NodeKind::kReturn && b.kind == NodeKind::kCallResult) {
    return {CallStep::Kind::kExit, b.call};
  }
  if (a.kind == NodeKind::kParam && b.kind == NodeKind::kPointee &&
      callee_of_[b.call] == a.function) {
    return {CallStep::Kind::kExit, b.call};
  }
  if (a.kind == NodeKind::kPointee && b.kind == NodeKind::kPointee) {
    // The caller's argument memory and what the callee passes on of it.
    if (callee_of_[a.call] == b.function) return {CallStep::Kind::kEnter, a.call};
    if (callee_of_[b.call] == a.function) return {CallStep::Kind::kExit, b.call};
  }
  return {CallStep::Kind::kJump, 0};
}

bool ValueGraph::is_address_taken(FunctionId function) const {
  return function < graph_.functions().size() && graph_.functions()[function].address_taken;
}

// The values an argument derives from inside its function: the argument's
// predecessors, followed back through locals a few steps. Two arguments with a
// common origin point to the same memory (the same buffer passed twice).
std::vector<NodeId> ValueGraph::origins(NodeId arg) const {
  std::vector<NodeId> out;
  struct Step {
    NodeId node;
    std::size_t depth;
    bool shared;  // reached through a local that holds several values in turn
  };
  std::vector<Step> stack{{arg, 0, false}};
  SmallSet seen;
  seen.insert(arg);
  while (!stack.empty() && out.size() < kMaxOriginVisits) {
    auto [node, depth, shared] = stack.back();
    stack.pop_back();
    const auto begin = base_reverse_.offsets[node];
    const auto end = base_reverse_.offsets[node + 1];
    shared = shared || (graph_.nodes()[node].kind == NodeKind::kLocal && end - begin > 1);
    for (auto i = begin; i < end; ++i) {
      NodeId pred = base_reverse_.targets[i];
      NodeKind kind = graph_.nodes()[pred].kind;
      if (kind == NodeKind::kString) continue;  // constants alias nothing worth tracking
      // A global behind a stack slot the compiler reuses is most often what
      // the slot held at another time: as an origin it would join this
      // call's memory to every other user of the global.
      if (kind == NodeKind::kGlobal && shared) continue;
      if (!seen.insert(pred)) continue;
      out.push_back(pred);
      if (kind == NodeKind::kLocal && depth + 1 < kMaxOriginDepth)
        stack.push_back({pred, depth + 1, shared});
    }
  }
  return out;
}

void ValueGraph::add_alias_edges(const std::vector<ResolvedCall>& resolved, std::size_t max_group,
                                 const std::vector<CallId>& extra_calls,
                                 std::vector<std::pair<NodeId, NodeId>>& edges) {
  // Only calls whose argument memory matters: rule-matched, internal,
  // indirect, and the extra ones.
  std::vector<bool> wanted(graph_.calls().size(), false);
  for (CallId c : extra_calls) {
    if (c < wanted.size()) wanted[c] = true;
  }
  // (origin, call, argument) for every argument walked, then sorted: each
  // origin's run lists its members in call order, as they were found. A
  // flat list instead of a map of vectors: no allocation per origin.
  struct Member {
    NodeId origin;
    CallId call;
    int index;
    bool operator<(const Member& o) const {
      return std::tie(origin, call, index) < std::tie(o.origin, o.call, o.index);
    }
  };
  std::vector<Member> found;
  // Members past max_group are never used: count per origin and skip them
  // (a saturating 16-bit count; the cap below still holds past 65535).
  std::vector<std::uint16_t> taken(graph_.nodes().size(), 0);
  for (CallId c = 0; c < graph_.calls().size(); ++c) {
    if (resolved[c].entries.empty() && !resolved[c].internal && !indirect_[c] && !wanted[c]) {
      continue;
    }
    const CallSite& call = graph_.calls()[c];
    for (std::size_t i = 0; i < call.args.size(); ++i) {
      for (NodeId origin : origins(call.args[i])) {
        if (taken[origin] >= max_group) continue;
        if (taken[origin] < 0xffff) ++taken[origin];
        found.push_back({origin, c, static_cast<int>(i)});
      }
    }
  }
  taken = {};
  std::sort(found.begin(), found.end());
  std::vector<std::pair<CallId, int>> members;
  for (std::size_t run = 0; run < found.size();) {
    NodeId origin = found[run].origin;
    members.clear();
    for (; run < found.size() && found[run].origin == origin; ++run) {
      if (members.size() < max_group) members.emplace_back(found[run].call, found[run].index);
    }
    const Node& o = graph_.nodes()[origin];
    if (o.kind == NodeKind::kParam) groups_[origin] = members;
    // An object with virtual methods: what calls write into its memory, its
    // methods read (through the object, below).
    if (object_methods_.count(origin) != 0) {
      for (const auto& [call, index] : members) {
        edges.emplace_back(graph_.calls()[call].arg_pointees[index], origin);
      }
    }
    if (members.size() < 2 && o.kind != NodeKind::kGlobal) continue;
    // Same function: memory written by an earlier call reaches later calls.
    std::sort(members.begin(), members.end(), [this](const auto& a, const auto& b) {
      FunctionId fa = graph_.calls()[a.first].caller;
      FunctionId fb = graph_.calls()[b.first].caller;
      if (fa != fb) return fa < fb;
      if (a.first != b.first) return call_before(graph_, a.first, b.first);
      return a.second < b.second;
    });
    for (std::size_t k = 0; k < members.size(); ++k) {
      const auto& [call, index] = members[k];
      NodeId pointee = graph_.calls()[call].arg_pointees[index];
      if (o.kind == NodeKind::kGlobal) {
        // A global buffer is shared by every function: the global stands for
        // its memory. A library call writes into it (recv into a global
        // buffer); a function of the title called on what a global points
        // to (a singleton's method) keeps its writes to its callers: its
        // object holds other objects (a request queue) that the collapsed
        // memory model would otherwise hand to every reader of the global.
        if (!resolved[call].entries.empty()) edges.emplace_back(pointee, origin);
        edges.emplace_back(origin, pointee);
      } else if (k + 1 < members.size() &&
                 graph_.calls()[members[k + 1].first].caller == graph_.calls()[call].caller) {
        const auto& [next_call, next_index] = members[k + 1];
        edges.emplace_back(pointee, graph_.calls()[next_call].arg_pointees[next_index]);
      }
    }
  }
}

// Objects and the virtual methods their tables list: where the table was
// stored, and, for a constructor that stores it into its `this`, the values
// its callers pass as that object.
void ValueGraph::find_object_methods() {
  for (const auto& [node, method] : graph_.object_methods()) {
    if (node < graph_.nodes().size()) object_methods_[node].push_back(method);
  }
  // Pairs in all: a bound for a hostile image whose every call passes an
  // object with hundreds of methods (supertuxkart has 96 000).
  constexpr std::size_t kMaxPairs = std::size_t{1} << 21;
  std::size_t pairs = graph_.object_methods().size();
  std::vector<std::pair<NodeId, const std::vector<FunctionId>*>> from_callers;
  for (CallId c = 0; c < graph_.calls().size() && pairs < kMaxPairs; ++c) {
    FunctionId callee = callee_of_[c];
    if (callee == kNoFunction) continue;
    const CallSite& call = graph_.calls()[c];
    for (std::size_t i = 0; i < call.args.size(); ++i) {
      auto p = param(callee, static_cast<int>(i));
      if (!p) continue;
      auto methods = object_methods_.find(*p);
      if (methods == object_methods_.end()) continue;
      for (NodeId origin : origins(call.args[i])) {
        from_callers.emplace_back(origin, &methods->second);
        pairs += methods->second.size();
      }
    }
  }
  // Copied after the walk: inserting during it could move the lists pointed to.
  std::vector<std::pair<NodeId, std::vector<FunctionId>>> copies;
  copies.reserve(from_callers.size());
  for (const auto& [origin, methods] : from_callers) copies.emplace_back(origin, *methods);
  for (auto& [origin, methods] : copies) {
    auto& list = object_methods_[origin];
    list.insert(list.end(), methods.begin(), methods.end());
  }
  for (auto& [node, list] : object_methods_) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
}

// The object's methods read it as their `this`: a step into another function
// with no call site (the method may run later, on another thread, after a
// queue), so the data has no call to return to (call_step: kDispatchCall).
void ValueGraph::add_object_method_edges(std::vector<std::pair<NodeId, NodeId>>& edges) {
  for (const auto& [object, methods] : object_methods_) {
    for (FunctionId method : methods) {
      if (auto self = param(method, 0)) edges.emplace_back(object, *self);
    }
  }
}

// Data passed into `callee`: argument i becomes parameter i (the memory it
// points to is readable there too), the callee's writes through a pointer
// parameter are visible to the caller, and the return value comes back.
void ValueGraph::link_into(CallId c, const std::vector<int>& arg_indexes, FunctionId callee,
                           std::vector<std::pair<NodeId, NodeId>>& edges) {
  const CallSite& call = graph_.calls()[c];
  for (std::size_t m = 0; m < arg_indexes.size(); ++m) {
    int a = arg_indexes[m];
    if (a < 0 || static_cast<std::size_t>(a) >= call.args.size()) continue;
    auto p = param(callee, static_cast<int>(m));
    if (!p) continue;
    edges.emplace_back(call.args[a], *p);
    edges.emplace_back(call.arg_pointees[a], *p);
    // What the callee stored through the parameter is in the caller's memory after the call.
    if (m < 16 && (graph_.functions()[callee].written_params & (1u << m)) != 0) {
      edges.emplace_back(*p, call.arg_pointees[a]);
    }
    auto group = groups_.find(*p);
    if (group == groups_.end()) continue;
    for (const auto& [inner, index] : group->second) {
      NodeId inner_pointee = graph_.calls()[inner].arg_pointees[index];
      edges.emplace_back(call.arg_pointees[a], inner_pointee);
      edges.emplace_back(inner_pointee, call.arg_pointees[a]);
    }
  }
}

void ValueGraph::add_call_edges(const std::vector<ResolvedCall>& resolved,
                                const std::vector<std::string>& accepted_sanitizers,
                                std::vector<std::pair<NodeId, NodeId>>& edges) {
  std::vector<NodeId> written_results;  // call results written behind by a later call
  for (CallId c = 0; c < graph_.calls().size(); ++c) {
    const CallSite& call = graph_.calls()[c];
    const ResolvedCall& r = resolved[c];
    if (r.internal) {
      std::vector<int> all(call.args.size());
      for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
      link_into(c, all, *r.internal, edges);
      link_written_origins(c, *r.internal, edges, written_results);
      if (call.object != kNoNode) {
        if (auto self = param(*r.internal, kThisParam)) edges.emplace_back(call.object, *self);
      }
      if (auto ret = return_of(*r.internal); ret && call.result != kNoNode) {
        edges.emplace_back(*ret, call.result);
      }
      callees_[call.caller].push_back({c, *r.internal, false});
      callers_[*r.internal].push_back({c, call.caller, false});
      continue;
    }
    bool modeled = false;
    for (const auto* entry : r.entries) {
      if (is_accepted(*entry, accepted_sanitizers)) continue;  // its output is clean
      modeled = true;
      if (entry->kind != rules::EntryKind::kPropagator &&
          entry->kind != rules::EntryKind::kSanitizer) {
        continue;
      }
      if (entry->callback) {
        if (*entry->callback < 0 ||
            static_cast<std::size_t>(*entry->callback) >= call.args.size()) {
          continue;
        }
        auto arguments = callback_arguments(*entry, call);
        for (FunctionId target : referenced_functions(call.args[*entry->callback])) {
          link_into(c, arguments, target, edges);
          callees_[call.caller].push_back({c, target, false});
          callers_[target].push_back({c, call.caller, false});
        }
        continue;
      }
      for (const auto& from : entry->from) {
        for (NodeId f : value_nodes(call, from, entry->float_args)) {
          for (const auto& to : entry->to) {
            for (NodeId t : value_nodes(call, to, entry->float_args)) edges.emplace_back(f, t);
          }
        }
      }
    }
    // A pointer that carries data makes the memory it points to carry it.
    if (modeled) {
      for (std::size_t i = 0; i < call.args.size(); ++i) {
        edges.emplace_back(call.args[i], call.arg_pointees[i]);
        // And what the library wrote there (a source's out-buffer on the
        // heap, a copy's destination) is what the function then reads
        // through the pointer, whose loads are the pointer's own value in a
        // binary's graph: the pointer's definitions (not a walk back through
        // locals) get it.
        const NodeId arg = call.args[i];
        for (auto p = base_reverse_.offsets[arg]; p < base_reverse_.offsets[arg + 1]; ++p) {
          const NodeId origin = base_reverse_.targets[p];
          const Node& o = graph_.nodes()[origin];
          if (o.function == call.caller &&
              (o.kind == NodeKind::kLocal || o.kind == NodeKind::kCallResult ||
               o.kind == NodeKind::kParam)) {
            edges.emplace_back(call.arg_pointees[i], origin);
            if (o.kind == NodeKind::kCallResult) written_results.push_back(origin);
          }
        }
      }
    }
  }
  // Results something was written behind, from a callee that returned a
  // pointer into one of its arguments: that argument's memory.
  std::sort(written_results.begin(), written_results.end());
  written_results.erase(std::unique(written_results.begin(), written_results.end()),
                        written_results.end());
  for (NodeId result : written_results) {
    const Node& n = graph_.nodes()[result];
    const CallSite& call = graph_.calls()[n.call];
    FunctionId callee = resolved[n.call].internal ? *resolved[n.call].internal : kNoFunction;
    if (callee == kNoFunction) continue;
    const std::uint32_t returned = returned_params(callee);
    for (std::size_t i = 0; i < call.arg_pointees.size() && i < 32; ++i) {
      if ((returned & (1u << i)) != 0) edges.emplace_back(result, call.arg_pointees[i]);
    }
  }
  if (indirect_calls_.size() * address_taken_.size() <= kMaxWeakCallEdges) {
    for (CallId c : indirect_calls_) {
      FunctionId caller = graph_.calls()[c].caller;
      for (FunctionId target : address_taken_) {
        callees_[caller].push_back({c, target, true});
        callers_[target].push_back({c, caller, true});
      }
    }
  }
}

std::uint32_t ValueGraph::returned_params(FunctionId function) const {
  constexpr std::size_t kMaxVisits = 256;
  auto ret = return_of(function);
  if (!ret) return 0;
  std::uint32_t mask = 0;
  std::vector<NodeId> stack{*ret};
  std::unordered_set<NodeId> seen{*ret};
  while (!stack.empty() && seen.size() < kMaxVisits) {
    NodeId node = stack.back();
    stack.pop_back();
    for (auto i = base_reverse_.offsets[node]; i < base_reverse_.offsets[node + 1]; ++i) {
      NodeId pred = base_reverse_.targets[i];
      const Node& n = graph_.nodes()[pred];
      if (n.function != function) continue;
      if (n.kind == NodeKind::kParam) {
        if (n.index >= 0 && n.index < 32) mask |= 1u << n.index;
      } else if (n.kind == NodeKind::kLocal && seen.insert(pred).second) {
        stack.push_back(pred);
      }
    }
  }
  return mask;
}

// What a callee writes behind an argument that is another call's result
// reaches that result (as for a modelled call: a load through a pointer is
// the pointer's value in a binary's graph). When that other callee returned
// a pointer it derived from one of its own arguments (a reference into the
// object, as std::map::operator[] or a string's append returns), the write
// lands in that argument's memory (add_call_edges links those results).
void ValueGraph::link_written_origins(CallId c, FunctionId callee,
                                      std::vector<std::pair<NodeId, NodeId>>& edges,
                                      std::vector<NodeId>& written_results) {
  const CallSite& call = graph_.calls()[c];
  const std::uint32_t written = graph_.functions()[callee].written_params;
  for (std::size_t i = 0; i < call.args.size() && i < 16; ++i) {
    if ((written & (1u << i)) == 0) continue;
    const NodeId arg = call.args[i];
    for (auto p = base_reverse_.offsets[arg]; p < base_reverse_.offsets[arg + 1]; ++p) {
      const NodeId origin = base_reverse_.targets[p];
      const Node& o = graph_.nodes()[origin];
      if (o.function == call.caller && o.kind == NodeKind::kCallResult) {
        edges.emplace_back(call.arg_pointees[i], origin);
        written_results.push_back(origin);
      }
    }
  }
}

std::vector<FunctionId> ValueGraph::referenced_functions(NodeId value) const {
  std::vector<FunctionId> out;
  std::vector<NodeId> stack{value};
  std::unordered_set<NodeId> seen{value};
  while (!stack.empty() && seen.size() < kMaxOriginVisits * 4) {
    NodeId node = stack.back();
    stack.pop_back();
    if (auto found = function_refs_.find(node); found != function_refs_.end()) {
      for (FunctionId f : found->second) {
        if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
      }
    }
    if (node + 1 >= base_reverse_.offsets.size()) continue;  // freed after construction
    for (auto i = base_reverse_.offsets[node]; i < base_reverse_.offsets[node + 1]; ++i) {
      NodeId pred = base_reverse_.targets[i];
      NodeKind kind = graph_.nodes()[pred].kind;
      if (kind != NodeKind::kLocal && kind != NodeKind::kGlobal && kind != NodeKind::kParam)
        continue;
      if (seen.insert(pred).second) stack.push_back(pred);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace cordon::flow
