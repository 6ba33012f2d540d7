#include "cordon/flow/program_graph.h"

#include <algorithm>
#include <tuple>

namespace cordon::flow {

std::vector<std::vector<NodeId>> SuccessorLists::to_lists() const {
  std::vector<std::vector<NodeId>> out(size());
  for (std::size_t n = 0; n < out.size(); ++n) out[n] = (*this)[static_cast<NodeId>(n)].to_vector();
  return out;
}

void SuccessorLists::restore_last() {
  last_.assign(first_.size(), kEnd);
  for (std::size_t n = 0; n < first_.size(); ++n) {
    for (std::uint32_t at = first_[n]; at != kEnd; at = cells_[at].next) last_[n] = at;
  }
}

void SuccessorLists::add_node() {
  if (last_.size() != first_.size()) restore_last();
  first_.push_back(kEnd);
  last_.push_back(kEnd);
}

void SuccessorLists::reserve(std::size_t nodes) {
  first_.reserve(nodes);
  last_.reserve(nodes);
}

void SuccessorLists::add(NodeId from, NodeId to) {
  if (last_.size() != first_.size()) restore_last();
  auto cell = static_cast<std::uint32_t>(cells_.size());
  cells_.push_back(Cell{to, kEnd});
  if (last_[from] == kEnd) {
    first_[from] = cell;
  } else {
    cells_[last_[from]].next = cell;
  }
  last_[from] = cell;
}

void SuccessorLists::compact() {
  last_ = {};  // rebuilt should anything be added after all; freed before the copy
  std::vector<Cell> laid;
  laid.reserve(cells_.size());
  for (std::size_t n = 0; n < first_.size(); ++n) {
    std::uint32_t at = first_[n];
    if (at == kEnd) continue;
    first_[n] = static_cast<std::uint32_t>(laid.size());
    for (; at != kEnd; at = cells_[at].next) {
      laid.push_back(Cell{cells_[at].to, static_cast<std::uint32_t>(laid.size() + 1)});
    }
    laid.back().next = kEnd;
  }
  cells_ = std::move(laid);
}

FunctionId ProgramGraph::add_function(Function function) {
  auto id = static_cast<FunctionId>(functions_.size());
  std::hash<std::string_view> hash;
  if (!function.linkage.empty()) by_name_.emplace(hash(function.linkage), id);
  if (!function.name.empty() && function.name != function.linkage) {
    by_name_.emplace(hash(function.name), id);
  }
  functions_.push_back(std::move(function));
  return id;
}

void ProgramGraph::reserve(std::size_t nodes, std::size_t calls, std::size_t functions) {
  nodes_.reserve(nodes);
  edges_.reserve(nodes);
  calls_.reserve(calls);
  functions_.reserve(functions);
}

NodeId ProgramGraph::add_node(Node node) {
  auto id = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(node);
  edges_.add_node();
  return id;
}

CallId ProgramGraph::add_call(CallSite call, int argument_count, int float_argument_count) {
  auto id = static_cast<CallId>(calls_.size());
  if (argument_count < 0) argument_count = 0;
  call.args.clear();
  call.arg_pointees.clear();
  call.args.reserve(static_cast<std::size_t>(argument_count));
  call.arg_pointees.reserve(static_cast<std::size_t>(argument_count));
  for (int i = 0; i < argument_count; ++i) {
    call.args.push_back(add_node(Node{NodeKind::kArg, call.caller, i, id}));
    call.arg_pointees.push_back(add_node(Node{NodeKind::kPointee, call.caller, i, id}));
  }
  call.float_args.clear();
  for (int k = 0; k < float_argument_count; ++k) {
    call.float_args.push_back(add_node(Node{NodeKind::kArg, call.caller, kFloatArgIndex + k, id}));
  }
  call.result = add_node(Node{NodeKind::kCallResult, call.caller, 0, id});
  calls_.push_back(std::move(call));
  return id;
}

NodeId ProgramGraph::global(const std::string& key) {
  auto found = globals_.find(key);
  if (found != globals_.end()) return found->second;
  NodeId id = add_node(Node{NodeKind::kGlobal, kNoFunction, 0, 0});
  globals_.emplace(key, id);
  return id;
}

NodeId ProgramGraph::param(FunctionId function, int index) {
  auto key = static_cast<std::uint8_t>(index & 0xff);
  if (function >= kDenseFunctions) {
    std::uint64_t far = (static_cast<std::uint64_t>(function) << 8) | key;
    auto found = far_params_.find(far);
    if (found != far_params_.end()) return found->second;
    NodeId id = add_node(Node{NodeKind::kParam, function, index, 0});
    far_params_.emplace(far, id);
    return id;
  }
  if (function >= first_param_.size()) first_param_.resize(function + 1, kNoCell);
  for (std::uint32_t at = first_param_[function]; at != kNoCell; at = param_cells_[at].next) {
    if (param_cells_[at].key == key) return param_cells_[at].node;
  }
  NodeId id = add_node(Node{NodeKind::kParam, function, index, 0});
  param_cells_.push_back(ParamCell{key, id, first_param_[function]});
  first_param_[function] = static_cast<std::uint32_t>(param_cells_.size() - 1);
  return id;
}

NodeId ProgramGraph::return_value(FunctionId function) {
  if (function >= kDenseFunctions) {
    auto found = far_returns_.find(function);
    if (found != far_returns_.end()) return found->second;
    NodeId id = add_node(Node{NodeKind::kReturn, function, 0, 0});
    far_returns_.emplace(function, id);
    return id;
  }
  if (function >= returns_.size()) returns_.resize(function + 1, kNoNode);
  if (returns_[function] == kNoNode) {
    returns_[function] = add_node(Node{NodeKind::kReturn, function, 0, 0});
  }
  return returns_[function];
}

void ProgramGraph::add_flow(NodeId from, NodeId to) {
  if (from >= nodes_.size() || to >= nodes_.size() || from == to) return;
  edges_.add(from, to);
}

void ProgramGraph::add_string(StringRef ref) {
  strings_.push_back(std::move(ref));
}

void ProgramGraph::add_function_ref(NodeId node, FunctionId function) {
  if (function < functions_.size()) functions_[function].address_taken = true;
  function_refs_.emplace_back(node, function);
}

void ProgramGraph::add_object_method(NodeId node, FunctionId method) {
  object_methods_.emplace_back(node, method);
}

std::optional<FunctionId> ProgramGraph::find_function(const std::string& linkage_or_name) const {
  // The first function added under that name, as a map of names would keep.
  std::optional<FunctionId> first;
  auto [begin, end] = by_name_.equal_range(std::hash<std::string_view>{}(linkage_or_name));
  for (auto it = begin; it != end; ++it) {
    const Function& f = functions_[it->second];
    if ((f.linkage == linkage_or_name || f.name == linkage_or_name) &&
        (!first || it->second < *first)) {
      first = it->second;
    }
  }
  return first;
}

void ProgramGraph::set_arg_constant(CallId call, int index, std::int64_t value) {
  if (index < 0) return;
  ArgConstant c{call, static_cast<std::uint32_t>(index), value};
  auto before = [](const ArgConstant& a, const ArgConstant& b) {
    return std::tie(a.call, a.index) < std::tie(b.call, b.index);
  };
  if (arg_constants_.empty() || before(arg_constants_.back(), c)) {
    arg_constants_.push_back(c);
    return;
  }
  auto at = std::lower_bound(arg_constants_.begin(), arg_constants_.end(), c, before);
  if (at != arg_constants_.end() && at->call == call && at->index == c.index) {
    at->value = value;
  } else {
    arg_constants_.insert(at, c);
  }
}

void ProgramGraph::add_virtual_call(CallId call, NodeId object, std::int64_t offset) {
  if (call >= calls_.size() || object == kNoNode) return;
  calls_[call].method = true;
  virtual_calls_.push_back(VirtualCall{call, object, offset});
}

void ProgramGraph::add_field_read(NodeId object, std::int64_t offset, NodeId value) {
  if (object == kNoNode || value == kNoNode) return;
  field_reads_.push_back(FieldRead{object, value, offset});
}

std::vector<ProgramGraph::FieldRead> ProgramGraph::field_reads(NodeId object) const {
  std::vector<FieldRead> out;
  for (const FieldRead& read : field_reads_) {
    if (read.object == object) out.push_back(read);
  }
  return out;
}

std::optional<std::int64_t> ProgramGraph::arg_constant(CallId call, int index) const {
  if (index < 0) return std::nullopt;
  ArgConstant key{call, static_cast<std::uint32_t>(index), 0};
  auto at = std::lower_bound(arg_constants_.begin(), arg_constants_.end(), key,
                             [](const ArgConstant& a, const ArgConstant& b) {
                               return std::tie(a.call, a.index) < std::tie(b.call, b.index);
                             });
  if (at == arg_constants_.end() || at->call != call || at->index != key.index) return std::nullopt;
  return at->value;
}

}  // namespace cordon::flow
