// Mach-O chained fixups (LC_DYLD_CHAINED_FIXUPS, macOS 12 / iOS 15 and
// later): the binds and rebases that dyld applies by walking chains of
// pointers inside the data segments. LLVM 14's MachOObjectFile does not read
// them (15 added MachOChainedFixupEntry), so they are walked here with
// bounded reads, following dyld's mach-o/fixup-chains.h.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/support/error.h"
#include "image.h"

namespace cordon::binary {

// One LC_SEGMENT_64, in load-command order (the fixups index segments so).
struct SegmentSpan {
  std::uint64_t vmaddr = 0;
  std::uint64_t vmsize = 0;
  std::uint64_t fileoff = 0;
  std::uint64_t filesize = 0;
};

// The C-level name of a Mach-O symbol: the compiler's leading underscore
// dropped (`_curl_easy_perform`; `__ZN...` for C++); a name without one
// (`dyld_stub_binder`) is kept as it is.
[[nodiscard]] std::string macho_c_name(std::string_view symbol);

// Walks the fixups in `blob` (the LC_DYLD_CHAINED_FIXUPS payload) over the
// segments' bytes in `file` (the slice): binds become image.import_slots,
// rebases image.relocated_words. A malformed header, table or chain is a
// kParse error, an unknown pointer format kUnsupported, more fixups than
// limits.max_symbols kLimit. Chains only move forward and are walked inside
// their page, so no chain can loop.
[[nodiscard]] Status read_chained_fixups(std::span<const std::uint8_t> file,
                                         std::span<const std::uint8_t> blob,
                                         const std::vector<SegmentSpan>& segments,
                                         std::uint64_t image_base, const std::string& input,
                                         const ImageLimits& limits, Image& image);

}  // namespace cordon::binary
