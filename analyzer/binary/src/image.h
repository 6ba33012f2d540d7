// A format-neutral view of a loaded executable: what the ELF and PE loaders
// extract and what the disassembler and lifter consume. Bytes are views into
// the caller's mapping; addresses are virtual addresses as the image is
// linked (ELF p_vaddr, PE ImageBase + RVA).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace cordon::binary {

enum class Arch { kX86_64, kAArch64 };
enum class Format { kElf, kPe, kMachO };

struct Section {
  std::string name;
  std::uint64_t address = 0;
  std::uint64_t size = 0;               // size in memory
  std::span<const std::uint8_t> bytes;  // file-backed part (empty for .bss)
  bool executable = false;
  bool writable = false;
  bool plt = false;  // a PLT-like stub section (.plt, .plt.sec, .plt.got)
};

struct Symbol {
  std::string name;  // mangled, as stored
  std::uint64_t address = 0;
  std::uint64_t size = 0;
  bool function = false;
  bool exported = false;
};

// Limits a hostile file cannot push past (exceeding one is kLimit).
struct ImageLimits {
  std::uint64_t max_symbols = 4'000'000;
  std::uint64_t max_imports = 1'000'000;
  std::uint64_t max_function_starts = 4'000'000;
};

// [begin, end) of one function as an unwind table describes it.
struct CodeRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

struct Image {
  Format format = Format::kElf;
  Arch arch = Arch::kX86_64;
  bool is_static = false;         // no dynamic imports at all: direct syscalls matter
  std::vector<Section> sections;  // sorted by address by finish()
  std::vector<Symbol> symbols;
  std::vector<std::uint64_t> entry_points;
  std::vector<std::uint64_t> unwind_starts;   // .eh_frame FDEs, .pdata
  std::vector<CodeRange> unwind_ranges;       // the same entries' extents, where known
  std::vector<std::uint64_t> pointer_starts;  // init/fini arrays
  // Import call slots: GOT/IAT slot address -> imported name.
  std::unordered_map<std::uint64_t, std::string> import_slots;
  // Pointer-sized words whose run-time value is known from relocations
  // (ELF RELATIVE addends): address -> value.
  std::unordered_map<std::uint64_t, std::uint64_t> relocated_words;
  // Stub address -> imported name where the format names stubs itself
  // (Mach-O's indirect symbol table for __stubs/__auth_stubs).
  std::unordered_map<std::uint64_t, std::string> stub_names;
  // Objects that stand for a string: a Mach-O constant CFString's address
  // -> the address of its characters.
  std::unordered_map<std::uint64_t, std::uint64_t> string_aliases;
  // Objective-C: a __objc_selrefs slot -> its selector ("identifierForVendor",
  // "dataTaskWithRequest:completionHandler:"), a __objc_classrefs slot -> the
  // class it names ("UIDevice").
  std::unordered_map<std::uint64_t, std::string> objc_selectors;
  std::unordered_map<std::uint64_t, std::string> objc_classes;
  // Windows Control Flow Guard (the load configuration's pointers, 0 when
  // absent): code built with /guard:cf calls an indirect target through the
  // dispatch slot with the target in rax, and checks one through the check
  // slot (target in rcx) before calling it itself.
  std::uint64_t guard_dispatch_slot = 0;
  std::uint64_t guard_check_slot = 0;

  // The section holding `address`, or nullptr.
  [[nodiscard]] const Section* section_at(std::uint64_t address) const;
  // `length` file-backed bytes at `address`, or an empty span.
  [[nodiscard]] std::span<const std::uint8_t> bytes_at(std::uint64_t address,
                                                       std::uint64_t length) const;
  // The 8-byte little-endian word at `address` after relocation, if known.
  [[nodiscard]] std::optional<std::uint64_t> pointer_at(std::uint64_t address) const;
  // A printable NUL-terminated string (ASCII, or UTF-16LE of ASCII
  // characters, as ASCII) of at least 4 characters at `address` in a
  // non-executable section; for a string object (string_aliases), its
  // characters.
  [[nodiscard]] std::optional<std::string> string_at(std::uint64_t address) const;

  void finish();  // sorts sections by address

 private:
  std::vector<std::uint64_t> section_starts_;
};

}  // namespace cordon::binary
