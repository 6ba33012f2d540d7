// The plan builder keeps its first error and rejects contradictions.
#include <errno.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <doctest/doctest.h>

#include "cordon/runtime/run_plan.h"

namespace {

cordon::rules::Profile profile(cordon::rules::NetworkPolicy network) {
  cordon::rules::Profile p;
  p.name = network == cordon::rules::NetworkPolicy::kNone ? "air-gapped" : "zero-trust";
  p.runtime_policy.network = network;
  return p;
}

}  // namespace

TEST_CASE("air-gapped enforce gets a network namespace; audit mode does not") {
  auto plan = cordon::runtime::PlanBuilder()
                  .profile(profile(cordon::rules::NetworkPolicy::kNone))
                  .mode("enforce")
                  .command({"/bin/true"})
                  .build();
  REQUIRE(plan);
  CHECK(plan->network_namespace);
  CHECK(plan->decider.own_network_namespace);
  CHECK(plan->filter.sockets.empty());  // the test profile names none: every socket() is asked
  auto audit = cordon::runtime::PlanBuilder()
                   .profile(profile(cordon::rules::NetworkPolicy::kNone))
                   .mode("audit")
                   .command({"/bin/true"})
                   .build();
  REQUIRE(audit);
  CHECK_FALSE(audit->network_namespace);
  CHECK(audit->decider.audit_mode);
}

TEST_CASE("contradictions and bad values are refused, first error kept") {
  auto p = profile(cordon::rules::NetworkPolicy::kNone);
  p.allow = {"192.0.2.1"};
  auto plan = cordon::runtime::PlanBuilder().profile(p).mode("bogus").command({"x"}).build();
  REQUIRE_FALSE(plan);
  CHECK(plan.error().reason.find("network is none") != std::string::npos);

  auto q = profile(cordon::rules::NetworkPolicy::kAllowlist);
  q.runtime_policy.deny_errno = "EWHATEVER";
  plan = cordon::runtime::PlanBuilder().profile(q).command({"x"}).build();
  REQUIRE_FALSE(plan);
  CHECK(plan.error().reason == "deny_errno: unknown errno name 'EWHATEVER'");

  q = profile(cordon::rules::NetworkPolicy::kAllowlist);
  q.runtime_policy.sockets = {"inet stream sctp"};
  plan = cordon::runtime::PlanBuilder().profile(q).command({"x"}).build();
  REQUIRE_FALSE(plan);
  CHECK(plan.error().reason.starts_with("sockets: cordon cannot mediate 'inet stream sctp'"));

  plan = cordon::runtime::PlanBuilder()
             .profile(profile(cordon::rules::NetworkPolicy::kNone))
             .command({})
             .build();
  REQUIRE_FALSE(plan);
  CHECK(plan.error().kind == cordon::ErrorKind::kUsage);
}

TEST_CASE("profile runtime policy fills the filter and the decider") {
  auto p = profile(cordon::rules::NetworkPolicy::kAllowlist);
  p.runtime_policy.sockets = {"unix stream", "inet stream tcp", "netlink raw route"};
  p.runtime_policy.deny_errno = "EHOSTUNREACH";
  p.runtime_policy.deny_action = cordon::rules::DenyAction::kKill;
  p.allow = {"*.example.com:443"};
  auto plan = cordon::runtime::PlanBuilder().profile(p).command({"x"}).build();
  REQUIRE(plan);
  CHECK_FALSE(plan->network_namespace);
  using cordon::sandbox::SocketTriple;
  // Protocol 0 (the type's default) and the protocol's own number.
  CHECK(plan->filter.sockets == std::vector<SocketTriple>{{AF_UNIX, SOCK_STREAM, 0},
                                                          {AF_UNIX, SOCK_STREAM, PF_UNIX},
                                                          {AF_INET, SOCK_STREAM, 0},
                                                          {AF_INET, SOCK_STREAM, IPPROTO_TCP},
                                                          {AF_NETLINK, SOCK_RAW, NETLINK_ROUTE}});
  CHECK(plan->decider.connect_errno == EHOSTUNREACH);
  CHECK(plan->decider.datagram_errno == ENETUNREACH);
  CHECK(plan->decider.kill);
  CHECK(plan->decider.sockets == plan->filter.sockets);
  CHECK(plan->allow == std::vector<std::string>{"*.example.com:443"});
}
