// Mach-O 64-bit little-endian images (x86-64, arm64, arm64e): executables,
// dylibs and bundles. LLVM 14's MachOObjectFile validates the header and the
// load commands (sizes, overlaps, tables inside the file) and decodes the
// dyld-info bind opcodes through fallible iterators; chained fixups,
// LC_FUNCTION_STARTS and __unwind_info, which it does not read, are walked
// with bounded reads (chained_fixups.cpp, macho_starts.cpp).
#include <llvm/BinaryFormat/MachO.h>
#include <llvm/Object/MachO.h>

#include <fmt/format.h>

#include <cstring>
#include <optional>

#include "chained_fixups.h"
#include "cordon/support/bounded_reader.h"
#include "llvm_error.h"
#include "loader.h"
#include "macho_starts.h"

namespace cordon::binary {
namespace {

namespace macho = llvm::MachO;
using llvm::object::MachOObjectFile;

std::string c_name(llvm::StringRef symbol) {
  return macho_c_name(symbol);
}

// Whether dyld-info bind opcodes (bind, lazy or weak table) end with
// BIND_OPCODE_DONE, every operand inside the table. LLVM 14's bind iterator
// reads past the table's end when its last opcode is anything else and can
// spin there for hours (binary_loader_fuzzer: a lazy table ending in
// SET_DYLIB_ORDINAL_IMM); ld64 and lld end every table with DONE.
bool bind_opcodes_end_within(llvm::ArrayRef<std::uint8_t> table) {
  std::size_t at = 0;
  const auto skip_leb = [&] {
    while (at < table.size() && (table[at] & 0x80) != 0) ++at;
    if (at >= table.size()) return false;
    ++at;
    return true;
  };
  std::uint8_t last = macho::BIND_OPCODE_DONE;
  while (at < table.size()) {
    last = table[at] & macho::BIND_OPCODE_MASK;
    ++at;
    bool ok = true;
    switch (last) {
      case macho::BIND_OPCODE_SET_DYLIB_ORDINAL_ULEB:
      case macho::BIND_OPCODE_SET_ADDEND_SLEB:
      case macho::BIND_OPCODE_SET_SEGMENT_AND_OFFSET_ULEB:
      case macho::BIND_OPCODE_ADD_ADDR_ULEB:
      case macho::BIND_OPCODE_DO_BIND_ADD_ADDR_ULEB:
        ok = skip_leb();
        break;
      case macho::BIND_OPCODE_DO_BIND_ULEB_TIMES_SKIPPING_ULEB:
        ok = skip_leb() && skip_leb();
        break;
      case macho::BIND_OPCODE_SET_SYMBOL_TRAILING_FLAGS_IMM:
        while (at < table.size() && table[at] != 0) ++at;
        ok = at < table.size();
        ++at;
        break;
      default:  // no operands (LLVM reports an unknown opcode itself)
        break;
    }
    if (!ok) return false;
  }
  return last == macho::BIND_OPCODE_DONE;
}

// A symbol's name read within the string table, or nullopt when its offset
// is outside it or the string has no NUL before the table ends. LLVM 14's
// getSymbolName runs strlen from the offset, past the end of the file when
// the table's last string is unterminated (binary_loader_fuzzer found it).
std::optional<llvm::StringRef> symbol_name(const MachOObjectFile& obj,
                                           llvm::object::DataRefImpl ref) {
  const llvm::StringRef table = obj.getStringTableData();
  const std::uint32_t offset = obj.getSymbol64TableEntry(ref).n_strx;
  if (offset == 0) return llvm::StringRef();
  if (offset >= table.size()) return std::nullopt;
  const llvm::StringRef rest = table.substr(offset);
  const std::size_t end = rest.find('\0');
  if (end == llvm::StringRef::npos) return std::nullopt;
  return rest.substr(0, end);
}

// __cfstring entries: isa, flags, characters, length (pointer-sized each).
constexpr std::uint64_t kCfStringSize = 32;
constexpr std::uint64_t kMaxCfStrings = 1u << 20;

class MachOLoader {
 public:
  MachOLoader(const MachOObjectFile& obj, std::span<const std::uint8_t> bytes,
              const std::string& input, const ImageLimits& limits, Image& image)
      : obj_(obj), bytes_(bytes), input_(input), limits_(limits), image_(image) {}

  Status run() {
    if (auto st = read_segments(); !st) return st;
    image_.finish();
    if (auto st = read_symbols(); !st) return st;
    if (auto st = read_binds(); !st) return st;
    if (auto st = read_other_commands(); !st) return st;
    read_indirect_symbols();
    read_pointer_sections();
    read_cfstrings();
    read_objc_references();
    image_.is_static = image_.import_slots.empty() && !has_dylibs_;
    return {};
  }

 private:
  Status parse_error(const std::string& where, const std::string& reason) const {
    return fail(ErrorKind::kParse, input_, where, reason);
  }

  Status read_segments() {
    for (const auto& command : obj_.load_commands()) {
      if (command.C.cmd != macho::LC_SEGMENT_64) continue;
      auto segment = obj_.getSegment64LoadCommand(command);
      segments_.push_back({segment.vmaddr, segment.vmsize, segment.fileoff, segment.filesize});
      llvm::StringRef segname(segment.segname, strnlen(segment.segname, 16));
      if (segment.fileoff == 0 && segment.filesize != 0) text_base_ = segment.vmaddr;
      if (segname == "__TEXT") text_base_ = segment.vmaddr;
      if (segment.nsects > limits_.max_symbols) {
        return parse_error("load commands",
                           fmt::format("{} sections in a segment", segment.nsects));
      }
      for (std::uint32_t i = 0; i < segment.nsects; ++i) {
        if (auto st = add_section(segment, obj_.getSection64(command, i)); !st) return st;
      }
    }
    return {};
  }

  Status add_section(const macho::segment_command_64& segment, const macho::section_64& sec) {
    Section out;
    llvm::StringRef segname(sec.segname, strnlen(sec.segname, 16));
    llvm::StringRef sectname(sec.sectname, strnlen(sec.sectname, 16));
    out.name = fmt::format("{},{}", segname.str(), sectname.str());
    out.address = sec.addr;
    out.size = sec.size;
    if (!checked_add<std::uint64_t>(out.address, out.size)) {
      return parse_error("section " + out.name, "address range wraps around");
    }
    unsigned type = sec.flags & macho::SECTION_TYPE;
    out.executable =
        (sec.flags & (macho::S_ATTR_PURE_INSTRUCTIONS | macho::S_ATTR_SOME_INSTRUCTIONS)) != 0;
    // __DATA_CONST (and __AUTH_CONST) are made read-only once dyld has
    // applied the fixups, like ELF's .data.rel.ro: not writable data.
    // The Objective-C reference tables are written once, by dyld and the
    // runtime's selector uniquing: constants to the code that reads them.
    bool read_only_after_fixups = segname == "__DATA_CONST" || segname == "__AUTH_CONST" ||
                                  (segment.flags & 0x10) != 0 || sectname == "__objc_selrefs" ||
                                  sectname == "__objc_classrefs" || sectname == "__objc_superrefs";
    out.writable = (segment.initprot & macho::VM_PROT_WRITE) != 0 && !read_only_after_fixups;
    // __stub_helper is dyld's lazy-binding trampoline: stub code, no title data.
    out.plt = type == macho::S_SYMBOL_STUBS || sectname == "__stub_helper";
    bool zerofill = type == macho::S_ZEROFILL || type == macho::S_GB_ZEROFILL ||
                    type == macho::S_THREAD_LOCAL_ZEROFILL;
    if (!zerofill && sec.size != 0) {
      auto contents = BoundedReader(bytes_).slice(sec.offset, sec.size);
      if (!contents) {
        return parse_error("section " + out.name,
                           fmt::format("file range 0x{:x}+0x{:x} is past the end of the file",
                                       sec.offset, sec.size));
      }
      out.bytes = *contents;
    }
    if (sectname == "__unwind_info" && !out.bytes.empty()) unwind_info_ = out.bytes;
    if (sectname == "__cfstring") cfstrings_.push_back({out.address, out.size});
    if (sectname == "__objc_selrefs") selrefs_.push_back({out.address, out.size});
    if (sectname == "__objc_classrefs") classrefs_.push_back({out.address, out.size});
    if (type == macho::S_SYMBOL_STUBS || type == macho::S_LAZY_SYMBOL_POINTERS ||
        type == macho::S_NON_LAZY_SYMBOL_POINTERS) {
      indirect_.push_back({out.address, out.size, type == macho::S_SYMBOL_STUBS ? sec.reserved2 : 8,
                           sec.reserved1, type == macho::S_SYMBOL_STUBS});
    }
    if (sectname == "__mod_init_func" || sectname == "__init_offsets") {
      init_sections_.push_back({out.address, out.size, sectname == "__init_offsets" ? 4u : 8u});
    }
    image_.sections.push_back(std::move(out));
    return {};
  }

  Status read_symbols() {
    std::uint64_t count = 0;
    for (const auto& symbol : obj_.symbols()) {
      if (++count > limits_.max_symbols) {
        return fail(ErrorKind::kLimit, input_, "symbol table",
                    fmt::format("more than {} symbols", limits_.max_symbols));
      }
      auto entry = obj_.getSymbol64TableEntry(symbol.getRawDataRefImpl());
      if ((entry.n_type & macho::N_STAB) != 0) continue;
      if ((entry.n_type & macho::N_TYPE) != macho::N_SECT || entry.n_value == 0) continue;
      auto name = symbol_name(obj_, symbol.getRawDataRefImpl());
      if (!name) continue;  // a bad name: keep the address unnamed
      if (name->empty() || name->startswith("ltmp") || name->startswith("l_")) continue;
      const Section* section = image_.section_at(entry.n_value);
      Symbol out;
      out.name = c_name(*name);
      out.address = entry.n_value;
      out.function = section != nullptr && section->executable;
      out.exported = (entry.n_type & macho::N_EXT) != 0;
      image_.symbols.push_back(std::move(out));
    }
    return {};
  }

  Status add_import(std::uint64_t slot, llvm::StringRef name) {
    if (name.empty()) return {};
    if (image_.import_slots.size() >= limits_.max_imports) {
      return fail(ErrorKind::kLimit, input_, "bind opcodes",
                  fmt::format("more than {} imports", limits_.max_imports));
    }
    image_.import_slots.emplace(slot, c_name(name));
    return {};
  }

  // Non-lazy (__got), lazy (__la_symbol_ptr) and weak binds of the dyld
  // info. The iterators report a malformed table through `error`.
  Status read_binds() {
    auto& obj = const_cast<MachOObjectFile&>(obj_);  // the iterators are non-const in LLVM 14
    using Table =
        llvm::iterator_range<llvm::object::bind_iterator> (MachOObjectFile::*)(llvm::Error&);
    using Bytes = llvm::ArrayRef<std::uint8_t> (MachOObjectFile::*)() const;
    struct Kind {
      Table table;
      Bytes bytes;
      const char* what;
    };
    static constexpr Kind kTables[] = {
        {&MachOObjectFile::bindTable, &MachOObjectFile::getDyldInfoBindOpcodes, "bind opcodes"},
        {&MachOObjectFile::lazyBindTable, &MachOObjectFile::getDyldInfoLazyBindOpcodes,
         "lazy bind opcodes"},
        {&MachOObjectFile::weakBindTable, &MachOObjectFile::getDyldInfoWeakBindOpcodes,
         "weak bind opcodes"}};
    for (const auto& [table, bytes, what] : kTables) {
      if (!bind_opcodes_end_within((obj_.*bytes)()))
        return parse_error(what, "the opcodes do not end with BIND_OPCODE_DONE inside the table");
      llvm::Error error = llvm::Error::success();
      Status status;
      // Every entry counts toward the bound, not only named ones: a repeat
      // opcode (DO_BIND_ULEB_TIMES_SKIPPING_ULEB) of unnamed binds would
      // otherwise be walked to its end, however large its count.
      std::uint64_t entries = 0;
      for (const auto& entry : (obj.*table)(error)) {
        if (++entries > limits_.max_imports) {
          status = fail(ErrorKind::kLimit, input_, what,
                        fmt::format("more than {} entries", limits_.max_imports));
          break;
        }
        status = add_import(entry.address(), entry.symbolName());
        if (!status) break;
      }
      if (error) return parse_error(what, llvm_error_text(std::move(error)));
      if (!status) return status;
    }
    return {};
  }

  Status read_other_commands() {
    std::uint64_t entry_offset = 0;
    bool has_entry = false;
    for (const auto& command : obj_.load_commands()) {
      switch (command.C.cmd) {
        case macho::LC_MAIN:
          entry_offset = obj_.getEntryPointCommand(command).entryoff;
          has_entry = true;
          break;
        case macho::LC_LOAD_DYLIB:
        case macho::LC_LOAD_WEAK_DYLIB:
        case macho::LC_REEXPORT_DYLIB:
        case macho::LC_LAZY_LOAD_DYLIB:
        case macho::LC_LOAD_UPWARD_DYLIB:
          has_dylibs_ = true;
          break;
        case macho::LC_FUNCTION_STARTS: {
          auto data = linkedit(command, "function starts");
          if (!data) return fail(data.error());
          parse_function_starts(*data, text_base_, limits_.max_function_starts,
                                image_.unwind_starts);
          break;
        }
        case macho::LC_DYLD_CHAINED_FIXUPS: {
          auto data = linkedit(command, "chained fixups");
          if (!data) return fail(data.error());
          if (auto st = read_chained_fixups(bytes_, *data, segments_, text_base_, input_, limits_,
                                            image_);
              !st) {
            return st;
          }
          break;
        }
        default:
          break;
      }
    }
    if (has_entry) {
      // entryoff is a file offset into __TEXT, which maps the file from 0.
      image_.entry_points.push_back(text_base_ + entry_offset);
    }
    if (!unwind_info_.empty()) {
      parse_unwind_info(unwind_info_, text_base_, limits_.max_function_starts,
                        image_.unwind_starts);
    }
    return {};
  }

  Result<std::span<const std::uint8_t>> linkedit(const MachOObjectFile::LoadCommandInfo& command,
                                                 const char* what) const {
    auto data = obj_.getLinkeditDataLoadCommand(command);
    auto bytes = BoundedReader(bytes_).slice(data.dataoff, data.datasize);
    if (!bytes) {
      return fail(ErrorKind::kParse, input_, what,
                  fmt::format("data 0x{:x}+0x{:x} is past the end of the file", data.dataoff,
                              data.datasize));
    }
    return *bytes;
  }

  // The indirect symbol table names each stub and pointer slot of the
  // stub and pointer sections: a second source of import names, for slots
  // the binds do not cover (or images whose binds this reader skips).
  void read_indirect_symbols() {
    if (indirect_.empty()) return;
    auto dysymtab = obj_.getDysymtabLoadCommand();
    auto symtab = obj_.getSymtabLoadCommand();
    for (const auto& section : indirect_) {
      if (section.entry_size == 0) continue;
      std::uint64_t count = section.size / section.entry_size;
      for (std::uint64_t i = 0; i < count && i < limits_.max_imports; ++i) {
        std::uint64_t index = std::uint64_t{section.first_index} + i;
        if (index >= dysymtab.nindirectsyms) break;
        std::uint32_t symbol = obj_.getIndirectSymbolTableEntry(dysymtab, index);
        if ((symbol & (macho::INDIRECT_SYMBOL_LOCAL | macho::INDIRECT_SYMBOL_ABS)) != 0) continue;
        if (symbol >= symtab.nsyms) continue;
        auto name = symbol_name(obj_, obj_.getSymbolByIndex(symbol)->getRawDataRefImpl());
        if (!name) continue;
        std::uint64_t address = section.address + i * section.entry_size;
        if (image_.import_slots.size() >= limits_.max_imports) return;
        if (section.stubs) {
          stub_names_.emplace(address, c_name(*name));
        } else {
          image_.import_slots.emplace(address, c_name(*name));
        }
      }
    }
  }

  // Constructors (__mod_init_func pointers, __init_offsets offsets).
  void read_pointer_sections() {
    for (const auto& section : init_sections_) {
      std::uint64_t count = std::min<std::uint64_t>(section.size / section.entry_size, 1u << 20);
      for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t at = section.address + i * section.entry_size;
        if (section.entry_size == 8) {
          auto value = image_.pointer_at(at);
          if (value && *value != 0) image_.pointer_starts.push_back(*value);
        } else {
          auto bytes = image_.bytes_at(at, 4);
          if (bytes.size() != 4) break;
          std::uint32_t offset = 0;
          std::memcpy(&offset, bytes.data(), 4);
          image_.pointer_starts.push_back(text_base_ + offset);
        }
      }
    }
  }

  // A constant CFString (@"..." / CFSTR("...")) is a 32-byte object whose
  // third word points at its characters: code refers to the object, so the
  // object's address stands for the string.
  void read_cfstrings() {
    std::uint64_t added = 0;
    for (const auto& [address, size] : cfstrings_) {
      for (std::uint64_t at = address; at + kCfStringSize <= address + size; at += kCfStringSize) {
        if (++added > kMaxCfStrings) return;
        auto characters = image_.pointer_at(at + 16);
        if (characters && *characters != 0) image_.string_aliases.emplace(at, *characters);
      }
    }
  }

  // Selector references point at the selector's name (__objc_methname);
  // class references are bound to an imported class (_OBJC_CLASS_$_UIDevice)
  // or point at one of the image's own classes, named by its symbol.
  void read_objc_references() {
    constexpr std::string_view kClassPrefix = "OBJC_CLASS_$_";
    std::uint64_t added = 0;
    for (const auto& [address, size] : selrefs_) {
      for (std::uint64_t at = address; at + 8 <= address + size; at += 8) {
        if (++added > limits_.max_imports) return;
        auto target = image_.pointer_at(at);
        const Section* names = target ? image_.section_at(*target) : nullptr;
        if (names == nullptr || names->executable) continue;
        auto text = BoundedReader(names->bytes).c_string(*target - names->address, 1024);
        if (text && !text->empty()) image_.objc_selectors.emplace(at, std::string(*text));
      }
    }
    std::unordered_map<std::uint64_t, std::string_view> own_classes;
    for (const auto& symbol : image_.symbols) {
      std::string_view name = symbol.name;
      if (name.substr(0, kClassPrefix.size()) == kClassPrefix) {
        own_classes.emplace(symbol.address, name.substr(kClassPrefix.size()));
      }
    }
    for (const auto& [address, size] : classrefs_) {
      for (std::uint64_t at = address; at + 8 <= address + size; at += 8) {
        if (++added > limits_.max_imports) return;
        std::string_view name;
        if (auto bound = image_.import_slots.find(at); bound != image_.import_slots.end()) {
          name = bound->second;
          if (name.substr(0, kClassPrefix.size()) != kClassPrefix) continue;
          name.remove_prefix(kClassPrefix.size());
        } else if (auto target = image_.pointer_at(at)) {
          auto own = own_classes.find(*target);
          if (own == own_classes.end()) continue;
          name = own->second;
        }
        if (!name.empty()) image_.objc_classes.emplace(at, std::string(name));
      }
    }
  }

 public:
  // Stub address -> import, from the indirect symbol table.
  std::unordered_map<std::uint64_t, std::string> stub_names_;

 private:
  struct IndirectSection {
    std::uint64_t address, size;
    std::uint32_t entry_size, first_index;
    bool stubs;
  };
  struct PointerSection {
    std::uint64_t address, size;
    std::uint32_t entry_size;
  };

  const MachOObjectFile& obj_;
  std::span<const std::uint8_t> bytes_;
  const std::string& input_;
  const ImageLimits& limits_;
  Image& image_;
  std::vector<SegmentSpan> segments_;
  std::vector<IndirectSection> indirect_;
  std::vector<PointerSection> init_sections_;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> cfstrings_;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> selrefs_;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> classrefs_;
  std::span<const std::uint8_t> unwind_info_;
  std::uint64_t text_base_ = 0;
  bool has_dylibs_ = false;
};

std::string cpu_name(std::uint32_t cputype) {
  switch (cputype) {
    case macho::CPU_TYPE_I386:
      return "i386";
    case macho::CPU_TYPE_ARM:
      return "32-bit arm";
    case macho::CPU_TYPE_ARM64_32:
      return "arm64_32";
    case macho::CPU_TYPE_POWERPC:
      return "powerpc";
    case macho::CPU_TYPE_POWERPC64:
      return "powerpc64";
    default:
      return fmt::format("cpu type 0x{:x}", cputype);
  }
}

}  // namespace

Result<Image> load_macho(std::span<const std::uint8_t> bytes, const std::string& input,
                         const ImageLimits& limits) {
  BoundedReader reader(bytes);
  auto magic = reader.read<std::uint32_t>(0);
  auto cputype = reader.read<std::uint32_t>(4);
  auto filetype = reader.read<std::uint32_t>(12);
  if (!magic || !cputype || !filetype) {
    return fail(ErrorKind::kParse, input, "mach-o header", "truncated mach-o header");
  }
  if (*magic == macho::MH_CIGAM || *magic == macho::MH_CIGAM_64) {
    return fail(ErrorKind::kUnsupported, input, "mach-o header",
                "big-endian mach-o is not supported");
  }
  if (*magic == macho::MH_MAGIC) {
    return fail(ErrorKind::kUnsupported, input, "mach-o header",
                fmt::format("32-bit mach-o ({}) is not supported", cpu_name(*cputype)));
  }
  Image image;
  image.format = Format::kMachO;
  if (*cputype == macho::CPU_TYPE_X86_64) {
    image.arch = Arch::kX86_64;
  } else if (*cputype == macho::CPU_TYPE_ARM64) {
    image.arch = Arch::kAArch64;
  } else {
    return fail(ErrorKind::kUnsupported, input, "mach-o header",
                fmt::format("mach-o for {} is not supported", cpu_name(*cputype)));
  }
  if (*filetype != macho::MH_EXECUTE && *filetype != macho::MH_DYLIB &&
      *filetype != macho::MH_BUNDLE) {
    return fail(
        ErrorKind::kUnsupported, input, "mach-o header",
        fmt::format("mach-o file type {} is not an executable, dylib or bundle", *filetype));
  }
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char*>(bytes.data()), bytes.size()), input);
  auto obj = MachOObjectFile::create(buffer, /*IsLittleEndian=*/true, /*Is64Bits=*/true);
  if (!obj) {
    return fail(ErrorKind::kParse, input, "mach-o header", llvm_error_text(obj.takeError()));
  }
  MachOLoader loader(**obj, bytes, input, limits, image);
  if (auto st = loader.run(); !st) return fail(st.error());
  image.stub_names = std::move(loader.stub_names_);
  return image;
}

}  // namespace cordon::binary
