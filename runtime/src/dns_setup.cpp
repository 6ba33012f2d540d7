#include "dns_setup.h"

#include <errno.h>
#include <sys/random.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "cordon/support/diagnostics.h"

namespace cordon::runtime {
namespace {

// A random 127/8 address, port 53 (resolv.conf cannot name another port).
std::optional<sandbox::SocketAddress> random_loopback() {
  unsigned char random[3] = {};
  if (getrandom(random, sizeof(random), 0) != sizeof(random)) return std::nullopt;
  sandbox::SocketAddress a;
  a.family = sandbox::Family::kInet;
  a.port = 53;
  a.ip = {127, static_cast<std::uint8_t>(random[0] | 1), random[1],
          static_cast<std::uint8_t>(random[2] | 1)};
  return a;
}

Status add_resolv_conf(RunFiles& files, const sandbox::SocketAddress& listen) {
  return files.add("/etc/resolv.conf", "nameserver " + listen.address_text() + "\noptions edns0\n");
}

Result<std::optional<sandbox::SocketAddress>> upstream_of(const RunPlan& plan) {
  if (plan.resolver) {
    auto upstream = sandbox::parse_resolver(*plan.resolver);
    if (!upstream)
      return fail(ErrorKind::kUsage, "--resolver", *plan.resolver,
                  "not an IP address with an optional port");
    return upstream;
  }
  std::ifstream in("/etc/resolv.conf");
  std::stringstream text;
  text << in.rdbuf();
  return sandbox::first_nameserver(text.str());
}

}  // namespace

Result<DnsSetup> set_up_dns_view(const RunPlan& plan, sandbox::DnsView& view, RunFiles& files) {
  DnsSetup setup;
  // Audit mode has the view too: it forwards the names enforce would refuse
  // (verdict audit), so the log names every lookup and the addresses that
  // follow carry their name (what `cordon report --emit-profile` learns).
  if (plan.network_namespace) {
    // Alone in its namespace: any loopback address is free there.
    setup.listen = random_loopback();
    if (!setup.listen)
      return fail(ErrorKind::kSystem, "dns view", "getrandom", "no random address");
    setup.in_title_network = true;
    if (auto added = add_resolv_conf(files, *setup.listen); !added) return fail(added.error());
    return setup;
  }
  if (!plan.decider.allowlist) return setup;
  auto upstream = upstream_of(plan);
  if (!upstream) return fail(upstream.error());
  if (!*upstream) {
    print_warning("/etc/resolv.conf", "no nameserver and no --resolver: names will not resolve");
    return setup;
  }
  Status bound = fail(ErrorKind::kSandbox, "dns view", "", "no loopback address free");
  std::optional<sandbox::SocketAddress> listen;
  for (int attempt = 0; attempt < 8 && !bound; ++attempt) {
    listen = random_loopback();
    if (listen) bound = view.bind(*listen);
  }
  if (!bound) {
    // Unprivileged, port 53 of the host's loopback is out of reach
    // (net.ipv4.ip_unprivileged_port_start), and resolv.conf cannot name
    // another port: say what that means for the run, in one line.
    if (bound.error().reason.find(errno_text(EACCES)) != std::string::npos)
      print_warning("dns view",
                    "only root (CAP_NET_BIND_SERVICE) can listen on port 53 of the host's "
                    "loopback: names do not resolve inside the sandbox (lookups fail as "
                    "offline); endpoints allowed by IP address are reached as usual");
    else
      print_warning(bound.error().message(), "names do not resolve inside the sandbox");
    return setup;
  }
  if (auto added = add_resolv_conf(files, *listen); !added) return fail(added.error());
  setup.listen = listen;
  setup.upstream = **upstream;
  return setup;
}

}  // namespace cordon::runtime
