// Jump tables: the case blocks of a dense switch (switch.c), reached only
// through the table, are decoded, counted as covered and lifted: every
// case's import is a call of `dispatch`, and the host name read in case 3
// reaches its send. Without the tables only the block after the dispatch
// jump was seen.
#include <doctest/doctest.h>

#include <set>

#include "graph_probe.h"

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
