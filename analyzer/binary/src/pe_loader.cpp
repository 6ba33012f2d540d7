// PE32+ (x86-64 and AArch64 executables and DLLs). LLVM's COFFObjectFile
// validates the headers and gives sections and the COFF symbol table; the
// import, delay-import and export directories and .pdata are walked here
// with bounded reads, because LLVM 14's import iterators cantFail() on a bad
// RVA and scan thunk arrays without a bound.
#include <llvm/BinaryFormat/COFF.h>
#include <llvm/Object/COFF.h>

#include <fmt/format.h>

#include <cstring>

#include "cordon/support/bounded_reader.h"
#include "cordon/support/strings.h"
#include "llvm_error.h"
#include "loader.h"

namespace cordon::binary {
namespace {

constexpr std::uint32_t kMaxDescriptors = 4096;
constexpr std::uint32_t kMaxThunksPerDll = 65536;
constexpr std::size_t kMaxName = 1024;

class PeLoader {
 public:
  PeLoader(const llvm::object::COFFObjectFile& coff, const std::string& input,
           const ImageLimits& limits, Image& image)
      : coff_(coff), input_(input), limits_(limits), image_(image) {}

  Status run() {
    base_ = coff_.getPE32PlusHeader()->ImageBase;
    std::uint32_t entry = coff_.getPE32PlusHeader()->AddressOfEntryPoint;
    if (entry != 0) image_.entry_points.push_back(base_ + entry);
    for (std::uint32_t i = 1; i <= coff_.getNumberOfSections(); ++i) {
      if (auto st = add_section(static_cast<std::int32_t>(i)); !st) return st;
    }
    image_.finish();
    if (auto st = add_symbols(); !st) return st;
    if (auto st = add_imports(); !st) return st;
    if (auto st = add_delay_imports(); !st) return st;
    add_exports();
    add_pdata();
    add_guard_slots();
    image_.is_static = image_.import_slots.empty();
    return {};
  }

 private:
  Status parse_error(const std::string& where, const std::string& reason) const {
    return fail(ErrorKind::kParse, input_, where, reason);
  }

  Status add_section(std::int32_t index) {
    auto sec = coff_.getSection(index);
    if (!sec) return parse_error("section table", llvm_error_text(sec.takeError()));
    auto name = coff_.getSectionName(*sec);
    if (!name) return parse_error("section table", llvm_error_text(name.takeError()));
    llvm::ArrayRef<std::uint8_t> contents;
    if (auto err = coff_.getSectionContents(*sec, contents)) {
      return parse_error("section " + name->str(), llvm_error_text(std::move(err)));
    }
    Section out;
    out.name = name->str();
    out.address = base_ + (*sec)->VirtualAddress;
    out.size = (*sec)->VirtualSize != 0 ? (*sec)->VirtualSize : (*sec)->SizeOfRawData;
    out.bytes = std::span<const std::uint8_t>(contents.data(),
                                              std::min<std::size_t>(contents.size(), out.size));
    out.executable = ((*sec)->Characteristics & llvm::COFF::IMAGE_SCN_MEM_EXECUTE) != 0;
    out.writable = ((*sec)->Characteristics & llvm::COFF::IMAGE_SCN_MEM_WRITE) != 0;
    image_.sections.push_back(std::move(out));
    return {};
  }

  Status add_symbols() {
    std::uint32_t count = coff_.getNumberOfSymbols();
    if (count > limits_.max_symbols) {
      return fail(ErrorKind::kLimit, input_, "symbol table",
                  fmt::format("more than {} symbols", limits_.max_symbols));
    }
    for (std::uint32_t i = 0; i < count; ++i) {
      auto sym = coff_.getSymbol(i);
      if (!sym) return parse_error("symbol table", llvm_error_text(sym.takeError()));
      i += sym->getNumberOfAuxSymbols();
      std::int32_t section_number = sym->getSectionNumber();
      if (section_number <= 0) continue;
      std::uint8_t storage = sym->getStorageClass();
      if (storage != llvm::COFF::IMAGE_SYM_CLASS_EXTERNAL &&
          storage != llvm::COFF::IMAGE_SYM_CLASS_STATIC) {
        continue;
      }
      auto sec = coff_.getSection(section_number);
      if (!sec) {
        llvm::consumeError(sec.takeError());
        continue;
      }
      auto name = coff_.getSymbolName(*sym);
      if (!name) {
        llvm::consumeError(name.takeError());
        continue;
      }
      if (name->empty() || name->startswith(".")) continue;  // section symbols
      Symbol out;
      out.name = name->str();
      out.address = base_ + (*sec)->VirtualAddress + sym->getValue();
      out.function = sym->getComplexType() == llvm::COFF::IMAGE_SYM_DTYPE_FUNCTION ||
                     ((*sec)->Characteristics & llvm::COFF::IMAGE_SCN_MEM_EXECUTE) != 0;
      image_.symbols.push_back(std::move(out));
    }
    return {};
  }

  BoundedReader rva_reader(std::uint32_t rva, std::uint64_t length) const {
    return BoundedReader(image_.bytes_at(base_ + rva, length));
  }

  std::optional<std::string> rva_string(std::uint32_t rva) const {
    const Section* s = image_.section_at(base_ + rva);
    if (s == nullptr) return std::nullopt;
    std::uint64_t offset = base_ + rva - s->address;
    auto text = BoundedReader(s->bytes).c_string(offset, kMaxName);
    if (!text) return std::nullopt;
    return std::string(*text);
  }

  // Walks a thunk array (ILT/INT) and names the matching IAT slots.
  Status add_thunks(const std::string& dll, std::uint32_t names_rva, std::uint32_t iat_rva) {
    for (std::uint32_t i = 0; i < kMaxThunksPerDll; ++i) {
      auto entry = rva_reader(names_rva + i * 8u, 8).read<std::uint64_t>(0);
      if (!entry)
        return parse_error("import table",
                           fmt::format("thunk of '{}' outside the image", printable(dll)));
      if (*entry == 0) return {};
      std::string name;
      if ((*entry >> 63) != 0) {
        name = fmt::format("{}#{}", dll, *entry & 0xffff);
      } else {
        auto text = rva_string(static_cast<std::uint32_t>(*entry) + 2);
        if (!text)
          return parse_error("import table",
                             fmt::format("bad import name in '{}'", printable(dll)));
        name = std::move(*text);
      }
      if (image_.import_slots.size() >= limits_.max_imports) {
        return fail(ErrorKind::kLimit, input_, "import table",
                    fmt::format("more than {} imports", limits_.max_imports));
      }
      image_.import_slots.emplace(base_ + iat_rva + i * 8ull, std::move(name));
    }
    return parse_error("import table",
                       fmt::format("unterminated thunk array of '{}'", printable(dll)));
  }

  Status add_imports() {
    const auto* dir = coff_.getDataDirectory(llvm::COFF::IMPORT_TABLE);
    if (dir == nullptr || dir->RelativeVirtualAddress == 0) return {};
    for (std::uint32_t i = 0; i < kMaxDescriptors; ++i) {
      auto desc = rva_reader(dir->RelativeVirtualAddress + i * 20u, 20);
      if (desc.size() != 20) return parse_error("import table", "descriptor outside the image");
      std::uint32_t ilt = *desc.read<std::uint32_t>(0);
      std::uint32_t name_rva = *desc.read<std::uint32_t>(12);
      std::uint32_t iat = *desc.read<std::uint32_t>(16);
      if (ilt == 0 && name_rva == 0 && iat == 0) return {};
      auto dll = rva_string(name_rva);
      if (!dll) return parse_error("import table", "bad dll name");
      if (auto st = add_thunks(*dll, ilt != 0 ? ilt : iat, iat); !st) return st;
    }
    return parse_error("import table", "too many import descriptors");
  }

  Status add_delay_imports() {
    const auto* dir = coff_.getDataDirectory(llvm::COFF::DELAY_IMPORT_DESCRIPTOR);
    if (dir == nullptr || dir->RelativeVirtualAddress == 0) return {};
    for (std::uint32_t i = 0; i < kMaxDescriptors; ++i) {
      auto desc = rva_reader(dir->RelativeVirtualAddress + i * 32u, 32);
      if (desc.size() != 32)
        return parse_error("delay import table", "descriptor outside the image");
      std::uint32_t attributes = *desc.read<std::uint32_t>(0);
      std::uint32_t name_rva = *desc.read<std::uint32_t>(4);
      std::uint32_t iat = *desc.read<std::uint32_t>(12);
      std::uint32_t int_rva = *desc.read<std::uint32_t>(16);
      if (name_rva == 0 && iat == 0) return {};
      if ((attributes & 1) == 0) {
        // Old VA-based descriptors: fields hold addresses, not RVAs.
        name_rva -= static_cast<std::uint32_t>(base_);
        iat -= static_cast<std::uint32_t>(base_);
        int_rva -= static_cast<std::uint32_t>(base_);
      }
      auto dll = rva_string(name_rva);
      if (!dll) return parse_error("delay import table", "bad dll name");
      if (auto st = add_thunks(*dll, int_rva, iat); !st) return st;
    }
    return parse_error("delay import table", "too many descriptors");
  }

  // The load configuration's Control Flow Guard pointers (image.h), read
  // only when both the data directory and the structure's own Size reach
  // past them (LLVM checks the directory against the file, not what we read;
  // older, shorter structures end before the guard fields).
  void add_guard_slots() {
    constexpr std::uint32_t kGuardFieldsEnd = 0x80;  // through GuardCFDispatchFunctionPointer
    const auto* dir = coff_.getDataDirectory(llvm::COFF::LOAD_CONFIG_TABLE);
    if (dir == nullptr || dir->RelativeVirtualAddress == 0 || dir->Size < kGuardFieldsEnd) return;
    const auto* config = coff_.getLoadConfig64();
    if (config == nullptr || config->Size < kGuardFieldsEnd) return;
    image_.guard_check_slot = config->GuardCFCheckFunction;
    image_.guard_dispatch_slot = config->GuardCFCheckDispatch;
  }

  void add_exports() {
    const auto* dir = coff_.getDataDirectory(llvm::COFF::EXPORT_TABLE);
    if (dir == nullptr || dir->RelativeVirtualAddress == 0) return;
    auto header = rva_reader(dir->RelativeVirtualAddress, 40);
    if (header.size() != 40) return;
    std::uint32_t function_count = *header.read<std::uint32_t>(20);
    std::uint32_t name_count = std::min<std::uint32_t>(*header.read<std::uint32_t>(24), 1u << 20);
    std::uint32_t functions = *header.read<std::uint32_t>(28);
    std::uint32_t names = *header.read<std::uint32_t>(32);
    std::uint32_t ordinals = *header.read<std::uint32_t>(36);
    for (std::uint32_t i = 0; i < name_count; ++i) {
      auto name_rva = rva_reader(names + i * 4u, 4).read<std::uint32_t>(0);
      auto ordinal = rva_reader(ordinals + i * 2u, 2).read<std::uint16_t>(0);
      if (!name_rva || !ordinal || *ordinal >= function_count) return;
      auto rva = rva_reader(functions + *ordinal * 4u, 4).read<std::uint32_t>(0);
      auto name = rva_string(*name_rva);
      if (!rva || !name) return;
      bool forwarder =
          *rva >= dir->RelativeVirtualAddress && *rva - dir->RelativeVirtualAddress < dir->Size;
      if (forwarder || *rva == 0) continue;
      image_.symbols.push_back(
          Symbol{*name, base_ + *rva, 0, /*function=*/true, /*exported=*/true});
    }
  }

  void add_pdata() {
    const auto* dir = coff_.getDataDirectory(llvm::COFF::EXCEPTION_TABLE);
    if (dir == nullptr || dir->RelativeVirtualAddress == 0) return;
    // x64 RUNTIME_FUNCTION: BeginAddress, EndAddress, UnwindInfo. ARM64's
    // entries: BeginAddress and packed unwind data (a length in units of 4
    // bytes only when packed).
    std::uint32_t record = 0;
    bool has_end = false;
    switch (image_.arch) {
      case Arch::kX86_64:
        record = 12;
        has_end = true;
        break;
      case Arch::kAArch64:
        record = 8;
        break;
    }
    auto table = rva_reader(dir->RelativeVirtualAddress, dir->Size);
    for (std::uint64_t off = 0; off + record <= table.size(); off += record) {
      if (image_.unwind_starts.size() >= limits_.max_function_starts) return;
      std::uint32_t begin = *table.read<std::uint32_t>(off);
      if (begin == 0) continue;
      image_.unwind_starts.push_back(base_ + begin);
      if (has_end) {
        std::uint32_t end = *table.read<std::uint32_t>(off + 4);
        if (end > begin) image_.unwind_ranges.push_back(CodeRange{base_ + begin, base_ + end});
      }
    }
  }

  const llvm::object::COFFObjectFile& coff_;
  const std::string& input_;
  const ImageLimits& limits_;
  Image& image_;
  std::uint64_t base_ = 0;
};

std::string coff_machine_name(unsigned machine) {
  switch (machine) {
    case llvm::COFF::IMAGE_FILE_MACHINE_I386:
      return "i386";
    case llvm::COFF::IMAGE_FILE_MACHINE_ARMNT:
      return "32-bit arm";
    case llvm::COFF::IMAGE_FILE_MACHINE_AMD64:
      return "x86-64";
    case llvm::COFF::IMAGE_FILE_MACHINE_ARM64:
      return "aarch64";
    default:
      return fmt::format("machine 0x{:x}", machine);
  }
}

}  // namespace

Result<Image> load_pe(std::span<const std::uint8_t> bytes, const std::string& input,
                      const ImageLimits& limits) {
  // LLVM 14 compares the "PE\0\0" signature at e_lfanew before checking that
  // e_lfanew lies inside the file: check it here first.
  BoundedReader reader(bytes);
  auto new_header = reader.read<std::uint32_t>(0x3c);
  if (!new_header) return fail(ErrorKind::kParse, input, "dos header", "truncated dos header");
  auto signature = reader.slice(*new_header, 4);
  if (!signature) {
    return fail(ErrorKind::kParse, input, "dos header",
                fmt::format("pe header offset 0x{:x} is past the end of the file", *new_header));
  }
  if (std::memcmp(signature->data(), "PE\0\0", 4) != 0) {
    return fail(ErrorKind::kUnsupported, input, "dos header",
                "ms-dos executables without a pe header are not supported");
  }
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char*>(bytes.data()), bytes.size()), input);
  auto coff = llvm::object::COFFObjectFile::create(buffer);
  if (!coff) return fail(ErrorKind::kParse, input, "pe header", llvm_error_text(coff.takeError()));
  unsigned machine = (*coff)->getMachine();
  if ((*coff)->getDOSHeader() == nullptr) {
    return fail(ErrorKind::kUnsupported, input, "coff header",
                "coff object files are not supported, only pe images");
  }
  if (!(*coff)->is64()) {
    return fail(ErrorKind::kUnsupported, input, "pe header",
                fmt::format("32-bit pe ({}) is not supported", coff_machine_name(machine)));
  }
  Image image;
  image.format = Format::kPe;
  if (machine == llvm::COFF::IMAGE_FILE_MACHINE_AMD64) {
    image.arch = Arch::kX86_64;
  } else if (machine == llvm::COFF::IMAGE_FILE_MACHINE_ARM64) {
    image.arch = Arch::kAArch64;
  } else {
    return fail(ErrorKind::kUnsupported, input, "pe header",
                fmt::format("pe for {} is not supported", coff_machine_name(machine)));
  }
  PeLoader loader(**coff, input, limits, image);
  if (auto st = loader.run(); !st) return fail(st.error());
  return image;
}

}  // namespace cordon::binary
