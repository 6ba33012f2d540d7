// The tiny leaky program in every build the front end supports: the facts a
// person reading its source knows must show up in the graph, exactly.
#include <doctest/doctest.h>

#include <algorithm>

#include "graph_probe.h"

namespace cordon::binary::test {
namespace {

constexpr const char* kUrl = "https://telemetry.example.com/upload";

BinaryGraph scan(const std::string& file) {
  FrontEndOptions options;
  options.jobs = 2;
  auto result = build_binary_graph(input(file), options);
  if (!result) FAIL("scan failed: " << result.error().message());
  return std::move(*result);
}

// The function that calls gethostname: leak_it by name unless stripped.
flow::FunctionId leak_function(const flow::ProgramGraph& g, bool named) {
  if (named) {
    auto f = g.find_function("leak_it");
    REQUIRE(f.has_value());
    return *f;
  }
  for (const auto& c : g.calls()) {
    if (c.callee_name == "gethostname") return c.caller;
  }
  FAIL("no function calls gethostname");
  return 0;
}

void check_leak(const std::string& file, bool named) {
  CAPTURE(file);
  BinaryGraph b = scan(file);
  const auto& g = b.graph;
  CHECK(b.function_count == g.functions().size());
  CHECK(b.instruction_count > 20);
  CHECK(g.instruction_count == b.instruction_count);

  flow::FunctionId leak = leak_function(g, named);
  const flow::CallSite* host = first_call(g, leak, "gethostname");
  const flow::CallSite* send = first_call(g, leak, "sendto");
  REQUIRE(host != nullptr);
  REQUIRE(send != nullptr);
  CHECK(host->where.address < send->where.address);
  REQUIRE(host->arg_pointees.size() >= 1);
  REQUIRE(send->arg_pointees.size() >= 2);
  // The host name buffer gethostname fills is the buffer sendto sends.
  CHECK(reaches(g, host->arg_pointees[0], send->arg_pointees[1]));
  // ... and not the destination address, which only memset touched.
  CHECK_FALSE(reaches(g, host->arg_pointees[0], send->args[0]));

  auto url = std::find_if(g.strings().begin(), g.strings().end(),
                          [](const flow::StringRef& s) { return s.text == kUrl; });
  REQUIRE(url != g.strings().end());
  CHECK(g.functions()[url->function].name ==
        (named ? "send_url" : g.functions()[url->function].name));
  // The call from the function that holds the string (PE builds also have
  // an import thunk named curl_easy_setopt that calls it).
  const flow::CallSite* setopt = first_call(g, url->function, "curl_easy_setopt");
  REQUIRE(setopt != nullptr);
  CHECK(reaches(g, url->node, setopt->args[2]));
  CHECK_FALSE(reaches(g, url->node, setopt->args[0]));
}

// -O0 keeps the memset of the destination address: its buffer is sendto's
// fifth argument (r8 in SysV, the stack slot above the home area in Windows
// x64), and the host name never reaches it.
void check_destination(const std::string& file) {
  CAPTURE(file);
  BinaryGraph b = scan(file);
  const auto& g = b.graph;
  auto leak = g.find_function("leak_it");
  REQUIRE(leak);
  const flow::CallSite* clear = first_call(g, *leak, "memset");
  const flow::CallSite* host = first_call(g, *leak, "gethostname");
  const flow::CallSite* send = first_call(g, *leak, "sendto");
  REQUIRE(clear);
  REQUIRE(host);
  REQUIRE(send);
  REQUIRE(send->arg_pointees.size() >= 5);
  CHECK(reaches(g, clear->arg_pointees[0], send->arg_pointees[4]));
  CHECK_FALSE(reaches(g, host->arg_pointees[0], send->arg_pointees[4]));
}

}  // namespace

TEST_CASE("x86-64 elf -O0: plt imports and def-use") {
  check_destination("leak_O0");
  check_leak("leak_O0", /*named=*/true);
  BinaryGraph b = scan("leak_O0");
  CHECK(b.format == "elf");
  CHECK(b.arch == "x86_64");
  auto leak = b.graph.find_function("leak_it");
  REQUIRE(leak);
  // PLT calls name the import and have no local callee.
  const auto* host = first_call(b.graph, *leak, "gethostname");
  REQUIRE(host);
  CHECK_FALSE(host->callee.has_value());
  CHECK_FALSE(host->indirect);
  // main calls the local functions by name and id.
  auto main_fn = b.graph.find_function("main");
  REQUIRE(main_fn);
  const auto* to_leak = first_call(b.graph, *main_fn, "leak_it");
  REQUIRE(to_leak);
  CHECK(to_leak->callee == leak);
}

TEST_CASE("x86-64 elf -O2") {
  check_leak("leak_O2", /*named=*/true);
}

TEST_CASE("x86-64 stripped pie: functions from .eh_frame") {
  check_leak("leak_pie_stripped", /*named=*/false);
  BinaryGraph b = scan("leak_pie_stripped");
  CHECK_FALSE(b.graph.find_function("leak_it").has_value());
  // main, send_url, leak_it, _start and the crt helpers all come from FDEs.
  CHECK(b.function_count >= 6);
}

void check_static(const std::string& file) {
  CAPTURE(file);
  check_leak(file, /*named=*/true);
  BinaryGraph b = scan(file);
  bool sendto_syscall = false;
  for (const auto& c : b.graph.calls()) {
    if (c.syscall && *c.syscall == "sendto") {
      sendto_syscall = true;
      CHECK(c.args.size() >= 2);
    }
  }
  CHECK(sendto_syscall);
  auto leak = b.graph.find_function("leak_it");
  REQUIRE(leak);
  const auto* host = first_call(b.graph, *leak, "gethostname");
  REQUIRE(host);
  CHECK(host->callee.has_value());  // linked in: a function of this graph
  // strlen is an ifunc: the .plt stub's IRELATIVE slot names its resolver.
  const auto* length = first_call(b.graph, *leak, "strlen");
  REQUIRE(length);
  CHECK(length->callee.has_value());
  // glibc's gethostname asks the kernel through uname.
  bool uname_syscall = false;
  for (const auto& c : b.graph.calls()) {
    if (c.syscall && *c.syscall == "uname") uname_syscall = true;
  }
  CHECK(uname_syscall);
}

TEST_CASE("x86-64 static: local libc functions and direct syscalls") {
  check_static("leak_static");
}

#if CORDON_HAVE_AARCH64_GCC
TEST_CASE("aarch64 elf -O0") {
  check_leak("leak_aarch64_O0", /*named=*/true);
}
TEST_CASE("aarch64 elf -O2") {
  check_leak("leak_aarch64_O2", /*named=*/true);
  CHECK(scan("leak_aarch64_O2").arch == "aarch64");
}
TEST_CASE("aarch64 static: svc syscalls") {
  check_static("leak_aarch64_static");
}
#endif

#if CORDON_HAVE_MINGW_GCC
TEST_CASE("pe32+ -O0: iat imports") {
  check_leak("leak_pe_O0.exe", /*named=*/true);
  check_destination("leak_pe_O0.exe");
  {
    // The import thunk mingw emits (jmp [__imp_curl_easy_setopt]) forwards;
    // its callers call the import, and it adds no call site of its own.
    BinaryGraph pe = scan("leak_pe_O0.exe");
    auto thunk = pe.graph.find_function("curl_easy_setopt");
    REQUIRE(thunk);
    CHECK(calls_of(pe.graph, *thunk).empty());
  }
  BinaryGraph b = scan("leak_pe_O0.exe");
  CHECK(b.format == "pe");
  auto leak = b.graph.find_function("leak_it");
  REQUIRE(leak);
  const auto* host = first_call(b.graph, *leak, "gethostname");
  REQUIRE(host);
  CHECK_FALSE(host->callee.has_value());
}
TEST_CASE("pe32+ -O2") {
  check_leak("leak_pe_O2.exe", /*named=*/true);
}
#endif

}  // namespace cordon::binary::test

namespace cordon::binary::test {

TEST_CASE("the graph does not depend on the number of threads") {
  FrontEndOptions one;
  one.jobs = 1;
  FrontEndOptions two;
  two.jobs = 2;
  auto a = build_binary_graph(input("leak_static"), one);
  auto b = build_binary_graph(input("leak_static"), two);
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(a->graph.calls().size() == b->graph.calls().size());
  CHECK(a->graph.nodes().size() == b->graph.nodes().size());
  CHECK(a->instruction_count == b->instruction_count);
  for (std::size_t i = 0; i < a->graph.calls().size(); ++i) {
    const auto& x = a->graph.calls()[i];
    const auto& y = b->graph.calls()[i];
    CHECK(x.where.address == y.where.address);
    CHECK(x.callee_name == y.callee_name);
    CHECK(x.args.size() == y.args.size());
  }
  for (std::size_t n = 0; n < a->graph.successors().size(); ++n) {
    CHECK(a->graph.successors()[n] == b->graph.successors()[n]);
  }
}

}  // namespace cordon::binary::test
