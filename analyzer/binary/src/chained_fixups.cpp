#include "chained_fixups.h"

#include <fmt/format.h>

#include "cordon/support/bounded_reader.h"
#include "cordon/support/strings.h"

namespace cordon::binary {
namespace {

// dyld_chained_ptr_* formats (mach-o/fixup-chains.h).
constexpr std::uint16_t kPtrArm64e = 1;
constexpr std::uint16_t kPtr64 = 2;
constexpr std::uint16_t kPtr64Offset = 6;
constexpr std::uint16_t kPtrArm64eUserland = 9;
constexpr std::uint16_t kPtrArm64eUserland24 = 12;

constexpr std::uint16_t kPageStartNone = 0xffff;
constexpr std::uint16_t kPageStartMulti = 0x8000;  // 32-bit formats only
constexpr std::size_t kMaxName = 4096;

std::uint64_t bits(std::uint64_t value, unsigned low, unsigned count) {
  return (value >> low) & ((std::uint64_t{1} << count) - 1);
}

struct Import {
  std::string name;
  std::int64_t addend = 0;
};

class ChainWalker {
 public:
  ChainWalker(std::span<const std::uint8_t> file, std::span<const std::uint8_t> blob,
              const std::vector<SegmentSpan>& segments, std::uint64_t image_base,
              const std::string& input, const ImageLimits& limits, Image& image)
      : file_(file),
        blob_(blob),
        segments_(segments),
        base_(image_base),
        input_(input),
        limits_(limits),
        image_(image) {}

  Status run() {
    auto version = blob_.read<std::uint32_t>(0);
    auto starts_offset = blob_.read<std::uint32_t>(4);
    auto imports_offset = blob_.read<std::uint32_t>(8);
    auto symbols_offset = blob_.read<std::uint32_t>(12);
    auto imports_count = blob_.read<std::uint32_t>(16);
    auto imports_format = blob_.read<std::uint32_t>(20);
    auto symbols_format = blob_.read<std::uint32_t>(24);
    if (!symbols_format) return error("truncated header");
    if (*version != 0) return unsupported(fmt::format("version {}", *version));
    if (*symbols_format != 0) return unsupported("compressed symbol names");
    if (*imports_count > limits_.max_imports) {
      return fail(ErrorKind::kLimit, input_, "chained fixups",
                  fmt::format("more than {} imports", limits_.max_imports));
    }
    if (auto st = read_imports(*imports_offset, *imports_count, *imports_format, *symbols_offset);
        !st) {
      return st;
    }
    auto seg_count = blob_.read<std::uint32_t>(*starts_offset);
    if (!seg_count) return error("starts table outside the fixups");
    if (*seg_count > segments_.size()) {
      return error(fmt::format("{} segments in the starts table, {} in the file", *seg_count,
                               segments_.size()));
    }
    for (std::uint32_t i = 0; i < *seg_count; ++i) {
      auto info = blob_.read<std::uint32_t>(std::uint64_t{*starts_offset} + 4 + 4ull * i);
      if (!info) return error("starts table outside the fixups");
      if (*info == 0) continue;
      if (auto st = walk_segment(i, std::uint64_t{*starts_offset} + *info); !st) return st;
    }
    return {};
  }

 private:
  Status error(const std::string& reason) const {
    return fail(ErrorKind::kParse, input_, "chained fixups", reason);
  }
  Status unsupported(const std::string& what) const {
    return fail(ErrorKind::kUnsupported, input_, "chained fixups",
                fmt::format("{} is not supported", what));
  }

  Status read_imports(std::uint32_t offset, std::uint32_t count, std::uint32_t format,
                      std::uint32_t symbols) {
    std::uint64_t entry = format == 1 ? 4 : format == 2 ? 8 : format == 3 ? 16 : 0;
    if (entry == 0) return unsupported(fmt::format("import format {}", format));
    if (!blob_.slice(offset, entry * count)) return error("imports table outside the fixups");
    imports_.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      std::uint64_t at = offset + entry * i;
      std::uint64_t name_offset = 0;
      Import import;
      if (format == 3) {
        std::uint64_t raw = *blob_.read<std::uint64_t>(at);
        name_offset = bits(raw, 32, 32);
        import.addend = *blob_.read<std::int64_t>(at + 8);
      } else {
        std::uint32_t raw = *blob_.read<std::uint32_t>(at);
        name_offset = bits(raw, 9, 23);
        if (format == 2) import.addend = *blob_.read<std::int32_t>(at + 4);
      }
      auto name = blob_.c_string(std::uint64_t{symbols} + name_offset, kMaxName);
      if (!name) return error(fmt::format("name of import {} outside the fixups", i));
      import.name = std::string(*name);
      imports_.push_back(std::move(import));
    }
    return {};
  }

  Status walk_segment(std::uint32_t index, std::uint64_t at) {
    auto page_size = blob_.read<std::uint16_t>(at + 4);
    auto format = blob_.read<std::uint16_t>(at + 6);
    auto page_count = blob_.read<std::uint16_t>(at + 20);
    if (!page_count) return error(fmt::format("segment {} starts outside the fixups", index));
    if (*page_size != 0x1000 && *page_size != 0x4000) {
      return error(fmt::format("segment {}: page size 0x{:x}", index, *page_size));
    }
    std::uint64_t stride = 0;
    switch (*format) {
      case kPtr64:
      case kPtr64Offset:
        stride = 4;
        break;
      case kPtrArm64e:
      case kPtrArm64eUserland:
      case kPtrArm64eUserland24:
        stride = 8;
        break;
      default:
        return unsupported(fmt::format("pointer format {}", *format));
    }
    const SegmentSpan& segment = segments_[index];
    for (std::uint16_t page = 0; page < *page_count; ++page) {
      auto start = blob_.read<std::uint16_t>(at + 22 + 2ull * page);
      if (!start) return error(fmt::format("segment {}: page starts outside the fixups", index));
      if (*start == kPageStartNone) continue;
      if ((*start & kPageStartMulti) != 0) {
        return unsupported("a 32-bit chain start");
      }
      std::uint64_t page_offset = std::uint64_t{page} * *page_size;
      if (auto st =
              walk_chain(segment, page_offset + *start, page_offset + *page_size, *format, stride);
          !st) {
        return st;
      }
    }
    return {};
  }

  // One chain: from `offset` (inside the segment) while `next` is not zero,
  // never past the end of its page or of the segment's file bytes.
  Status walk_chain(const SegmentSpan& segment, std::uint64_t offset, std::uint64_t page_end,
                    std::uint16_t format, std::uint64_t stride) {
    BoundedReader file(file_);
    for (;;) {
      if (offset >= page_end || offset + 8 > segment.filesize) {
        return error(fmt::format("chain leaves its page at segment offset 0x{:x}", offset));
      }
      auto raw = file.read<std::uint64_t>(segment.fileoff + offset);
      if (!raw) return error("chain outside the file");
      if (++fixups_ > limits_.max_symbols) {
        return fail(ErrorKind::kLimit, input_, "chained fixups",
                    fmt::format("more than {} fixups", limits_.max_symbols));
      }
      std::uint64_t where = segment.vmaddr + offset;
      std::uint64_t next = 0;
      if (auto st = apply(*raw, where, format, next); !st) return st;
      if (next == 0) return {};
      offset += next * stride;
    }
  }

  Status bind(std::uint64_t where, std::uint64_t ordinal) {
    if (ordinal >= imports_.size()) {
      return error(fmt::format("bind to import {} of {}", ordinal, imports_.size()));
    }
    const std::string& name = imports_[ordinal].name;
    if (!name.empty()) image_.import_slots.emplace(where, macho_c_name(name));
    return {};
  }

  void rebase(std::uint64_t where, std::uint64_t value) {
    if (image_.relocated_words.size() < limits_.max_symbols) image_.relocated_words[where] = value;
  }

  Status apply(std::uint64_t raw, std::uint64_t where, std::uint16_t format, std::uint64_t& next) {
    if (format == kPtr64 || format == kPtr64Offset) {
      next = bits(raw, 51, 12);
      if (bits(raw, 63, 1) != 0) return bind(where, bits(raw, 0, 24));
      std::uint64_t target = bits(raw, 0, 36);
      std::uint64_t high8 = bits(raw, 36, 8) << 56;
      rebase(where, (format == kPtr64Offset ? base_ + target : target) | high8);
      return {};
    }
    next = bits(raw, 51, 11);
    bool is_bind = bits(raw, 62, 1) != 0;
    bool auth = bits(raw, 63, 1) != 0;
    if (is_bind) {
      return bind(where, bits(raw, 0, format == kPtrArm64eUserland24 ? 24 : 16));
    }
    if (auth) {
      rebase(where, base_ + bits(raw, 0, 32));  // always an offset from the image base
      return {};
    }
    std::uint64_t target = bits(raw, 0, 43);
    std::uint64_t high8 = bits(raw, 43, 8) << 56;
    rebase(where, (format == kPtrArm64e ? target : base_ + target) | high8);
    return {};
  }

  std::span<const std::uint8_t> file_;
  BoundedReader blob_;
  const std::vector<SegmentSpan>& segments_;
  std::uint64_t base_;
  const std::string& input_;
  const ImageLimits& limits_;
  Image& image_;
  std::vector<Import> imports_;
  std::uint64_t fixups_ = 0;
};

}  // namespace

std::string macho_c_name(std::string_view symbol) {
  if (!symbol.empty() && symbol.front() == '_') symbol.remove_prefix(1);
  return std::string(symbol);
}

Status read_chained_fixups(std::span<const std::uint8_t> file, std::span<const std::uint8_t> blob,
                           const std::vector<SegmentSpan>& segments, std::uint64_t image_base,
                           const std::string& input, const ImageLimits& limits, Image& image) {
  return ChainWalker(file, blob, segments, image_base, input, limits, image).run();
}

}  // namespace cordon::binary
