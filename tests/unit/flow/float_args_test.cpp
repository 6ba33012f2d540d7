// value_nodes with an entry's float_args: where declared argument N of
// f(int a, double b, char* c, float d) is, in each layout a front end gives.
#include <doctest/doctest.h>

#include "cordon/flow/program_graph.h"
#include "value_graph.h"

namespace cordon::flow {
namespace {

struct Probe {
  ProgramGraph graph{"probe"};
  CallId id = 0;
  explicit Probe(FloatArguments layout) {
    FunctionId caller = graph.add_function(Function{"caller", "", {}, false, 0});
    CallSite site;
    site.caller = caller;
    site.callee_name = "f";
    site.float_layout = layout;
    // Four integer positions, four vector registers.
    id = graph.add_call(std::move(site), 4, 4);
  }
  [[nodiscard]] const CallSite& call() const { return graph.calls()[id]; }
  [[nodiscard]] std::vector<NodeId> at(const char* ref) const {
    return value_nodes(call(), *rules::parse_value_ref(ref), {1, 3});
  }
};

}  // namespace

TEST_CASE("float_args: SysV and AArch64 number floating-point arguments apart") {
  Probe p(FloatArguments::kSeparate);
  const CallSite& c = p.call();
  CHECK(p.at("arg0") == std::vector<NodeId>{c.args[0]});        // a: rdi / x0
  CHECK(p.at("arg1") == std::vector<NodeId>{c.float_args[0]});  // b: xmm0 / d0
  CHECK(p.at("arg2") == std::vector<NodeId>{c.args[1]});        // c: rsi / x1
  CHECK(p.at("*arg2") == std::vector<NodeId>{c.arg_pointees[1]});
  CHECK(p.at("arg3") == std::vector<NodeId>{c.float_args[1]});  // d: xmm1 / s1
  CHECK(p.at("*arg1").empty());                                 // a double points nowhere
}

TEST_CASE("float_args: Windows x64 keeps argument N in slot N") {
  Probe p(FloatArguments::kPositional);
  const CallSite& c = p.call();
  CHECK(p.at("arg0") == std::vector<NodeId>{c.args[0]});        // rcx
  CHECK(p.at("arg1") == std::vector<NodeId>{c.float_args[1]});  // xmm1
  CHECK(p.at("arg2") == std::vector<NodeId>{c.args[2]});        // r8
  CHECK(p.at("arg3") == std::vector<NodeId>{c.float_args[3]});  // xmm3
}

TEST_CASE("float_args: the source front end's arguments are the declared ones") {
  Probe p(FloatArguments::kDeclared);
  const CallSite& c = p.call();
  for (int i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(p.at(("arg" + std::to_string(i)).c_str()) == std::vector<NodeId>{c.args[i]});
  }
  // Without float_args, every layout reads the integer positions as before.
  Probe sysv(FloatArguments::kSeparate);
  CHECK(value_nodes(sysv.call(), *rules::parse_value_ref("arg1")) ==
        std::vector<NodeId>{sysv.call().args[1]});
}

}  // namespace cordon::flow
