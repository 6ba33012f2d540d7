#include "cordon/sandbox/decision.h"

namespace cordon::sandbox {

std::string_view operation_name(Operation op) {
  switch (op) {
    case Operation::kConnect:
      return "connect";
    case Operation::kSendto:
      return "sendto";
    case Operation::kSendmsg:
      return "sendmsg";
    case Operation::kBind:
      return "bind";
    case Operation::kSocket:
      return "socket";
    case Operation::kExec:
      return "exec";
    case Operation::kSyscall:
      return "syscall";
    case Operation::kDns:
      return "dns";
    case Operation::kSetsockopt:
      return "setsockopt";
    case Operation::kListen:
      return "listen";
    case Operation::kAccept:
      return "accept";
    case Operation::kOpen:
      return "open";
  }
  return "syscall";
}

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kAllow:
      return "allow";
    case Verdict::kDeny:
      return "deny";
    case Verdict::kAudit:
      return "audit";
  }
  return "deny";
}

}  // namespace cordon::sandbox
