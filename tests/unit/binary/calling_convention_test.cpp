// The calling conventions on a program built for each: stack arguments
// reach the callee's parameters by position, and a large result is built in
// memory the caller owns (AAPCS64's x8, the hidden first argument elsewhere).
#include <doctest/doctest.h>

#include "calling_convention.h"
#include "graph_probe.h"

namespace cordon::binary::test {
namespace {

BinaryGraph scan(const std::string& file) {
  FrontEndOptions options;
  options.jobs = 2;
  auto result = build_binary_graph(input(file), options);
  if (!result) FAIL("scan failed: " << result.error().message());
  return std::move(*result);
}

flow::NodeId param_node(flow::ProgramGraph& g, flow::FunctionId f, int index) {
  return g.param(f, index);
}

void check_abi(const std::string& file, Abi abi) {
  CAPTURE(file);
  BinaryGraph b = scan(file);
  flow::ProgramGraph& g = b.graph;
  const CallingConvention cc = calling_convention(abi);
  // C argument 8 (`payload`) of send_ten: the first or a later stack argument.
  const int payload =
      cc.first_stack_position() + 8 - static_cast<int>(cc.argument_registers.size());
  // Where make_report builds its result.
  const int result = cc.indirect_result_register >= 0 ? cc.indirect_result_position() : 0;

  auto send_ten = g.find_function("send_ten");
  auto make_report = g.find_function("make_report");
  auto main_fn = g.find_function("main");
  REQUIRE(send_ten);
  REQUIRE(make_report);
  REQUIRE(main_fn);

  // The callee reads its stack parameter and sends it.
  const flow::CallSite* send = first_call(g, *send_ten, "send");
  REQUIRE(send);
  REQUIRE(send->args.size() >= 2);
  CHECK(reaches(g, param_node(g, *send_ten, payload), send->args[1]));

  // The callee stores the host name where its result goes.
  CHECK((g.functions()[*make_report].written_params & (1u << result)) != 0);

  // The caller passes its result buffer to make_report and the buffer's
  // address, on the stack, to send_ten.
  const flow::CallSite* make = first_call(g, *main_fn, "make_report");
  const flow::CallSite* ten = first_call(g, *main_fn, "send_ten");
  REQUIRE(make);
  REQUIRE(ten);
  REQUIRE(make->arg_pointees.size() > static_cast<std::size_t>(result));
  REQUIRE(ten->arg_pointees.size() > static_cast<std::size_t>(payload));
  CHECK(reaches(g, make->arg_pointees[static_cast<std::size_t>(result)],
                ten->arg_pointees[static_cast<std::size_t>(payload)]));
  // The stack arguments are no other argument of the call.
  CHECK_FALSE(reaches(g, make->arg_pointees[static_cast<std::size_t>(result)], ten->args[0]));
}

// two_lifetimes builds make_report's result (the host name, only measured)
// and then make_motd's (sent) at one stack address: the host name does not
// reach the send, the greeting does. `result`: the hidden result pointer's
// argument position.
void check_two_lifetimes(const char* input, int result) {
  BinaryGraph b = scan(input);
  flow::ProgramGraph& g = b.graph;
  auto two = g.find_function("two_lifetimes");
  REQUIRE(two);
  const flow::CallSite* report = first_call(g, *two, "make_report");
  const flow::CallSite* motd = first_call(g, *two, "make_motd");
  const flow::CallSite* send = first_call(g, *two, "send");
  REQUIRE(report);
  REQUIRE(motd);
  REQUIRE(send);
  REQUIRE(report->arg_pointees.size() > static_cast<std::size_t>(result));
  REQUIRE(motd->arg_pointees.size() > static_cast<std::size_t>(result));
  REQUIRE(send->arg_pointees.size() >= 2);
  const auto at = static_cast<std::size_t>(result);
  CHECK(reaches(g, motd->arg_pointees[at], send->arg_pointees[1]));
  CHECK_FALSE(reaches(g, report->arg_pointees[at], send->arg_pointees[1]));
}

}  // namespace

TEST_CASE("sysv x86-64: stack arguments and the hidden result pointer") {
  check_abi("abi_O2", Abi::kSysV);
}

#if CORDON_HAVE_AARCH64_GCC
TEST_CASE("aapcs64: stack arguments and the x8 result pointer") {
  check_abi("abi_aarch64_O2", Abi::kAapcs64);
}

TEST_CASE("aapcs64: an x8 result slot starts a new lifetime") {
  check_two_lifetimes("abi_aarch64_O2",
                      calling_convention(Abi::kAapcs64).indirect_result_position());
}
#endif

TEST_CASE("sysv x86-64: a slot a callee builds its result in starts a new lifetime") {
  // The hidden result pointer is the first argument; make_motd stores
  // through it before reading it (make_report calls gethostname first).
  check_two_lifetimes("abi_O2", 0);
}

#if CORDON_HAVE_MINGW_GCC
TEST_CASE("win64: a slot a callee builds its result in starts a new lifetime") {
  check_two_lifetimes("abi_pe_O2.exe", 0);
}
#endif

#if CORDON_HAVE_MINGW_GCC
TEST_CASE("win64: stack arguments above the home area and the hidden result pointer") {
  check_abi("abi_pe_O2.exe", Abi::kWin64);
}
#endif

TEST_CASE("an import call keeps the C numbering of its arguments") {
  // Calls to imports never get AAPCS64's x8 position: rules count arguments
  // as the prototype does.
  const CallingConvention cc = calling_convention(Abi::kAapcs64);
  CHECK(cc.indirect_result_position() == 8);
  CHECK(cc.first_stack_position() == 9);
  CHECK(calling_convention(Abi::kSysV).first_stack_position() == 6);
  CHECK(calling_convention(Abi::kWin64).first_stack_position() == 4);
  CHECK(abi_of(Format::kPe, Arch::kX86_64) == Abi::kWin64);
  CHECK(abi_of(Format::kPe, Arch::kAArch64) == Abi::kAapcs64);
  CHECK(abi_of(Format::kElf, Arch::kX86_64) == Abi::kSysV);
}

}  // namespace cordon::binary::test
