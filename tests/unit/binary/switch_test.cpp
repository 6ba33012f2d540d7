// Jump tables: the case blocks of a dense switch (switch.c), reached only
// through the table, are decoded, counted as covered and lifted: every
// case's import is a call of `dispatch`, and the host name read in case 3
// reaches its send. Without the tables only the block after the dispatch
// jump was seen.
#include <doctest/doctest.h>

#include <array>
#include <cstring>
#include <set>

#include "graph_probe.h"
#include "jump_table.h"

namespace cordon::binary::test {
namespace {

void check_switch(const std::string& file, const std::set<std::string>& imports) {
  CAPTURE(file);
  FrontEndOptions options;
  options.jobs = 2;
  auto built = build_binary_graph(input(file), options);
  if (!built) FAIL("scan failed: " << built.error().message());
  const flow::ProgramGraph& g = built->graph;
  auto dispatch = g.find_function("dispatch");
  REQUIRE(dispatch);
  std::set<std::string> called;
  for (const auto* c : calls_of(g, *dispatch)) called.insert(c->callee_name);
  for (const std::string& name : imports) {
    CAPTURE(name);
    CHECK(called.count(name) == 1);
  }
  const flow::CallSite* host = first_call(g, *dispatch, "gethostname");
  const flow::CallSite* send = first_call(g, *dispatch, "send");
  REQUIRE(host);
  REQUIRE(send);
  REQUIRE(!host->arg_pointees.empty());
  REQUIRE(send->arg_pointees.size() >= 2);
  CHECK(reaches(g, host->arg_pointees[0], send->arg_pointees[1]));
  CHECK(static_cast<double>(built->covered_bytes) >= 0.9 * static_cast<double>(built->code_bytes));
}

// glibc's headers turn atoi into strtol.
const std::set<std::string> kElfImports = {
    "getpid",  "getenv", "time",   "gethostname", "send", "rand",  "puts",   "usleep",  "close",
    "getppid", "getuid", "getgid", "sleep",       "dup",  "alarm", "strtol", "getpgrp", "geteuid"};

}  // namespace

TEST_CASE("jump tables: a table is read within its bounds only") {
  std::array<std::uint8_t, 64> code{};
  // Offsets from the table at 0x2000 to 0x1000 + 8, + 16, then one past the
  // function's range, then a partial entry at the section's end.
  const std::array<std::int32_t, 4> entries = {-0x1000 + 8, -0x1000 + 16, -0x1000 + 0x30, 0};
  std::array<std::uint8_t, 18> table{};
  std::memcpy(table.data(), entries.data(), 16);
  Image image;
  Section text;
  text.name = ".text";
  text.address = 0x1000;
  text.size = code.size();
  text.bytes = code;
  text.executable = true;
  Section rodata;
  rodata.name = ".rodata";
  rodata.address = 0x2000;
  rodata.size = table.size();
  rodata.bytes = table;
  image.sections = {text, rodata};
  image.finish();
  JumpTable t{0x2000, 0x2000, 4, true, 0, 0};
  // The third entry leaves the function [0x1000, 0x1020): reading stops there.
  CHECK(jump_table_targets(image, t, 0x1000, 0x1020) == std::vector<std::uint64_t>{0x1008, 0x1010});
  t.bound = 1;  // cmp $0; ja default
  CHECK(jump_table_targets(image, t, 0x1000, 0x1020) == std::vector<std::uint64_t>{0x1008});
  t.bound = 0;
  // The whole section: the fourth entry (0x2000) is no code, the partial fifth is never read.
  CHECK(jump_table_targets(image, t, 0x1000, 0x3000).size() == 3);
  t.table = 0x2010;  // only the last two bytes
  CHECK(jump_table_targets(image, t, 0x1000, 0x3000).empty());
  image.sections[1].writable = true;  // a table the program may rewrite is not trusted
  t.table = 0x2000;
  CHECK(jump_table_targets(image, t, 0x1000, 0x1020).empty());
}

TEST_CASE("jump tables: every case of a dense switch is lifted (x86-64 PIE)") {
  check_switch("switch_pie", kElfImports);
}

TEST_CASE("jump tables: every case of a dense switch is lifted (x86-64, absolute table)") {
  check_switch("switch_nopie", kElfImports);
}

#if CORDON_HAVE_AARCH64_GCC
TEST_CASE("jump tables: every case of a dense switch is lifted (AArch64)") {
  check_switch("switch_aarch64", kElfImports);
}
#endif

#if CORDON_HAVE_MINGW_GCC
TEST_CASE("jump tables: every case of a dense switch is lifted (PE)") {
  // msvcrt's names (_getpid, _dup, _close); usleep is mingw's own code.
  check_switch("switch_pe.exe", {"_getpid", "getenv", "gethostname", "send", "rand", "puts", "atoi",
                                 "_close", "Sleep", "_dup", "strtol"});
}
#endif

}  // namespace cordon::binary::test
