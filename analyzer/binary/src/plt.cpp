#include "plt.h"

#include "arch_traits.h"

namespace cordon::binary {
namespace {

bool is_padding(const cs_insn& insn, Arch arch) {
  switch (arch) {
    case Arch::kX86_64:
      return insn.id == X86_INS_NOP;
    case Arch::kAArch64:
      return insn.id == ARM64_INS_NOP;
  }
  return false;
}

// The GOT slot an x86-64 stub instruction jumps through: jmp [rip+disp].
std::uint64_t x86_slot(const cs_insn& insn) {
  if (insn.id != X86_INS_JMP) return 0;
  const cs_x86& x = insn.detail->x86;
  if (x.op_count != 1 || x.operands[0].type != X86_OP_MEM) return 0;
  if (x.operands[0].mem.base != X86_REG_RIP) return 0;
  return insn.address + insn.size + static_cast<std::uint64_t>(x.operands[0].mem.disp);
}

}  // namespace

std::unordered_map<std::uint64_t, std::string> find_plt_stubs(const Image& image,
                                                              const CapstoneHandle& cs) {
  // Stubs the format names itself; decoded stubs below add the others.
  std::unordered_map<std::uint64_t, std::string> stubs = image.stub_names;
  for (const Section& section : image.sections) {
    if (!section.plt || section.bytes.empty()) continue;
    const std::uint8_t* code = section.bytes.data();
    std::size_t size = section.bytes.size();
    std::uint64_t address = section.address;
    std::uint64_t stub_start = 0;
    bool have_start = false;
    std::uint64_t page = 0;  // AArch64: adrp x16 result
    std::uint64_t slot = 0;  // AArch64: ldr x17, [x16, #off] address
    cs_insn* insn = cs.insn();
    while (size > 0) {
      if (!cs_disasm_iter(cs.get(), &code, &size, &address, insn)) {
        // Undecodable bytes: skip one instruction slot and start over.
        std::size_t skip = arch_traits(image.arch).instruction_alignment;
        if (size < skip) break;
        code += skip;
        size -= skip;
        address += skip;
        have_start = false;
        continue;
      }
      if (!have_start) {
        if (is_padding(*insn, image.arch)) continue;
        stub_start = insn->address;
        have_start = true;
      }
      std::uint64_t target_slot = 0;
      bool ends_stub = false;
      switch (image.arch) {
        case Arch::kX86_64:
          target_slot = x86_slot(*insn);
          ends_stub = insn->id == X86_INS_JMP;
          break;
        case Arch::kAArch64: {
          const cs_arm64& a = insn->detail->arm64;
          if (insn->id == ARM64_INS_ADRP && a.op_count == 2) {
            page = static_cast<std::uint64_t>(a.operands[1].imm);
          } else if (insn->id == ARM64_INS_ADD && a.op_count == 3 &&
                     a.operands[2].type == ARM64_OP_IMM) {
            // arm64e __auth_stubs: adrp x17; add x17, x17, #off; ldr x16, [x17]
            page += static_cast<std::uint64_t>(a.operands[2].imm);
          } else if (insn->id == ARM64_INS_LDR && a.op_count == 2 &&
                     a.operands[1].type == ARM64_OP_MEM) {
            slot = page +
                   static_cast<std::uint64_t>(static_cast<std::int64_t>(a.operands[1].mem.disp));
          } else if (insn->id == ARM64_INS_BR) {
            target_slot = slot;
            ends_stub = true;
          }
          break;
        }
      }
      if (ends_stub) {
        auto name = image.import_slots.find(target_slot);
        if (target_slot != 0 && name != image.import_slots.end()) {
          stubs.emplace(stub_start, name->second);
        }
        have_start = false;
        page = slot = 0;
      }
    }
  }
  return stubs;
}

}  // namespace cordon::binary
