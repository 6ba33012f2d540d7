#include "gap_sweep.h"

#include <algorithm>
#include <cstring>

#include "arch_traits.h"

namespace cordon::binary {
namespace {

// Instructions decoded to judge one candidate start.
constexpr int kValidationInstructions = 24;

bool x86_ends_flow(const cs_insn& insn) {
  switch (insn.id) {
    case X86_INS_RET:
    case X86_INS_RETF:
    case X86_INS_JMP:
    case X86_INS_LJMP:
    case X86_INS_HLT:
    case X86_INS_UD2:
    case X86_INS_INT3:
      return true;
    default:
      return false;
  }
}

bool aarch64_ends_flow(const cs_insn& insn) {
  switch (insn.id) {
    case ARM64_INS_B:  // also b.cond in Capstone 4: only the unconditional b ends flow
      return (insn.bytes[3] & 0xfc) == 0x14;
    case ARM64_INS_RET:
    case ARM64_INS_BR:
    case ARM64_INS_BRK:
      return true;
    default:
      return false;
  }
}

class GapReader {
 public:
  GapReader(const Image& image, const CapstoneHandle& cs, const Section& section)
      : arch_(image.arch), cs_(cs), section_(section) {}

  [[nodiscard]] unsigned step() const { return arch_traits(arch_).instruction_alignment; }

  // The end of the padding that starts at `at` (== at when none).
  std::uint64_t skip_padding(std::uint64_t at, std::uint64_t end) {
    while (at < end) {
      std::uint64_t next = padding_end(at, end);
      if (next == at) break;
      at = next;
    }
    return at;
  }

  // True when linear decoding from `at` looks like code: no undecodable
  // bytes, ending in a jump, return or trap, at the gap's end on an
  // instruction boundary (it runs into code already analysed), or still
  // going after kValidationInstructions.
  bool decodes_as_code(std::uint64_t at, std::uint64_t end) {
    const std::uint8_t* code = bytes(at);
    if (starts_zero_fill(at)) return false;
    std::size_t size = static_cast<std::size_t>(end - at);
    std::uint64_t address = at;
    for (int i = 0; i < kValidationInstructions; ++i) {
      if (size == 0) return true;
      if (!cs_disasm_iter(cs_.get(), &code, &size, &address, cs_.insn())) return false;
      if (ends_flow(*cs_.insn())) return true;
    }
    return true;
  }

  // Where linear decoding from `at` passes an unconditional end of flow
  // followed by padding: the next function's likely start (or `end`).
  std::uint64_t next_after_end(std::uint64_t at, std::uint64_t end) {
    const std::uint8_t* code = bytes(at);
    std::size_t size = static_cast<std::size_t>(end - at);
    std::uint64_t address = at;
    while (size > 0) {
      if (!cs_disasm_iter(cs_.get(), &code, &size, &address, cs_.insn())) return end;
      if (!ends_flow(*cs_.insn())) continue;
      std::uint64_t after = skip_padding(address, end);
      if (after != address || after == end) return after;
    }
    return end;
  }

 private:
  [[nodiscard]] const std::uint8_t* bytes(std::uint64_t at) const {
    return section_.bytes.data() + (at - section_.address);
  }
  [[nodiscard]] std::uint32_t word(std::uint64_t at) const {
    std::uint32_t w = 0;
    std::memcpy(&w, bytes(at), 4);
    return w;
  }

  bool ends_flow(const cs_insn& insn) const {
    switch (arch_) {
      case Arch::kX86_64:
        return x86_ends_flow(insn);
      case Arch::kAArch64:
        return aarch64_ends_flow(insn);
    }
    return false;
  }

  // Zero fill, not code: a zero byte on x86-64, a zero word on AArch64.
  [[nodiscard]] bool starts_zero_fill(std::uint64_t at) const {
    switch (arch_) {
      case Arch::kX86_64:
        return bytes(at)[0] == 0;
      case Arch::kAArch64:
        return bytes(at)[0] == 0 && word(at) == 0;
    }
    return false;
  }

  // The end of one padding unit at `at`, or `at` when it is not padding.
  std::uint64_t padding_end(std::uint64_t at, std::uint64_t end) {
    switch (arch_) {
      case Arch::kX86_64:
        return x86_padding_end(at, end);
      case Arch::kAArch64: {
        if (end - at < 4) return end;  // a tail shorter than an instruction
        std::uint32_t w = word(at);
        return w == 0 || w == 0xd503201fu ? at + 4 : at;  // zero fill, nop
      }
    }
    return at;
  }

  std::uint64_t x86_padding_end(std::uint64_t at, std::uint64_t end) {
    const std::uint8_t* code = bytes(at);
    if (code[0] == 0x00 || code[0] == 0xcc || code[0] == 0x90) return at + 1;
    std::size_t size = static_cast<std::size_t>(end - at);
    std::uint64_t address = at;
    if (!cs_disasm_iter(cs_.get(), &code, &size, &address, cs_.insn())) return at;
    const cs_insn& insn = *cs_.insn();
    // nop of every length gcc and clang emit (0f 1f ..., 66 0f 1f ..., 66 90).
    if (insn.id == X86_INS_NOP) return address;
    if (insn.size == 2 && insn.bytes[0] == 0x66 && insn.bytes[1] == 0x90) return address;
    return at;
  }

  Arch arch_;
  const CapstoneHandle& cs_;
  const Section& section_;
};

}  // namespace

bool looks_like_code(const Image& image, const CapstoneHandle& cs, std::uint64_t at) {
  const Section* section = image.section_at(at);
  if (section == nullptr || !section->executable || section->plt) return false;
  const std::uint64_t end = section->address + section->bytes.size();
  if (at >= end) return false;
  if (at % arch_traits(image.arch).instruction_alignment != 0) return false;
  GapReader reader(image, cs, *section);
  return reader.skip_padding(at, end) == at && reader.decodes_as_code(at, end);
}

GapSweep sweep_gaps(const Image& image, const CodeCoverage& coverage, const CapstoneHandle& cs,
                    const GapSweepOptions& options) {
  GapSweep out;
  for (const auto& [gap_begin, gap_end] : coverage.gaps()) {
    const Section* section = image.section_at(gap_begin);
    if (section == nullptr || !section->executable) continue;
    const std::uint64_t end =
        std::min<std::uint64_t>(gap_end, section->address + section->bytes.size());
    if (section->plt) {
      // Stub sections are read whole by the PLT pass.
      out.padding.emplace_back(gap_begin, end);
      continue;
    }
    GapReader reader(image, cs, *section);
    std::uint64_t at = gap_begin;
    std::size_t taken = 0;
    while (at < end) {
      std::uint64_t code = reader.skip_padding(at, end);
      if (code != at) out.padding.emplace_back(at, code);
      at = code;
      if (at >= end || !options.find_starts || taken >= options.starts_per_gap) break;
      if (!reader.decodes_as_code(at, end)) {
        at += reader.step();  // junk (data in the code section): try the next slot
        continue;
      }
      out.starts.push_back(at);
      ++taken;
      if (taken >= options.starts_per_gap) break;
      at = reader.next_after_end(at, end);
    }
  }
  std::sort(out.starts.begin(), out.starts.end());
  return out;
}

}  // namespace cordon::binary
