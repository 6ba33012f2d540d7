// Function starts from .eh_frame: every FDE's initial location is the start
// of a function (or of a split cold part), which is how stripped binaries
// keep their functions findable. Bounded reads only: a malformed record ends
// the walk, it never reads past the section.
#include <llvm/BinaryFormat/Dwarf.h>

#include <unordered_map>

#include "cordon/support/bounded_reader.h"
#include "loader.h"

namespace cordon::binary {
namespace {

class Cursor {
 public:
  Cursor(BoundedReader reader, std::uint64_t offset, std::uint64_t end)
      : reader_(reader), offset_(offset), end_(end) {}

  [[nodiscard]] std::uint64_t offset() const { return offset_; }
  [[nodiscard]] bool ok() const { return ok_; }

  template <typename T>
  T read() {
    if (!ok_ || offset_ + sizeof(T) > end_) return fail<T>();
    auto v = reader_.read<T>(offset_);
    if (!v) return fail<T>();
    offset_ += sizeof(T);
    return *v;
  }

  std::uint64_t uleb() {
    std::uint64_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      auto byte = read<std::uint8_t>();
      if (!ok_) return 0;
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    ok_ = false;
    return 0;
  }

  std::int64_t sleb() {
    std::int64_t value = 0;
    unsigned shift = 0;
    std::uint8_t byte = 0x80;
    while ((byte & 0x80) != 0) {
      if (shift >= 64) {
        ok_ = false;
        return 0;
      }
      byte = read<std::uint8_t>();
      if (!ok_) return 0;
      value |= static_cast<std::int64_t>(static_cast<std::uint64_t>(byte & 0x7f) << shift);
      shift += 7;
    }
    if (shift < 64 && (byte & 0x40) != 0) value |= -(static_cast<std::int64_t>(1) << shift);
    return value;
  }

  std::string_view c_string() {
    if (!ok_ || offset_ >= end_) return fail<std::string_view>();
    auto s = reader_.c_string(offset_, static_cast<std::size_t>(end_ - offset_));
    if (!s) return fail<std::string_view>();
    offset_ += s->size() + 1;
    return *s;
  }

  // A pointer in DW_EH_PE encoding `enc`; `section_address` maps offsets to addresses.
  std::uint64_t pointer(std::uint8_t enc, std::uint64_t section_address) {
    std::uint64_t here = section_address + offset_;
    std::uint64_t value = 0;
    switch (enc & 0x0f) {
      case llvm::dwarf::DW_EH_PE_absptr:
        value = read<std::uint64_t>();
        break;
      case llvm::dwarf::DW_EH_PE_uleb128:
        value = uleb();
        break;
      case llvm::dwarf::DW_EH_PE_udata2:
        value = read<std::uint16_t>();
        break;
      case llvm::dwarf::DW_EH_PE_udata4:
        value = read<std::uint32_t>();
        break;
      case llvm::dwarf::DW_EH_PE_udata8:
        value = read<std::uint64_t>();
        break;
      case llvm::dwarf::DW_EH_PE_sleb128:
        value = static_cast<std::uint64_t>(sleb());
        break;
      case llvm::dwarf::DW_EH_PE_sdata2:
        value = static_cast<std::uint64_t>(static_cast<std::int64_t>(read<std::int16_t>()));
        break;
      case llvm::dwarf::DW_EH_PE_sdata4:
        value = static_cast<std::uint64_t>(static_cast<std::int64_t>(read<std::int32_t>()));
        break;
      case llvm::dwarf::DW_EH_PE_sdata8:
        value = read<std::uint64_t>();
        break;
      default:
        ok_ = false;
        return 0;
    }
    if ((enc & 0x70) == llvm::dwarf::DW_EH_PE_pcrel) value += here;
    return value;
  }

  void seek(std::uint64_t offset) {
    if (offset > end_) ok_ = false;
    offset_ = offset;
  }

 private:
  template <typename T>
  T fail() {
    ok_ = false;
    return T{};
  }

  BoundedReader reader_;
  std::uint64_t offset_;
  std::uint64_t end_;
  bool ok_ = true;
};

struct Cie {
  std::uint8_t fde_encoding = llvm::dwarf::DW_EH_PE_absptr;
  bool has_augmentation_data = false;
};

// Parses the CIE at `offset`; nullopt when malformed.
std::optional<Cie> parse_cie(BoundedReader reader, std::uint64_t offset, std::uint64_t address) {
  auto length = reader.read<std::uint32_t>(offset);
  if (!length || *length == 0 || *length == 0xffffffffu) return std::nullopt;
  std::uint64_t end = offset + 4 + *length;
  if (end > reader.size()) return std::nullopt;
  Cursor c(reader, offset + 4, end);
  if (c.read<std::uint32_t>() != 0) return std::nullopt;  // not a CIE
  std::uint8_t version = c.read<std::uint8_t>();
  std::string_view augmentation = c.c_string();
  if (augmentation.find("eh") != std::string_view::npos) c.read<std::uint64_t>();
  c.uleb();  // code alignment
  c.sleb();  // data alignment
  if (version == 1) {
    c.read<std::uint8_t>();
  } else {
    c.uleb();
  }
  Cie cie;
  if (!augmentation.empty() && augmentation[0] == 'z') {
    cie.has_augmentation_data = true;
    c.uleb();
    for (char a : augmentation.substr(1)) {
      if (a == 'R') {
        cie.fde_encoding = c.read<std::uint8_t>();
      } else if (a == 'P') {
        std::uint8_t enc = c.read<std::uint8_t>();
        c.pointer(enc & 0x7f, address);
      } else if (a == 'L') {
        c.read<std::uint8_t>();
      } else if (a != 'S' && a != 'B' && a != 'G') {
        break;  // unknown augmentation: the FDE encoding seen so far stands
      }
    }
  }
  if (!c.ok()) return std::nullopt;
  return cie;
}

}  // namespace

void parse_eh_frame(std::span<const std::uint8_t> section, std::uint64_t address,
                    std::uint64_t max_starts, std::vector<std::uint64_t>& starts,
                    std::vector<CodeRange>& ranges) {
  BoundedReader reader(section);
  std::unordered_map<std::uint64_t, std::optional<Cie>> cies;
  std::uint64_t offset = 0;
  while (offset + 8 <= section.size() && starts.size() < max_starts) {
    auto length = reader.read<std::uint32_t>(offset);
    if (!length || *length == 0) return;       // terminator
    if (*length == 0xffffffffu) return;        // 64-bit DWARF: not produced for .eh_frame
    std::uint64_t end = offset + 4 + *length;  // cannot wrap: both are below 2^33
    if (end > section.size()) return;
    auto cie_pointer = reader.read<std::uint32_t>(offset + 4);
    if (!cie_pointer) return;
    if (*cie_pointer != 0) {
      // An FDE: the pointer is relative to its own field.
      std::uint64_t field = offset + 4;
      if (*cie_pointer > field) return;
      std::uint64_t cie_offset = field - *cie_pointer;
      auto found = cies.find(cie_offset);
      if (found == cies.end()) {
        found = cies.emplace(cie_offset, parse_cie(reader, cie_offset, address)).first;
      }
      if (!found->second) return;
      Cursor c(reader, offset + 8, end);
      std::uint64_t begin = c.pointer(found->second->fde_encoding, address);
      std::uint64_t range = c.pointer(found->second->fde_encoding & 0x0f, address);
      if (c.ok() && begin != 0 && range != 0) {
        starts.push_back(begin);
        if (begin + range > begin) ranges.push_back(CodeRange{begin, begin + range});
      }
    }
    offset = end;
  }
}

}  // namespace cordon::binary
