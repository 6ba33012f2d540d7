// Where the DNS view of one run listens and what it may ask. zero-trust
// (enforce): on a random loopback address of the host, forwarding allowed
// names to --resolver or the host's first nameserver. air-gapped (enforce):
// inside the title's own network namespace, forwarding nothing (every name
// gets NXDOMAIN and a `dns` event, so the audit log names what the title
// wanted to reach). Either way the title's resolv.conf names the view.
#pragma once

#include <optional>

#include "cordon/runtime/run_files.h"
#include "cordon/runtime/run_plan.h"
#include "cordon/sandbox/dns_view.h"
#include "cordon/support/error.h"

namespace cordon::runtime {

struct DnsSetup {
  std::optional<sandbox::SocketAddress> listen;    // nullopt: no view
  std::optional<sandbox::SocketAddress> upstream;  // nullopt: nothing is forwarded
  bool in_title_network = false;  // the launcher binds the sockets in the title's netns
};

// zero-trust: binds `view` on the host's loopback; air-gapped: only picks
// the address (the launcher binds it). Adds the resolv.conf to `files`.
// Without a nameserver (zero-trust) there is no view: names do not resolve.
[[nodiscard]] Result<DnsSetup> set_up_dns_view(const RunPlan& plan, sandbox::DnsView& view,
                                               RunFiles& files);

}  // namespace cordon::runtime
