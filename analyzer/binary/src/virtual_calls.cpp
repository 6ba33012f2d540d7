// Virtual calls on objects that calls return: `SteamUser()->GetSteamID()`
// compiles to a load of the object's table pointer (offset 0), then an
// indirect call through the table at the method's slot:
//   x86-64   mov (%rax),%rdx ; call *0x10(%rdx)       (or the slot in a register)
//   AArch64  ldr x8,[x0] ; ldr x8,[x8,#16] ; blr x8
// The def-use keeps a load at offset 0 of a call's result as that result
// (member_of), so the table is the result node and the slot's load is a
// member read of it at the slot's offset; -O0 code adds the offset to the
// table pointer first (add $0x10,%rax; mov (%rax),%rdx; call *%rdx), kept
// in the value as Value::num. Which method that is, the graph
// cannot say: the object's class lives in an SDK library. The flow engine
// names the call when the rule packs know the function that returned the
// object (an interface accessor) and its interface's method order.
#include "dataflow.h"

namespace cordon::binary {
namespace {

// Past this a table of virtual functions is no interface's (ISteamUGC, among
// the largest, has ~100 methods).
constexpr std::int64_t kMaxTableOffset = 8 * 1024;

}  // namespace

void Dataflow::note_call_target(const Value& base, std::optional<std::int64_t> member) {
  pending_virtual_ = {};
  if (base.kind != Value::Kind::kNode || base.node == kNoLocal) return;
  const LocalKind kind = out_->nodes[base.node].kind;
  if (kind == LocalKind::kResult) {
    // The table is the result itself (offset 0 kept it); Value::num is what
    // -O0 code added to the table pointer before loading the slot.
    const std::int64_t offset = base.num + member.value_or(0);
    if (offset >= 0 && offset < kMaxTableOffset) pending_virtual_ = {base.node, offset};
    return;
  }
  if (kind == LocalKind::kTemp) {
    // An object spilled to a stack slot and read back (-O0): the slot's
    // node, whose stored values the flow engine follows back to a call.
    for (const auto& [offset, slot] : slot_nodes_) {
      if (slot != base.node) continue;
      const std::int64_t at = base.num + member.value_or(0);
      if (at >= 0 && at < kMaxTableOffset) pending_virtual_ = {base.node, at};
      return;
    }
  }
  if (member) return;
  // A register holding what a member read of a call's result gave.
  auto object = member_objects_.find(base.node);
  if (object == member_objects_.end()) return;
  // The member read that gave this value: recent, so searched from the end.
  for (auto it = out_->field_reads.rbegin(); it != out_->field_reads.rend(); ++it) {
    if (it->value == base.node) {
      if (it->offset < kMaxTableOffset) pending_virtual_ = {object->second, it->offset};
      return;
    }
  }
}

void Dataflow::record_virtual_call(std::uint32_t call_index) {
  const PendingVirtual pending = pending_virtual_;
  pending_virtual_ = {};
  if (pending.object == kNoLocal || !out_->calls[call_index].indirect) return;
  out_->virtual_calls.push_back(LocalVirtualCall{call_index, pending.object, pending.offset});
}

}  // namespace cordon::binary
