// Bad input is normal: empty, truncated, garbage and hostile files give one
// error line (or, when still loadable, a graph), never a crash or a hang.
// Run under the ASan+UBSan build too.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "cordon/support/file_reader.h"
#include "graph_probe.h"

namespace cordon::binary::test {
namespace {

namespace fs = std::filesystem;

class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    path_ = fs::temp_directory_path() /
            ("cordon-binary-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::ofstream(path_, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::string read_input(const std::string& name) {
  auto text = read_text_file(input(name), 64u << 20);
  REQUIRE(text);
  return *text;
}

Result<BinaryGraph> scan_bytes(const std::string& bytes, FrontEndOptions options = {}) {
  TempFile file(bytes);
  return build_binary_graph(file.path(), options);
}

void expect_error(const std::string& fixture, ErrorKind kind, const std::string& reason_part) {
  CAPTURE(fixture);
  auto result = build_binary_graph(input(fixture), FrontEndOptions{});
  REQUIRE_FALSE(result);
  CHECK(result.error().kind == kind);
  CHECK(result.error().reason.find(reason_part) != std::string::npos);
  CHECK(result.error().message().find('\n') == std::string::npos);
  CHECK(result.error().input == input(fixture));
}

}  // namespace

TEST_CASE("unsupported formats and archs name what they are") {
  expect_error("arm32.bin", ErrorKind::kUnsupported, "32-bit elf (32-bit arm)");
  expect_error("mips.bin", ErrorKind::kUnsupported, "big-endian");
  expect_error("mips64.bin", ErrorKind::kUnsupported, "elf for mips");
  expect_error("pe32_i386.bin", ErrorKind::kUnsupported, "32-bit pe (i386)");
  auto macho =
      scan_bytes(std::string("\xcf\xfa\xed\xfe\x07\x00\x00\x01", 8) + std::string(64, '\0'));
  REQUIRE_FALSE(macho);
  CHECK(macho.error().kind == ErrorKind::kUnsupported);
  CHECK(macho.error().reason == "mach-o file type 0 is not an executable, dylib or bundle");
  auto macho32 =
      scan_bytes(std::string("\xce\xfa\xed\xfe\x07\x00\x00\x00", 8) + std::string(64, '\0'));
  REQUIRE_FALSE(macho32);
  CHECK(macho32.error().reason == "32-bit mach-o (i386) is not supported");
}

TEST_CASE("malformed tables are parse errors") {
  expect_error("section_past_eof.bin", ErrorKind::kParse, "greater than the file size");
  expect_error("symtab_past_eof.bin", ErrorKind::kParse, "greater than the file size");
  expect_error("bad_symbol_index.bin", ErrorKind::kParse, "past the end of the section");
  expect_error("pe_import_loop.bin", ErrorKind::kParse, "bad import name");
  expect_error("pe_truncated_idata.bin", ErrorKind::kParse, "invalid data");
}

TEST_CASE("empty, garbage and truncated headers") {
  auto empty = scan_bytes("");
  REQUIRE_FALSE(empty);
  CHECK(empty.error().reason == "empty file");
  auto garbage = scan_bytes(std::string(4096, '\x5a'));
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().reason == "not an elf, pe or mach-o file");
  for (std::string bytes : {std::string("\x7f"
                                        "ELF",
                                        4),
                            std::string("\x7f"
                                        "ELF\x02\x01",
                                        6),
                            std::string("MZ"), std::string("MZ") + std::string(200, '\xff')}) {
    auto r = scan_bytes(bytes);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::kParse);
  }
  auto missing = build_binary_graph(input("no-such-file"), FrontEndOptions{});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::kIo);
}

TEST_CASE("odd but loadable files still give a graph") {
  // Overlapping sections: one of them is used, nothing is read out of bounds.
  auto overlap = build_binary_graph(input("overlapping_sections.bin"), FrontEndOptions{});
  REQUIRE(overlap);
  CHECK(overlap->function_count >= 1);
  // A relocation section that is its own symbol table and relocates itself.
  auto loop = build_binary_graph(input("relocation_loop.bin"), FrontEndOptions{});
  REQUIRE(loop);
  // Thunks that jump to each other: name resolution stops.
  auto thunks = build_binary_graph(input("thunk_loop.bin"), FrontEndOptions{});
  REQUIRE(thunks);
  CHECK(thunks->function_count == 3);
  auto main_fn = thunks->graph.find_function("main");
  REQUIRE(main_fn);
  auto calls = calls_of(thunks->graph, *main_fn);
  REQUIRE(calls.size() == 1);
  CHECK_FALSE(calls[0]->callee_name.empty());
}

TEST_CASE("more symbols than the limit is a limit error") {
  FrontEndOptions options;
  options.max_symbols = 10;
  auto r = build_binary_graph(input("leak_static"), options);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::kLimit);
  CHECK(r.error().reason == "more than 10 symbols");
}

TEST_CASE("per-function instruction budget bounds junk") {
  FrontEndOptions options;
  options.max_instructions_per_function = 5;
  auto r = build_binary_graph(input("leak_static"), options);
  REQUIRE(r);
  CHECK(r->instruction_count <= r->function_count * 5);
}

TEST_CASE("every truncation of a real binary is an error or a graph") {
  std::vector<std::string> names = {"leak_O2", "leak_pie_stripped"};
#if CORDON_HAVE_MINGW_GCC
  names.push_back("leak_pe_O2.exe");
#endif
#if CORDON_HAVE_AARCH64_GCC
  names.push_back("leak_aarch64_O2");
#endif
  for (const auto& name : names) {
    CAPTURE(name);
    std::string bytes = read_input(name);
    std::size_t errors = 0;
    for (std::size_t cut : {std::size_t{1}, std::size_t{16}, std::size_t{63}, std::size_t{64},
                            std::size_t{200}, std::size_t{1024}, bytes.size() / 4, bytes.size() / 2,
                            bytes.size() - 64, bytes.size() - 1}) {
      CAPTURE(cut);
      auto r = scan_bytes(bytes.substr(0, cut));
      if (!r) {
        ++errors;
        CHECK(!r.error().reason.empty());
      }
    }
    CHECK(errors >= 6);  // headers and section tables live at both ends
  }
}

TEST_CASE("random byte corruption never crashes") {
  std::vector<std::string> names = {"leak_O2"};
#if CORDON_HAVE_MINGW_GCC
  names.push_back("leak_pe_O2.exe");
#endif
  std::mt19937 rng(20261128);  // fixed seed: the same mutants every run
  for (const auto& name : names) {
    std::string original = read_input(name);
    for (int round = 0; round < 150; ++round) {
      std::string bytes = original;
      int flips = 1 + static_cast<int>(rng() % 16);
      for (int i = 0; i < flips; ++i) {
        // Half the flips hit the headers, where the tables are described.
        std::size_t at =
            (i % 2 == 0) ? rng() % std::min<std::size_t>(bytes.size(), 1024) : rng() % bytes.size();
        bytes[at] = static_cast<char>(rng());
      }
      auto r = scan_bytes(bytes);
      if (!r) CHECK(r.error().message().find('\n') == std::string::npos);
    }
  }
}

}  // namespace cordon::binary::test
