#include "cordon/rules/socket_kinds.h"

#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>

#include "cordon/support/strings.h"

namespace cordon::rules {
namespace {

struct Word {
  std::string_view name;
  int value;
};

constexpr std::array<Word, 4> kFamilies{
    {{"unix", AF_UNIX}, {"inet", AF_INET}, {"inet6", AF_INET6}, {"netlink", AF_NETLINK}}};
constexpr std::array<Word, 7> kTypes{{{"stream", SOCK_STREAM},
                                      {"dgram", SOCK_DGRAM},
                                      {"raw", SOCK_RAW},
                                      {"rdm", SOCK_RDM},
                                      {"seqpacket", SOCK_SEQPACKET},
                                      {"dccp", SOCK_DCCP},
                                      {"packet", SOCK_PACKET}}};
constexpr std::array<Word, 7> kNetlinkProtocols{{{"route", NETLINK_ROUTE},
                                                 {"sock_diag", NETLINK_SOCK_DIAG},
                                                 {"audit", NETLINK_AUDIT},
                                                 {"kobject_uevent", NETLINK_KOBJECT_UEVENT},
                                                 {"generic", NETLINK_GENERIC},
                                                 {"netfilter", NETLINK_NETFILTER},
                                                 {"xfrm", NETLINK_XFRM}}};

// The inet kinds the supervisor mediates: the protocol word and what
// socket(2)'s protocol may be (0 selects the same protocol for the type).
struct InetKind {
  int type;
  std::string_view protocol;
  std::vector<int> values;
};

const std::vector<InetKind>& inet_kinds(int family) {
  static const std::vector<InetKind> v4 = {{SOCK_STREAM, "tcp", {0, IPPROTO_TCP}},
                                           {SOCK_DGRAM, "udp", {0, IPPROTO_UDP}},
                                           {SOCK_DGRAM, "icmp", {IPPROTO_ICMP}}};
  static const std::vector<InetKind> v6 = {{SOCK_STREAM, "tcp", {0, IPPROTO_TCP}},
                                           {SOCK_DGRAM, "udp", {0, IPPROTO_UDP}},
                                           {SOCK_DGRAM, "icmpv6", {IPPROTO_ICMPV6}}};
  return family == AF_INET ? v4 : v6;
}

template <std::size_t N>
const Word* find_word(const std::array<Word, N>& words, std::string_view name) {
  for (const Word& w : words)
    if (w.name == name) return &w;
  return nullptr;
}

constexpr std::string_view kExpected =
    "expected one of: unix stream, unix dgram, unix seqpacket, inet|inet6 stream tcp, "
    "inet|inet6 dgram udp, inet dgram icmp, inet6 dgram icmpv6, netlink raw|dgram "
    "route|sock_diag|audit|kobject_uevent|generic|netfilter|xfrm";

Result<SocketKind> bad(std::string_view text, std::string_view why) {
  return fail(ErrorKind::kValidation, "sockets", std::string(text),
              std::string(why) + " (" + std::string(kExpected) + ")");
}

}  // namespace

Result<SocketKind> parse_socket_kind(std::string_view text) {
  std::vector<std::string> words;
  for (const auto& part : split(std::string(text), ' '))
    if (!part.empty()) words.push_back(part);
  if (words.size() < 2 || words.size() > 3) return bad(text, "not 'family type [protocol]'");
  const Word* family = find_word(kFamilies, words[0]);
  if (family == nullptr) return bad(text, "cordon cannot mediate the family '" + words[0] + "'");
  const Word* type = find_word(kTypes, words[1]);
  if (type == nullptr) return bad(text, "unknown socket type '" + words[1] + "'");
  SocketKind kind;
  kind.family = family->value;
  kind.type = type->value;
  switch (family->value) {
    case AF_UNIX:
      if (words.size() != 2 || (type->value != SOCK_STREAM && type->value != SOCK_DGRAM &&
                                type->value != SOCK_SEQPACKET))
        return bad(text, "unix sockets are 'unix stream', 'unix dgram' or 'unix seqpacket'");
      kind.protocols = {0, PF_UNIX};  // the kernel takes either
      break;
    case AF_NETLINK: {
      if (words.size() != 3 || (type->value != SOCK_RAW && type->value != SOCK_DGRAM))
        return bad(text, "netlink sockets are 'netlink raw PROTOCOL' or 'netlink dgram PROTOCOL'");
      const Word* protocol = find_word(kNetlinkProtocols, words[2]);
      if (protocol == nullptr) return bad(text, "unknown netlink protocol '" + words[2] + "'");
      kind.protocols = {protocol->value};
      break;
    }
    default: {
      // The default protocol of a type is written out: "inet stream" alone
      // would leave open which one is meant.
      const std::string protocol = words.size() == 3 ? words[2] : "";
      for (const InetKind& k : inet_kinds(family->value)) {
        if (k.type == type->value && k.protocol == protocol) kind.protocols = k.values;
      }
      if (kind.protocols.empty())
        return bad(text, "cordon cannot mediate '" + std::string(text) +
                             "' (SCTP, DCCP, UDP-Lite, MPTCP, raw and other protocols reach "
                             "addresses the supervisor does not see)");
      break;
    }
  }
  kind.name = words[0] + " " + words[1] + (words.size() == 3 ? " " + words[2] : "");
  return kind;
}

std::string socket_family_word(int family) {
  for (const Word& w : kFamilies)
    if (w.value == family) return std::string(w.name);
  return std::to_string(family);
}

std::string socket_type_word(int type) {
  for (const Word& w : kTypes)
    if (w.value == type) return std::string(w.name);
  return std::to_string(type);
}

}  // namespace cordon::rules
