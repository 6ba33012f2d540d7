#include "dataflow.h"

namespace cordon::binary {

namespace {

// clear() walks every bucket: after one huge function that would cost every
// later small function as much, so big tables are dropped instead.
template <typename Map>
void reset_map(Map& map) {
  if (map.bucket_count() > 256) {
    map = Map{};
  } else {
    map.clear();
  }
}

}  // namespace

void Dataflow::reset(LiftedFunction& out) {
  out_ = &out;
  reset_map(slot_nodes_);
  reset_map(slot_values_);
  reset_map(slot_versions_);
  reset_map(globals_);
  reset_map(strings_);
  reset_map(functions_);
  reset_map(members_);
  reset_map(member_objects_);
  for (auto& p : params_) p = kNoLocal;
  pending_virtual_ = {};
  return_ = kNoLocal;
}

LocalId Dataflow::add(LocalNode node) {
  auto id = static_cast<LocalId>(out_->nodes.size());
  out_->nodes.push_back(node);
  return id;
}

void Dataflow::edge(LocalId from, LocalId to) {
  if (from == kNoLocal || to == kNoLocal || from == to) return;
  out_->edges.emplace_back(from, to);
}

LocalId Dataflow::keyed(std::unordered_map<std::uint64_t, LocalId>& cache, LocalKind kind,
                        std::uint64_t key) {
  auto [it, inserted] = cache.try_emplace(key, kNoLocal);
  if (inserted) {
    out_->refs.push_back(LocalRef{key, address_});
    it->second = add(LocalNode{kind, 0, static_cast<std::uint32_t>(out_->refs.size() - 1)});
  }
  return it->second;
}

LocalId Dataflow::slot_node(std::int64_t offset) {
  auto [it, inserted] = slot_nodes_.try_emplace(offset, kNoLocal);
  if (inserted) it->second = add(LocalNode{LocalKind::kTemp, 0, 0});
  return it->second;
}

LocalId Dataflow::global_node(std::uint64_t address) {
  return keyed(globals_, LocalKind::kGlobal, address);
}

void Dataflow::note_reference(std::uint64_t address) {
  // Code that is no known start yet may become one (function discovery
  // weighs such references): the merge links the node when it does.
  if (context_.is_start(address) || context_.is_code(address)) {
    keyed(functions_, LocalKind::kFunction, address);
  } else if (strings_.count(address) == 0 && context_.image->string_at(address)) {
    keyed(strings_, LocalKind::kString, address);
  }
}

LocalId Dataflow::node_of(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNone:
      return kNoLocal;
    case Value::Kind::kNode:
      return v.node;
    case Value::Kind::kParam: {
      if (v.num < 0 || v.num >= kMaxArgumentPositions) return kNoLocal;
      auto& p = params_[v.num];
      if (p == kNoLocal) {
        p = add(LocalNode{LocalKind::kParam, static_cast<std::uint8_t>(v.num), 0});
        note_use(v);
      }
      return p;
    }
    case Value::Kind::kStack:
      return slot_node(v.num);
    case Value::Kind::kConst: {
      std::uint64_t a = v.address();
      if (context_.is_start(a) || context_.is_code(a)) {
        return keyed(functions_, LocalKind::kFunction, a);
      }
      if (auto s = strings_.find(a); s != strings_.end()) return s->second;
      if (context_.image->string_at(a)) return keyed(strings_, LocalKind::kString, a);
      if (context_.is_writable(a)) return global_node(a);
      return kNoLocal;
    }
  }
  return kNoLocal;
}

LocalId Dataflow::pointee_of(const Value& v) {
  if (v.is_stack()) return slot_node(v.num);
  if (v.is_const() && context_.is_writable(v.address())) return global_node(v.address());
  return kNoLocal;
}

Value Dataflow::merge(const Value& a, const Value& b) {
  // Pointer arithmetic keeps the pointer (an index added to a buffer address).
  if ((a.is_stack() || a.is_const()) && b.kind != Value::Kind::kNode &&
      b.kind != Value::Kind::kParam) {
    return a.is_const() ? Value::none() : a;
  }
  bool a_data = a.kind == Value::Kind::kNode || a.kind == Value::Kind::kParam || a.is_stack();
  bool b_data = b.kind == Value::Kind::kNode || b.kind == Value::Kind::kParam || b.is_stack();
  if (a_data && b_data) {
    LocalId na = node_of(a);
    LocalId nb = node_of(b);
    if (na == nb) return Value::of_node(na);
    LocalId n = add(LocalNode{LocalKind::kTemp, 0, 0});
    edge(na, n);
    edge(nb, n);
    return Value::of_node(n);
  }
  if (a_data) return a.is_stack() ? a : Value::of_node(node_of(a));
  if (b_data) return b.is_stack() ? b : Value::of_node(node_of(b));
  return Value::none();
}

Value Dataflow::load_slot(std::int64_t offset) {
  auto found = slot_values_.find(offset);
  if (found == slot_values_.end()) {
    // The caller's frame above the entry stack pointer: a stack parameter
    // (loaded before this function wrote the slot, it is the caller's value).
    if (offset >= incoming_base_ && (offset - incoming_base_) % 8 == 0) {
      std::int64_t position = incoming_first_ + (offset - incoming_base_) / 8;
      if (position < kMaxArgumentPositions) return Value::param(static_cast<int>(position));
    }
  } else if (found->second.value.is_stack() || found->second.value.is_const()) {
    // Spilled addresses and constants come back as they were stored, so a
    // buffer address or string pointer survives -O0 spills.
    return found->second.value;
  }
  return Value::of_node(slot_node(offset));
}

Value Dataflow::outgoing_argument(std::int64_t offset) const {
  auto stored = slot_values_.find(offset);
  if (stored == slot_values_.end() || stored->second.calls != out_->calls.size()) {
    return Value::none();
  }
  const Value& v = stored->second.value;
  if (v.is_stack() || v.is_const() || v.is_none()) return v;
  auto node = slot_nodes_.find(offset);
  return node == slot_nodes_.end() ? Value::none() : Value::of_node(node->second);
}

bool Dataflow::is_vtable(const Value& v) const {
  if (!v.is_const()) return false;
  std::uint64_t table = v.address();
  if (context_.is_writable(table) || context_.is_code(table) || context_.is_start(table)) {
    return false;
  }
  auto first = context_.image->pointer_at(table);
  return first && context_.is_start(*first);
}

void Dataflow::store_slot(std::int64_t offset, const Value& v) {
  slot_values_[offset] = SlotStore{v, out_->calls.size()};
  if (v.is_const()) {
    if (is_vtable(v)) out_->vtables.emplace_back(slot_node(offset), v.address());
    return;
  }
  if (v.is_stack() || v.kind == Value::Kind::kNode || v.kind == Value::Kind::kParam) {
    if (v.is_stack() && v.num == offset) return;
    LocalId slot = slot_node(offset);
    edge(node_of(v), slot);
  }
}

Value Dataflow::load_global(std::uint64_t address) {
  const Image& image = *context_.image;
  Value out;
  auto pointer = image.pointer_at(address);
  bool writable = context_.is_writable(address) || context_.is_import_slot(address);
  if (pointer && *pointer != 0 && (context_.is_start(*pointer) || image.string_at(*pointer))) {
    if (!writable) {
      // A constant table entry pointing at a string or a function.
      out = Value::constant(*pointer);
      out.loaded_from = address;
      return out;
    }
    edge(node_of(Value::constant(*pointer)), global_node(address));  // its initial value
  }
  if (writable) {
    out = Value::of_node(global_node(address));
  } else if (pointer) {
    out = Value::constant(*pointer);
  }
  out.loaded_from = address;
  return out;
}

void Dataflow::store_global(std::uint64_t address, const Value& v) {
  if (!context_.is_writable(address)) return;
  edge(node_of(v), global_node(address));
}

void Dataflow::note_use(const Value& v) {
  if (v.kind == Value::Kind::kParam && v.num >= 0 && v.num < kMaxArgumentPositions) {
    out_->read_params = static_cast<std::uint16_t>(out_->read_params | (1u << v.num));
  }
}

LocalId Dataflow::member_of(const MemRef& r) {
  // Past this, a member is as far from the start as another object is.
  constexpr std::int64_t kMaxMemberOffset = 4096;
  // Offset 0 stays the object itself: it is where its table of virtual
  // functions is read, and where a pointer to its first member points.
  if (!r.member || *r.member <= 0 || *r.member >= kMaxMemberOffset) return kNoLocal;
  if (r.pointer.kind != Value::Kind::kNode || r.pointer.node == kNoLocal) return kNoLocal;
  if (out_->nodes[r.pointer.node].kind != LocalKind::kResult) return kNoLocal;
  const std::uint64_t key =
      (std::uint64_t{r.pointer.node} << 16) | static_cast<std::uint64_t>(*r.member);
  auto [it, inserted] = members_.try_emplace(key, kNoLocal);
  if (!inserted) return it->second;
  LocalId value = add(LocalNode{LocalKind::kTemp, 0, 0});
  it->second = value;
  edge(r.pointer.node, value);
  member_objects_.emplace(value, r.pointer.node);
  out_->field_reads.push_back(LocalFieldRead{r.pointer.node, value, *r.member});
  return value;
}

LocalId Dataflow::global_member(const Value& base, std::int64_t offset) {
  if (base.kind != Value::Kind::kNode || base.loaded_from == 0) return kNoLocal;
  if (offset <= 0 || offset > kMaxGlobalMemberOffset) return kNoLocal;
  const std::uint64_t global = base.loaded_from;
  if (global >= (1ull << kGlobalMemberShift) || !context_.is_writable(global) ||
      context_.is_import_slot(global)) {
    return kNoLocal;
  }
  auto found = globals_.find(global);
  if (found == globals_.end() || found->second != base.node) return kNoLocal;
  const std::uint64_t key =
      kGlobalMemberTag | (static_cast<std::uint64_t>(offset) << kGlobalMemberShift) | global;
  auto [it, inserted] = globals_.try_emplace(key, kNoLocal);
  if (inserted) {
    out_->refs.push_back(LocalRef{key, address_});
    it->second =
        add(LocalNode{LocalKind::kGlobal, 0, static_cast<std::uint32_t>(out_->refs.size() - 1)});
    // What is written into the object as a whole (a callee handed the
    // object) is in each member; a member's data stays in its member.
    edge(base.node, it->second);
  }
  return it->second;
}

void Dataflow::store_through(const Value& pointer, const Value& v) {
  note_use(pointer);
  // A store through a member's value is a store into the object as well.
  if (pointer.kind == Value::Kind::kNode) {
    auto object = member_objects_.find(pointer.node);
    if (object != member_objects_.end()) store_through(Value::of_node(object->second), v);
  }
  if (pointer.kind != Value::Kind::kNode && pointer.kind != Value::Kind::kParam) return;
  if (is_vtable(v)) out_->vtables.emplace_back(node_of(pointer), v.address());
  LocalId data = node_of(v);
  if (data == kNoLocal) return;
  LocalId target = node_of(pointer);
  if (target == kNoLocal) return;
  edge(data, target);
  // Only a store of data counts as a write the caller sees: constants
  // (vtables, zeroed fields) carry nothing.
  const LocalNode& n = out_->nodes[target];
  if (n.kind == LocalKind::kParam && n.index < kMaxArgumentPositions) {
    out_->written_params = static_cast<std::uint16_t>(out_->written_params | (1u << n.index));
  }
}

Value Dataflow::load(const MemRef& r) {
  switch (r.kind) {
    case MemRef::Kind::kSlot:
      return load_slot(r.offset);
    case MemRef::Kind::kGlobal:
      return load_global(r.address);
    case MemRef::Kind::kThrough: {
      note_use(r.pointer);
      if (r.member) {
        if (LocalId field = global_member(r.pointer, *r.member); field != kNoLocal) {
          return Value::of_node(field);
        }
      }
      if (LocalId member = member_of(r); member != kNoLocal) return Value::of_node(member);
      Value v = r.pointer;
      v.loaded_from = 0;
      if (v.kind == Value::Kind::kNode && r.member) v.num += *r.member;  // for a slot (Value::num)
      return v;
    }
    case MemRef::Kind::kNone:
      break;
  }
  return Value::none();
}

void Dataflow::store(const MemRef& r, const Value& v) {
  switch (r.kind) {
    case MemRef::Kind::kSlot:
      store_slot(r.offset, v);
      break;
    case MemRef::Kind::kGlobal:
      store_global(r.address, v);
      break;
    case MemRef::Kind::kThrough:
      if (r.member) {
        if (LocalId field = global_member(r.pointer, *r.member); field != kNoLocal) {
          store_through(Value::of_node(field), v);
          break;
        }
      }
      store_through(r.pointer, v);
      break;
    case MemRef::Kind::kNone:
      break;
  }
}

void Dataflow::join_slots() {
  // Only slots that started a lifetime since the last join: the merged node
  // holds the earlier ones already, so a join costs nothing where no slot
  // changed (a large function has thousands of joins).
  for (auto& [offset, versions] : slot_versions_) {
    if (versions.empty()) continue;
    LocalId& current = slot_nodes_[offset];
    LocalId merged = add(LocalNode{LocalKind::kTemp, 0, 0});
    for (LocalId v : versions) edge(v, merged);
    edge(current, merged);
    versions.clear();
    current = merged;
  }
}

Value Dataflow::call(const LocalCall& call, std::span<const Value> args,
                     std::span<const Value> float_args, int fresh_result) {
  if (fresh_result >= 0 && static_cast<std::size_t>(fresh_result) < args.size() &&
      args[fresh_result].is_stack()) {
    auto found = slot_nodes_.find(args[fresh_result].num);
    if (found != slot_nodes_.end()) {
      slot_versions_[found->first].push_back(found->second);
      found->second = add(LocalNode{LocalKind::kTemp, 0, 0});
    }
  }
  auto index = static_cast<std::uint32_t>(out_->calls.size());
  out_->calls.push_back(call);
  record_virtual_call(index);
  // Only positions up to the last one that carries data get argument nodes:
  // most calls pass one to three values, and a graph of millions of calls
  // would otherwise hold millions of nodes nothing ever reaches.
  int count = 0;
  for (std::uint32_t i = 0; i < args.size(); ++i) {
    const Value& v = args[i];
    if (v.is_none()) continue;
    // The callee may write through a stack address (an out-parameter): a
    // constant spilled there before the call is no longer what it holds.
    if (v.is_stack()) slot_values_[v.num] = SlotStore{Value::none(), out_->calls.size()};
    LocalId pointee = pointee_of(v);
    if (v.is_stack() && v.num >= 0) link_argument_area(v.num, pointee);
    LocalId data = pointee != kNoLocal ? pointee : node_of(v);
    if (data == kNoLocal) {
      // A plain number (an option, a request code, a descriptor): kept for
      // the rules that depend on it. Small, so most calls keep none.
      if (v.is_const()) out_->constants.push_back({index, i, v.num});
      continue;
    }
    count = static_cast<int>(i) + 1;
    LocalId arg = add(LocalNode{LocalKind::kArg, static_cast<std::uint8_t>(i), index});
    edge(data, arg);
    if (pointee != kNoLocal) {
      // The callee may read the buffer (a sent message) or fill it (an out-parameter).
      LocalId p = add(LocalNode{LocalKind::kPointee, static_cast<std::uint8_t>(i), index});
      edge(pointee, p);
      edge(p, pointee);
    }
  }
  out_->calls.back().argument_count = count;
  // A float or double the callee receives in a vector register: a value
  // (never a pointer), numbered apart from the integer arguments.
  int float_count = 0;
  for (std::uint32_t k = 0; k < float_args.size(); ++k) {
    LocalId data = node_of(float_args[k]);
    if (data == kNoLocal) continue;
    float_count = static_cast<int>(k) + 1;
    LocalId arg =
        add(LocalNode{LocalKind::kArg, static_cast<std::uint8_t>(kFloatArgBase + k), index});
    edge(data, arg);
  }
  out_->calls.back().float_argument_count = float_count;
  LocalId result = add(LocalNode{LocalKind::kResult, 0, index});
  if (call.tail) ret(Value::of_node(result));
  return Value::of_node(result);
}

void Dataflow::link_argument_area(std::int64_t offset, LocalId area) {
  if (area == kNoLocal) return;
  // Register arguments the function spilled there itself (Win64's home area).
  for (std::int64_t at = offset; at < incoming_base_; at += 8) {
    auto slot = slot_nodes_.find(at);
    if (slot != slot_nodes_.end()) edge(slot->second, area);
  }
  for (int position = incoming_first_; position < kMaxArgumentPositions; ++position) {
    std::int64_t at = incoming_base_ + 8 * (position - incoming_first_);
    if (at >= offset) edge(node_of(Value::param(position)), area);
  }
}

void Dataflow::ret(const Value& v) {
  LocalId data = node_of(v);
  if (data == kNoLocal) return;
  if (return_ == kNoLocal) return_ = add(LocalNode{LocalKind::kReturn, 0, 0});
  edge(data, return_);
}

void Dataflow::note_new_start(std::uint64_t address) {
  if (!context_.is_start(address) && context_.is_code(address) &&
      context_.plt_stubs.count(address) == 0) {
    out_->new_starts.push_back(address);
  }
}

}  // namespace cordon::binary
