// The Mach-O loader: real executables linked by ld64.lld (dyld-info binds on
// x86-64, chained fixups on arm64, a universal file of both), and the
// chained-fixups walker on hand-made tables, hostile ones included.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "chained_fixups.h"
#include "cordon/support/file_reader.h"
#include "graph_probe.h"
#include "loader.h"
#include "macho_starts.h"

namespace cordon::binary::test {
namespace {

struct Loaded {
  MappedFile file;
  Image image;
};

Loaded load(const std::string& name, const std::string& slice = {}) {
  auto file = MappedFile::open(input(name), 1u << 30);
  REQUIRE(file);
  auto image = load_image(file->bytes(), name, ImageLimits{}, slice);
  if (!image) FAIL(image.error().message());
  return Loaded{std::move(*file), std::move(*image)};
}

bool imports(const Image& image, const std::string& name) {
  return std::any_of(image.import_slots.begin(), image.import_slots.end(),
                     [&](const auto& slot) { return slot.second == name; });
}

const Symbol* symbol(const Image& image, const std::string& name) {
  for (const auto& s : image.symbols) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const Section* section(const Image& image, const std::string& name) {
  for (const auto& s : image.sections) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

// What both test programs must give, whatever binds them.
void check_leak_program(const Image& image) {
  CHECK(image.format == Format::kMachO);
  CHECK_FALSE(image.is_static);
  for (const char* name : {"gethostname", "sendto", "curl_easy_setopt", "curl_easy_init"}) {
    CAPTURE(name);
    CHECK(imports(image, name));
  }
  // Every __stubs entry is named by the indirect symbol table.
  const Section* stubs = section(image, "__TEXT,__stubs");
  REQUIRE(stubs);
  CHECK(stubs->plt);
  CHECK(image.stub_names.count(stubs->address) == 1);
  const Symbol* leak = symbol(image, "leak_it");
  REQUIRE(leak);
  CHECK(leak->function);
  // LC_FUNCTION_STARTS and __unwind_info both name every function.
  CHECK(std::count(image.unwind_starts.begin(), image.unwind_starts.end(), leak->address) >= 1);
  const Symbol* main_symbol = symbol(image, "main");
  REQUIRE(main_symbol);
  REQUIRE(image.entry_points.size() == 1);
  CHECK(image.entry_points[0] == main_symbol->address);
  // The constant CFString stands for its characters; its isa is bound.
  const Section* cfstrings = section(image, "__DATA_CONST,__cfstring");
  if (cfstrings == nullptr) cfstrings = section(image, "__DATA,__cfstring");
  REQUIRE(cfstrings);
  CHECK(image.string_at(cfstrings->address) == "https://cf-endpoint.example.com/collect");
  auto isa = image.import_slots.find(cfstrings->address);
  REQUIRE(isa != image.import_slots.end());
  CHECK(isa->second == "__CFConstantStringClassReference");
  CHECK(image.string_at(leak->address) == std::nullopt);  // code is not a string
}

}  // namespace

#if CORDON_HAVE_MACHO
TEST_CASE("mach-o x86-64: dyld-info binds, stubs, function starts, cfstrings") {
  Loaded l = load("leak_macho_x86_64");
  CHECK(l.image.arch == Arch::kX86_64);
  check_leak_program(l.image);
}

// binary_loader_fuzzer: LLVM 14 reads a symbol's name with strlen, past the
// end of the file when the string table's last string has no NUL. The
// table at the very end of the input, every NUL in it replaced: each name
// is unterminated, and must be dropped, not read beyond the input (the
// sanitized build reads it from a heap copy of exactly that size).
TEST_CASE("mach-o: names in an unterminated string table are dropped, not read past the end") {
  auto file = MappedFile::open(input("leak_macho_x86_64"), 1u << 30);
  REQUIRE(file);
  std::vector<std::uint8_t> bytes(file->bytes().begin(), file->bytes().end());
  const auto u32 = [&](std::size_t at) {  // little-endian, bounds-checked
    return std::uint32_t{bytes.at(at)} | std::uint32_t{bytes.at(at + 1)} << 8 |
           std::uint32_t{bytes.at(at + 2)} << 16 | std::uint32_t{bytes.at(at + 3)} << 24;
  };
  const std::uint32_t commands = u32(16);
  std::size_t at = 32;
  std::uint32_t stroff = 0, strsize = 0;
  for (std::uint32_t i = 0; i < commands && at + 8 <= bytes.size(); ++i) {
    if (u32(at) == 0x2) {  // LC_SYMTAB: symoff, nsyms, stroff, strsize
      stroff = u32(at + 16);
      strsize = u32(at + 20);
    }
    at += u32(at + 4);
  }
  REQUIRE(strsize > 0);
  REQUIRE(std::size_t{stroff} + strsize <= bytes.size());
  bytes.resize(std::size_t{stroff} + strsize);
  std::replace(bytes.begin() + stroff, bytes.end(), std::uint8_t{0}, std::uint8_t{'A'});
  bytes.shrink_to_fit();
  auto image = load_image(bytes, "unterminated", ImageLimits{});
  if (image) {
    CHECK(image->symbols.empty());
    for (const auto& slot : image->import_slots)  // bind opcodes still name slots
      CHECK(slot.second.find("AAAA") == std::string::npos);
  }
}

// binary_loader_fuzzer: a lazy bind table whose last opcode is not DONE
// (here DONEs, then SET_DYLIB_ORDINAL_IMM 1) made LLVM 14's iterator read
// past the table and spin there. Refused as malformed, at once.
TEST_CASE("mach-o: bind opcodes that do not end with DONE are an error, not a hang") {
  auto file = MappedFile::open(input("leak_macho_x86_64"), 1u << 30);
  REQUIRE(file);
  std::vector<std::uint8_t> bytes(file->bytes().begin(), file->bytes().end());
  const auto u32 = [&](std::size_t at) {  // little-endian, bounds-checked
    return std::uint32_t{bytes.at(at)} | std::uint32_t{bytes.at(at + 1)} << 8 |
           std::uint32_t{bytes.at(at + 2)} << 16 | std::uint32_t{bytes.at(at + 3)} << 24;
  };
  std::size_t at = 32;
  std::uint32_t lazy_off = 0, lazy_size = 0;
  for (std::uint32_t i = 0; i < u32(16) && at + 8 <= bytes.size(); ++i) {
    if (u32(at) == 0x80000022) {  // LC_DYLD_INFO_ONLY: lazy_bind_off, lazy_bind_size at +32
      lazy_off = u32(at + 32);
      lazy_size = u32(at + 36);
    }
    at += u32(at + 4);
  }
  REQUIRE(lazy_size > 1);
  REQUIRE(std::size_t{lazy_off} + lazy_size <= bytes.size());
  std::fill_n(bytes.begin() + lazy_off, lazy_size - 1, std::uint8_t{0});
  bytes.at(lazy_off + lazy_size - 1) = 0x11;
  auto image = load_image(bytes, "unterminated-binds", ImageLimits{});
  REQUIRE_FALSE(image);
  CHECK(image.error().message().find("lazy bind opcodes") != std::string::npos);
}

TEST_CASE("mach-o arm64: chained fixups bind the slots and rebase the pointers") {
  Loaded l = load("leak_macho_arm64");
  CHECK(l.image.arch == Arch::kAArch64);
  check_leak_program(l.image);
  // The cfstring's character pointer is a chained rebase, not a plain word.
  CHECK_FALSE(l.image.relocated_words.empty());
}

TEST_CASE("mach-o: a universal file is one target per slice") {
  auto names = universal_slices(input("leak_macho_universal"), 1u << 30);
  REQUIRE(names);
  REQUIRE(names->size() == 2);
  CHECK((*names)[0].arch == "x86_64");
  CHECK((*names)[1].arch == "arm64");
  CHECK(((*names)[0].analysed && (*names)[1].analysed));
  auto thin = universal_slices(input("leak_macho_x86_64"), 1u << 30);
  REQUIRE(thin);
  CHECK(thin->empty());
  CHECK(slice_target_name("Game.app/Contents/MacOS/Game", "arm64") ==
        "Game.app/Contents/MacOS/Game[arm64]");

  Loaded arm = load("leak_macho_universal", "arm64");
  CHECK(arm.image.arch == Arch::kAArch64);
  Loaded x86 = load("leak_macho_universal", "x86_64");
  CHECK(x86.image.arch == Arch::kX86_64);

  auto file = MappedFile::open(input("leak_macho_universal"), 1u << 30);
  REQUIRE(file);
  auto whole = load_image(file->bytes(), "u", ImageLimits{});
  REQUIRE_FALSE(whole);
  CHECK(whole.error().kind == ErrorKind::kUnsupported);
  auto missing = load_image(file->bytes(), "u", ImageLimits{}, "ppc");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().reason == "no ppc slice");

  FrontEndOptions options;
  options.slice = "arm64";
  auto graph = build_binary_graph(input("leak_macho_universal"), options);
  REQUIRE(graph);
  CHECK(graph->format == "macho");
  CHECK(graph->arch == "aarch64");
  CHECK(graph->graph.target() == input("leak_macho_universal") + "[arm64]");
}

TEST_CASE("mach-o: calls reach the imports through the stubs on both architectures") {
  for (const char* slice : {"x86_64", "arm64"}) {
    CAPTURE(slice);
    FrontEndOptions options;
    options.slice = slice;
    auto built = build_binary_graph(input("leak_macho_universal"), options);
    REQUIRE(built);
    const auto& g = built->graph;
    auto leak = std::find_if(g.functions().begin(), g.functions().end(),
                             [](const auto& f) { return f.name == "leak_it"; });
    REQUIRE(leak != g.functions().end());
    auto id = static_cast<flow::FunctionId>(leak - g.functions().begin());
    CHECK(first_call(g, id, "gethostname") != nullptr);
    CHECK(first_call(g, id, "sendto") != nullptr);
    CHECK(built->covered_bytes == built->code_bytes);
  }
}
TEST_CASE("mach-o: objc_msgSend calls are named by their selector and class") {
  for (const char* arch : {"x86_64", "arm64"}) {
    CAPTURE(arch);
    Loaded l = load(std::string("objc_macho_") + arch);
    CHECK(std::any_of(l.image.objc_classes.begin(), l.image.objc_classes.end(),
                      [](const auto& c) { return c.second == "UIDevice"; }));
    CHECK(std::any_of(l.image.objc_selectors.begin(), l.image.objc_selectors.end(),
                      [](const auto& s) { return s.second == "identifierForVendor"; }));
    auto built = build_binary_graph(input(std::string("objc_macho_") + arch), FrontEndOptions{});
    REQUIRE(built);
    const auto& g = built->graph;
    auto fn = std::find_if(g.functions().begin(), g.functions().end(),
                           [](const auto& f) { return f.name == "vendor_id"; });
    REQUIRE(fn != g.functions().end());
    auto id = static_cast<flow::FunctionId>(fn - g.functions().begin());
    CHECK(first_call(g, id, "+[UIDevice currentDevice]") != nullptr);
    CHECK(first_call(g, id, "-[UIDevice identifierForVendor]") != nullptr);
    CHECK(first_call(g, id, "-[? UUIDString]") != nullptr);
    CHECK(first_call(g, id, "objc_msgSend") == nullptr);
  }
}
#endif

// --- chained fixups on hand-made tables --------------------------------

namespace {

void put16(std::vector<std::uint8_t>& b, std::size_t at, std::uint16_t v) {
  if (b.size() < at + 2) b.resize(at + 2);
  std::memcpy(b.data() + at, &v, 2);
}
void put32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
  if (b.size() < at + 4) b.resize(at + 4);
  std::memcpy(b.data() + at, &v, 4);
}
void put64(std::vector<std::uint8_t>& b, std::size_t at, std::uint64_t v) {
  if (b.size() < at + 8) b.resize(at + 8);
  std::memcpy(b.data() + at, &v, 8);
}

constexpr std::uint64_t kBase = 0x100000000;

// Two segments (__TEXT at the base, __DATA at +0x4000, one 16 KiB page
// each), DYLD_CHAINED_PTR_64 unless `format` says otherwise, two imports.
struct Fixture {
  std::vector<std::uint8_t> file = std::vector<std::uint8_t>(0x8000, 0);
  std::vector<std::uint8_t> blob;
  std::vector<SegmentSpan> segments = {{kBase, 0x4000, 0, 0x4000},
                                       {kBase + 0x4000, 0x4000, 0x4000, 0x4000}};

  explicit Fixture(std::uint16_t format = 2, std::uint32_t imports_count = 2,
                   std::uint16_t page_count = 1) {
    put32(blob, 0, 0);    // fixups_version
    put32(blob, 4, 32);   // starts_offset
    put32(blob, 8, 68);   // imports_offset
    put32(blob, 12, 76);  // symbols_offset
    put32(blob, 16, imports_count);
    put32(blob, 20, 1);       // DYLD_CHAINED_IMPORT
    put32(blob, 24, 0);       // uncompressed names
    put32(blob, 32, 2);       // seg_count
    put32(blob, 36, 0);       // __TEXT: no fixups
    put32(blob, 40, 12);      // __DATA: starts at 32 + 12
    put32(blob, 44, 24);      // size
    put16(blob, 48, 0x4000);  // page_size
    put16(blob, 50, format);  // pointer_format
    put64(blob, 52, 0x4000);  // segment_offset
    put32(blob, 60, 0);       // max_valid_pointer
    put16(blob, 64, page_count);
    put16(blob, 66, 0);               // page_start[0]
    put32(blob, 68, 1u | (1u << 9));  // import 0: ordinal 1, "_first"
    put32(blob, 72, 1u | (8u << 9));  // import 1: ordinal 1, "_second"
    const char names[] = "\0_first\0_second";
    blob.resize(76 + sizeof names);
    std::memcpy(blob.data() + 76, names, sizeof names);
  }

  Status walk(Image& image, ImageLimits limits = {}) const {
    return read_chained_fixups(file, blob, segments, kBase, "fixture", limits, image);
  }
};

constexpr std::uint64_t bind64(std::uint64_t ordinal, std::uint64_t next) {
  return (std::uint64_t{1} << 63) | (next << 51) | ordinal;
}
constexpr std::uint64_t rebase64(std::uint64_t target, std::uint64_t next) {
  return (next << 51) | target;
}

}  // namespace

TEST_CASE("chained fixups: binds name slots, rebases give pointer values") {
  Fixture f;
  put64(f.file, 0x4000, bind64(0, 2));  // next in 4-byte strides: +8
  put64(f.file, 0x4008, rebase64(kBase + 0x10, 2));
  put64(f.file, 0x4010, bind64(1, 0));
  Image image;
  REQUIRE(f.walk(image));
  CHECK(image.import_slots.at(kBase + 0x4000) == "first");
  CHECK(image.import_slots.at(kBase + 0x4010) == "second");
  CHECK(image.relocated_words.at(kBase + 0x4008) == kBase + 0x10);
}

TEST_CASE("chained fixups: arm64e authenticated binds and rebases") {
  Fixture f(/*DYLD_CHAINED_PTR_ARM64E_USERLAND=*/9);
  std::uint64_t auth = std::uint64_t{1} << 63;
  std::uint64_t bind = std::uint64_t{1} << 62;
  put64(f.file, 0x4000, auth | bind | (std::uint64_t{1} << 51) | 1);  // next in 8-byte strides
  put64(f.file, 0x4008, auth | 0x20);  // auth rebase: offset from the base
  Image image;
  REQUIRE(f.walk(image));
  CHECK(image.import_slots.at(kBase + 0x4000) == "second");
  CHECK(image.relocated_words.at(kBase + 0x4008) == kBase + 0x20);
}

TEST_CASE("chained fixups: hostile tables are errors, in bounded time") {
  SUBCASE("a chain that leaves its page") {
    Fixture f;
    put64(f.file, 0x4000, bind64(0, 0xfff));
    put64(f.file, 0x4000 + 0xfff * 4, bind64(0, 0xfff));
    Image image;
    auto st = f.walk(image);
    REQUIRE_FALSE(st);
    CHECK(st.error().kind == ErrorKind::kParse);
    CHECK(st.error().reason.find("leaves its page") != std::string::npos);
  }
  SUBCASE("a bind to an import that does not exist") {
    Fixture f;
    put64(f.file, 0x4000, bind64(7, 0));
    Image image;
    auto st = f.walk(image);
    REQUIRE_FALSE(st);
    CHECK(st.error().reason == "bind to import 7 of 2");
  }
  SUBCASE("a huge import count") {
    Fixture f(2, 0xffffffff);
    Image image;
    auto st = f.walk(image);
    REQUIRE_FALSE(st);
    CHECK(st.error().kind == ErrorKind::kLimit);
  }
  SUBCASE("65535 pages of chains over a 16 KiB segment") {
    Fixture f(2, 2, 0xffff);
    // Page starts 1.. read past the start table into the names: every page
    // past the first lies outside the segment.
    for (std::size_t i = 0; i < 0x4000; i += 8) put64(f.file, 0x4000 + i, bind64(0, 2));
    Image image;
    auto st = f.walk(image);
    REQUIRE_FALSE(st);
  }
  SUBCASE("a page full of one-stride links hits the fixup limit") {
    Fixture f;
    for (std::size_t i = 0; i + 8 <= 0x4000; i += 8) put64(f.file, 0x4000 + i, bind64(0, 2));
    Image image;
    ImageLimits limits;
    limits.max_symbols = 1000;
    auto st = f.walk(image, limits);
    REQUIRE_FALSE(st);
    CHECK(st.error().kind == ErrorKind::kLimit);
  }
  SUBCASE("an unknown pointer format") {
    Fixture f(99);
    Image image;
    auto st = f.walk(image);
    REQUIRE_FALSE(st);
    CHECK(st.error().kind == ErrorKind::kUnsupported);
  }
  SUBCASE("more segments in the table than in the file") {
    Fixture f;
    put32(f.blob, 32, 9);
    Image image;
    REQUIRE_FALSE(f.walk(image));
  }
  SUBCASE("a truncated header") {
    Fixture f;
    f.blob.resize(20);
    Image image;
    auto st = f.walk(image);
    REQUIRE_FALSE(st);
    CHECK(st.error().reason == "truncated header");
  }
}

TEST_CASE("function starts and unwind info stop at malformed data") {
  std::vector<std::uint64_t> starts;
  const std::uint8_t deltas[] = {0x80, 0x08, 0x10, 0x00, 0x99};  // 0x400, +0x10, end
  parse_function_starts(deltas, kBase, 100, starts);
  CHECK(starts == std::vector<std::uint64_t>{kBase + 0x400, kBase + 0x410});
  starts.clear();
  const std::uint8_t truncated[] = {0x80, 0x80, 0x80};
  parse_function_starts(truncated, kBase, 100, starts);
  CHECK(starts.empty());
  starts.clear();
  std::vector<std::uint8_t> endless(4096, 0x01);  // 4096 one-byte deltas, bounded
  parse_function_starts(endless, kBase, 100, starts);
  CHECK(starts.size() == 100);
  starts.clear();
  std::vector<std::uint8_t> unwind(64, 0xff);
  put32(unwind, 0, 1);
  put32(unwind, 20, 28);
  put32(unwind, 24, 0xffffffff);  // a huge index count over 64 bytes
  parse_unwind_info(unwind, kBase, 100, starts);
  CHECK(starts.size() <= 100);
}

}  // namespace cordon::binary::test
