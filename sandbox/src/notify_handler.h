// Handles one seccomp user notification: copies what the call points to
// once, asks the decider, records the event, performs an allowed call on the
// title's own socket, and says what to answer. Private to the sandbox library.
#pragma once

#include <linux/seccomp.h>

#include <optional>

#include "cordon/sandbox/decision.h"
#include "cordon/sandbox/dns_view.h"
#include "own_sockets.h"

namespace cordon::sandbox {

struct NotifyContext {
  int listener = -1;
  Decider* decider = nullptr;
  EventSink* sink = nullptr;
  OwnSockets* own = nullptr;
  DnsView* dns = nullptr;  // the DNS view, told which process owns a client port
};

// The response to send, or nullopt when the notification is no longer valid
// (the task died or was interrupted): nothing to answer then.
[[nodiscard]] std::optional<seccomp_notif_resp> handle_notification(const seccomp_notif& notif,
                                                                    NotifyContext& context);

}  // namespace cordon::sandbox
