// What the loaders extract, checked against facts of the test programs.
#include <doctest/doctest.h>

#include <algorithm>

#include "cordon/support/file_reader.h"
#include "graph_probe.h"
#include "loader.h"

namespace cordon::binary::test {
namespace {

struct Loaded {
  MappedFile file;
  Image image;
};

Loaded load(const std::string& name) {
  auto file = MappedFile::open(input(name), 1u << 30);
  REQUIRE(file);
  auto image = load_image(file->bytes(), name, ImageLimits{});
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

}  // namespace

TEST_CASE("elf: jump slots name the imports, eh_frame covers the functions") {
  Loaded l = load("leak_O0");
  CHECK(l.image.format == Format::kElf);
  CHECK_FALSE(l.image.is_static);
  CHECK(imports(l.image, "gethostname"));
  CHECK(imports(l.image, "sendto"));
  CHECK(imports(l.image, "curl_easy_setopt"));
  const Symbol* leak = symbol(l.image, "leak_it");
  REQUIRE(leak);
  CHECK(leak->function);
  CHECK(std::count(l.image.unwind_starts.begin(), l.image.unwind_starts.end(), leak->address) == 1);
  REQUIRE(l.image.entry_points.size() == 1);
  CHECK(l.image.string_at(leak->address) == std::nullopt);  // code is not a string
}

TEST_CASE("elf: static binaries have no imports") {
  Loaded l = load("leak_static");
  CHECK(l.image.is_static);
  CHECK(l.image.import_slots.empty());
}

TEST_CASE("looks_like_binary knows the magics") {
  auto bytes = [](std::string_view s) {
    return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  };
  CHECK(
      looks_like_binary(bytes("\x7f"
                              "ELF\x02\x01")));
  CHECK(looks_like_binary(bytes("MZ\x90\x00")));
  CHECK(looks_like_binary(bytes("\xcf\xfa\xed\xfe")));
  CHECK_FALSE(looks_like_binary(bytes("#!/bin/sh\n")));
  CHECK_FALSE(looks_like_binary(bytes("")));
}

#if CORDON_HAVE_MINGW_GCC
TEST_CASE("pe: import directory by name, pdata starts") {
  Loaded l = load("leak_pe_O2.exe");
  CHECK(l.image.format == Format::kPe);
  CHECK(imports(l.image, "gethostname"));
  CHECK(imports(l.image, "sendto"));
  CHECK(imports(l.image, "curl_easy_setopt"));
  CHECK_FALSE(l.image.unwind_starts.empty());
  const Symbol* leak = symbol(l.image, "leak_it");
  REQUIRE(leak);
  CHECK(std::count(l.image.unwind_starts.begin(), l.image.unwind_starts.end(), leak->address) == 1);
}
#endif

}  // namespace cordon::binary::test
