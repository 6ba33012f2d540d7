// ELF (64-bit little-endian, x86-64 and AArch64) through LLVM's ELFFile<ELFT>.
// Only the Expected-returning ELFFile calls are used: LLVM 14's convenience
// accessors (ELFSymbolRef::getSize, SectionRef::relocations, ...) call
// report_fatal_error on malformed tables and would end the process.
#include <llvm/BinaryFormat/ELF.h>
#include <llvm/Object/ELF.h>

#include <fmt/format.h>

#include <cstdlib>

#include "cordon/support/bounded_reader.h"
#include "llvm_error.h"
#include "loader.h"

namespace cordon::binary {
namespace {

using ELFT = llvm::object::ELF64LE;
using ElfFile = llvm::object::ELFFile<ELFT>;
using Shdr = ELFT::Shdr;

std::string machine_name(unsigned machine) {
  switch (machine) {
    case llvm::ELF::EM_386:
      return "i386";
    case llvm::ELF::EM_ARM:
      return "32-bit arm";
    case llvm::ELF::EM_MIPS:
      return "mips";
    case llvm::ELF::EM_PPC:
      return "powerpc";
    case llvm::ELF::EM_PPC64:
      return "powerpc64";
    case llvm::ELF::EM_RISCV:
      return "risc-v";
    case llvm::ELF::EM_S390:
      return "s390";
    case llvm::ELF::EM_SPARCV9:
      return "sparc64";
    default:
      return fmt::format("machine {}", machine);
  }
}

bool is_plt_name(llvm::StringRef name) {
  return name == ".plt" || name == ".plt.sec" || name == ".plt.got" || name == ".iplt";
}

struct RelocKinds {
  unsigned jump_slot, glob_dat, abs64, relative, irelative;
};

RelocKinds reloc_kinds(Arch arch) {
  switch (arch) {
    case Arch::kX86_64:
      return {llvm::ELF::R_X86_64_JUMP_SLOT, llvm::ELF::R_X86_64_GLOB_DAT, llvm::ELF::R_X86_64_64,
              llvm::ELF::R_X86_64_RELATIVE, llvm::ELF::R_X86_64_IRELATIVE};
    case Arch::kAArch64:
      return {llvm::ELF::R_AARCH64_JUMP_SLOT, llvm::ELF::R_AARCH64_GLOB_DAT,
              llvm::ELF::R_AARCH64_ABS64, llvm::ELF::R_AARCH64_RELATIVE,
              llvm::ELF::R_AARCH64_IRELATIVE};
  }
  std::abort();  // not an Arch value: memory corruption, not an input
}

class ElfLoader {
 public:
  ElfLoader(const ElfFile& elf, std::span<const std::uint8_t> bytes, const std::string& input,
            const ImageLimits& limits, Image& image)
      : elf_(elf), bytes_(bytes), input_(input), limits_(limits), image_(image) {}

  Status run() {
    auto sections = elf_.sections();
    if (!sections) return parse_error("section headers", llvm_error_text(sections.takeError()));
    if (sections->empty()) return parse_error("section headers", "no section headers");
    for (const Shdr& sec : *sections) {
      if (auto st = add_section(sec); !st) return st;
    }
    image_.finish();
    for (const Shdr& sec : *sections) {
      if (sec.sh_type == llvm::ELF::SHT_SYMTAB || sec.sh_type == llvm::ELF::SHT_DYNSYM) {
        if (auto st = add_symbols(sec); !st) return st;
      }
    }
    for (const Shdr& sec : *sections) {
      if (sec.sh_type == llvm::ELF::SHT_RELA) {
        if (auto st = add_relocations(sec); !st) return st;
      }
    }
    for (const Shdr& sec : *sections) add_pointer_array(sec);
    if (auto st = check_dynamic(*sections); !st) return st;
    return {};
  }

 private:
  Status parse_error(const std::string& where, const std::string& reason) const {
    return fail(ErrorKind::kParse, input_, where, reason);
  }

  Status add_section(const Shdr& sec) {
    if ((sec.sh_flags & llvm::ELF::SHF_ALLOC) == 0) return {};
    auto name = elf_.getSectionName(sec);
    if (!name) return parse_error("section header", llvm_error_text(name.takeError()));
    Section out;
    out.name = name->str();
    out.address = sec.sh_addr;
    out.size = sec.sh_size;
    out.executable = (sec.sh_flags & llvm::ELF::SHF_EXECINSTR) != 0;
    // .data.rel.ro holds const data that needs relocating (vtables, typeinfo,
    // tables of pointers): written by the loader only. Taken as writable, every
    // object storing its vtable pointer would share one "global" with every
    // other object of its class, and data would flow between them all.
    out.writable = (sec.sh_flags & llvm::ELF::SHF_WRITE) != 0 && !name->startswith(".data.rel.ro");
    out.plt = is_plt_name(*name);
    if (!checked_add<std::uint64_t>(out.address, out.size)) {
      return parse_error("section " + out.name, "address range wraps around");
    }
    if (sec.sh_type != llvm::ELF::SHT_NOBITS) {
      auto contents = elf_.getSectionContents(sec);
      if (!contents) {
        return parse_error("section " + out.name, llvm_error_text(contents.takeError()));
      }
      out.bytes = std::span<const std::uint8_t>(contents->data(), contents->size());
    }
    if (out.name == ".eh_frame" && !out.bytes.empty()) {
      parse_eh_frame(out.bytes, out.address, limits_.max_function_starts, image_.unwind_starts,
                     image_.unwind_ranges);
    }
    image_.sections.push_back(std::move(out));
    return {};
  }

  Status add_symbols(const Shdr& sec) {
    bool dynamic = sec.sh_type == llvm::ELF::SHT_DYNSYM;
    auto symbols = elf_.symbols(&sec);
    if (!symbols) return parse_error("symbol table", llvm_error_text(symbols.takeError()));
    auto strtab = elf_.getStringTableForSymtab(sec);
    if (!strtab) return parse_error("symbol table", llvm_error_text(strtab.takeError()));
    symbol_count_ += symbols->size();
    if (symbol_count_ > limits_.max_symbols) {
      return fail(ErrorKind::kLimit, input_, "symbol table",
                  fmt::format("more than {} symbols", limits_.max_symbols));
    }
    for (const auto& sym : *symbols) {
      unsigned type = sym.getType();
      if (sym.st_shndx == llvm::ELF::SHN_UNDEF || sym.st_value == 0) continue;
      bool function = type == llvm::ELF::STT_FUNC || type == llvm::ELF::STT_GNU_IFUNC;
      if (!function && type != llvm::ELF::STT_OBJECT && type != llvm::ELF::STT_NOTYPE) continue;
      auto name = sym.getName(*strtab);
      if (!name) {
        llvm::consumeError(name.takeError());  // a bad name: keep the address unnamed
        continue;
      }
      Symbol out;
      out.name = name->str();
      out.address = sym.st_value;
      out.size = sym.st_size;
      out.function = function;
      out.exported = dynamic && sym.getBinding() != llvm::ELF::STB_LOCAL;
      image_.symbols.push_back(std::move(out));
    }
    return {};
  }

  Status add_relocations(const Shdr& sec) {
    auto relas = elf_.relas(sec);
    if (!relas) return parse_error("relocations", llvm_error_text(relas.takeError()));
    reloc_count_ += relas->size();
    if (reloc_count_ > limits_.max_symbols) {
      return fail(ErrorKind::kLimit, input_, "relocations",
                  fmt::format("more than {} relocations", limits_.max_symbols));
    }
    const Shdr* symtab = nullptr;
    llvm::StringRef strtab;
    if (sec.sh_link != 0) {
      auto linked = elf_.getSection(sec.sh_link);
      if (!linked) return parse_error("relocations", llvm_error_text(linked.takeError()));
      if ((*linked)->sh_type == llvm::ELF::SHT_DYNSYM ||
          (*linked)->sh_type == llvm::ELF::SHT_SYMTAB) {
        auto names = elf_.getStringTableForSymtab(**linked);
        if (!names) return parse_error("relocations", llvm_error_text(names.takeError()));
        symtab = *linked;
        strtab = *names;
      }
    }
    const RelocKinds kinds = reloc_kinds(image_.arch);
    for (const auto& rela : *relas) {
      unsigned type = rela.getType(/*isMips64EL=*/false);
      std::uint64_t where = rela.r_offset;
      // IRELATIVE slots hold what an ifunc resolver picks; the resolver carries
      // the function's name (strlen, memcpy), so a static binary's .iplt
      // stubs resolve to it.
      if (type == kinds.relative || type == kinds.irelative) {
        if (image_.relocated_words.size() < limits_.max_symbols) {
          image_.relocated_words[where] = static_cast<std::uint64_t>(rela.r_addend);
        }
        continue;
      }
      if (type != kinds.jump_slot && type != kinds.glob_dat && type != kinds.abs64) continue;
      std::uint32_t index = rela.getSymbol(/*isMips64EL=*/false);
      if (symtab == nullptr || index == 0) continue;
      auto sym = elf_.template getEntry<ELFT::Sym>(*symtab, index);
      if (!sym) return parse_error("relocations", llvm_error_text(sym.takeError()));
      if ((*sym)->st_shndx != llvm::ELF::SHN_UNDEF) {
        // A slot bound inside this image: its run-time value is known.
        image_.relocated_words[where] =
            (*sym)->st_value + static_cast<std::uint64_t>(rela.r_addend);
        continue;
      }
      auto name = (*sym)->getName(strtab);
      if (!name) return parse_error("relocations", llvm_error_text(name.takeError()));
      if (name->empty()) continue;
      if (image_.import_slots.size() >= limits_.max_imports) {
        return fail(ErrorKind::kLimit, input_, "relocations",
                    fmt::format("more than {} imports", limits_.max_imports));
      }
      image_.import_slots.emplace(where, name->str());
    }
    return {};
  }

  void add_pointer_array(const Shdr& sec) {
    if (sec.sh_type != llvm::ELF::SHT_INIT_ARRAY && sec.sh_type != llvm::ELF::SHT_FINI_ARRAY &&
        sec.sh_type != llvm::ELF::SHT_PREINIT_ARRAY) {
      return;
    }
    std::uint64_t count = std::min<std::uint64_t>(sec.sh_size / 8, 1u << 20);
    for (std::uint64_t i = 0; i < count; ++i) {
      auto value = image_.pointer_at(sec.sh_addr + i * 8);
      if (value && *value != 0 && *value != ~0ull) image_.pointer_starts.push_back(*value);
    }
  }

  // DT_NEEDED entries mean a dynamically linked image. Read from the
  // SHT_DYNAMIC section's checked contents: LLVM 14's dynamicEntries() trusts
  // PT_DYNAMIC's p_offset and reads wherever it points.
  Status check_dynamic(llvm::ArrayRef<Shdr> sections) {
    bool needed = false;
    for (const Shdr& sec : sections) {
      if (sec.sh_type != llvm::ELF::SHT_DYNAMIC) continue;
      auto contents = elf_.getSectionContents(sec);
      if (!contents) return parse_error("dynamic section", llvm_error_text(contents.takeError()));
      BoundedReader dynamic(std::span<const std::uint8_t>(contents->data(), contents->size()));
      for (std::uint64_t off = 0; off + 16 <= dynamic.size(); off += 16) {
        auto tag = dynamic.read<std::int64_t>(off);
        if (!tag || *tag == llvm::ELF::DT_NULL) break;
        if (*tag == llvm::ELF::DT_NEEDED) needed = true;
      }
    }
    image_.is_static = !needed && image_.import_slots.empty();
    return {};
  }

  const ElfFile& elf_;
  std::span<const std::uint8_t> bytes_;
  const std::string& input_;
  const ImageLimits& limits_;
  Image& image_;
  std::uint64_t symbol_count_ = 0;
  std::uint64_t reloc_count_ = 0;
};

}  // namespace

Result<Image> load_elf(std::span<const std::uint8_t> bytes, const std::string& input,
                       const ImageLimits& limits) {
  BoundedReader reader(bytes);
  auto ei_class = reader.read<std::uint8_t>(4);
  auto ei_data = reader.read<std::uint8_t>(5);
  auto machine = reader.read<std::uint16_t>(18);
  if (!ei_class || !ei_data || !machine) {
    return fail(ErrorKind::kParse, input, "elf header", "truncated elf header");
  }
  if (*ei_data != llvm::ELF::ELFDATA2LSB) {
    return fail(ErrorKind::kUnsupported, input, "elf header", "big-endian elf is not supported");
  }
  if (*ei_class != llvm::ELF::ELFCLASS64) {
    return fail(ErrorKind::kUnsupported, input, "elf header",
                fmt::format("32-bit elf ({}) is not supported", machine_name(*machine)));
  }
  Image image;
  image.format = Format::kElf;
  if (*machine == llvm::ELF::EM_X86_64) {
    image.arch = Arch::kX86_64;
  } else if (*machine == llvm::ELF::EM_AARCH64) {
    image.arch = Arch::kAArch64;
  } else {
    return fail(ErrorKind::kUnsupported, input, "elf header",
                fmt::format("elf for {} is not supported", machine_name(*machine)));
  }
  auto elf =
      ElfFile::create(llvm::StringRef(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  if (!elf) return fail(ErrorKind::kParse, input, "elf header", llvm_error_text(elf.takeError()));
  const auto& header = elf->getHeader();
  if (header.e_type != llvm::ELF::ET_EXEC && header.e_type != llvm::ELF::ET_DYN) {
    return fail(ErrorKind::kUnsupported, input, "elf header",
                fmt::format("elf type {} is not an executable or shared object",
                            static_cast<unsigned>(header.e_type)));
  }
  if (header.e_entry != 0) image.entry_points.push_back(header.e_entry);
  ElfLoader loader(*elf, bytes, input, limits, image);
  if (auto st = loader.run(); !st) return fail(st.error());
  return image;
}

}  // namespace cordon::binary
