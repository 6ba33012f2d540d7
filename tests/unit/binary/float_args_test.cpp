// Floating-point arguments (tests/unit/binary/programs/float_args.c): the
// double a source filled travels to make_number(int, double, const char*) in
// a vector register. The call records those registers as float_args, and the
// layout that says where declared argument 1 is: float_args[0] on SysV and
// AArch64 (floating-point arguments are numbered apart), float_args[1] on
// Windows x64 (argument N is in slot N).
#include <doctest/doctest.h>

#include "graph_probe.h"

namespace cordon::binary::test {
namespace {

void check_float_args(const std::string& file, flow::FloatArguments layout, std::size_t slot) {
  CAPTURE(file);
  FrontEndOptions options;
  options.jobs = 1;
  auto scan = build_binary_graph(input(file), options);
  REQUIRE_MESSAGE(scan.has_value(), (scan ? "" : scan.error().message()));
  const auto& g = scan->graph;
  auto report = g.find_function("report_score");
  REQUIRE(report.has_value());
  const flow::CallSite* get = first_call(g, *report, "get_score");
  const flow::CallSite* make = first_call(g, *report, "make_number");
  const flow::CallSite* send = first_call(g, *report, "send_node");
  REQUIRE(get != nullptr);
  REQUIRE(make != nullptr);
  REQUIRE(send != nullptr);
  CHECK(make->float_layout == layout);
  REQUIRE(make->float_args.size() > slot);
  REQUIRE(!get->arg_pointees.empty());
  // The score reaches the vector register of declared argument 1 ...
  CHECK(reaches(g, get->arg_pointees[0], make->float_args[slot]));
  // ... and no integer argument: not the tag, not the name.
  for (std::size_t i = 0; i < make->args.size(); ++i) {
    CAPTURE(i);
    CHECK_FALSE(reaches(g, get->arg_pointees[0], make->args[i]));
  }
  // make_number's result is what send_node sends.
  REQUIRE(!send->args.empty());
  CHECK(reaches(g, make->result, send->args[0]));
}

}  // namespace

TEST_CASE("floating-point arguments: x86-64 SysV passes declared argument 1 in xmm0") {
  check_float_args("float_O0", flow::FloatArguments::kSeparate, 0);
  check_float_args("float_O2", flow::FloatArguments::kSeparate, 0);
}

#if CORDON_HAVE_AARCH64_GCC
TEST_CASE("floating-point arguments: AArch64 passes declared argument 1 in d0") {
  check_float_args("float_aarch64_O0", flow::FloatArguments::kSeparate, 0);
  check_float_args("float_aarch64_O2", flow::FloatArguments::kSeparate, 0);
}
#endif

#if CORDON_HAVE_MINGW_GCC
TEST_CASE("floating-point arguments: Windows x64 passes declared argument 1 in xmm1") {
  check_float_args("float_pe_O0.exe", flow::FloatArguments::kPositional, 1);
  check_float_args("float_pe_O2.exe", flow::FloatArguments::kPositional, 1);
}
#endif

}  // namespace cordon::binary::test
