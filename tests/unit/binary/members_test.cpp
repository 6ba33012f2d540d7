// Members of an object a writable global points to (`opts->host`,
// `opts->motd`) are values of their own: the host name written into one
// does not reach a send of another.
#include <doctest/doctest.h>

#include "graph_probe.h"

namespace cordon::binary::test {
namespace {

void check_members(const std::string& file) {
  CAPTURE(file);
  FrontEndOptions options;
  options.jobs = 2;
  auto built = build_binary_graph(input(file), options);
  if (!built) FAIL("scan failed: " << built.error().message());
  flow::ProgramGraph& g = built->graph;
  auto set_host = g.find_function("set_host");
  auto greet = g.find_function("greet");
  REQUIRE(set_host);
  REQUIRE(greet);
  const flow::CallSite* name = first_call(g, *set_host, "gethostname");
  const flow::CallSite* send = first_call(g, *greet, "send");
  REQUIRE(name);
  REQUIRE(send);
  REQUIRE(!name->args.empty());
  REQUIRE(send->args.size() >= 2);
  // struct options { long port; char host[64]; char motd[64]; }
  const flow::NodeId host = g.global("opts->0x8");
  const flow::NodeId motd = g.global("opts->0x48");
  CHECK(host != motd);
  // gethostname fills the host member; the send carries the motd member.
  CHECK(reaches(g, host, name->args[0]));
  CHECK(reaches(g, motd, send->args[1]));
  CHECK_FALSE(reaches(g, host, send->args[1]));
  CHECK_FALSE(reaches(g, name->args[0], send->args[1]));
}

}  // namespace

TEST_CASE("members of an object a global points to stay apart (x86-64)") {
  check_members("members_O2");
}

#if CORDON_HAVE_AARCH64_GCC
TEST_CASE("members of an object a global points to stay apart (AArch64)") {
  check_members("members_aarch64_O2");
}
#endif

}  // namespace cordon::binary::test
