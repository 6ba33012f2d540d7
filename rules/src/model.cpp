// Names of the rule vocabulary as written in YAML and the contract, both ways.
#include "cordon/rules/model.h"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <utility>

namespace cordon::rules {
namespace {

// One table per enum keeps to_string and parse_* from drifting apart.
constexpr std::array<std::pair<Party, std::string_view>, 10> kParties{{
    {Party::kPlaystation, "playstation"},
    {Party::kXbox, "xbox"},
    {Party::kMicrosoft, "microsoft"},
    {Party::kSteam, "steam"},
    {Party::kEpic, "epic"},
    {Party::kNintendo, "nintendo"},
    {Party::kApple, "apple"},
    {Party::kOs, "os"},
    {Party::kThirdParty, "third-party"},
    {Party::kUnknown, "unknown"},
}};

constexpr std::array<std::pair<DataClass, std::string_view>, 7> kDataClasses{{
    {DataClass::kIdentity, "identity"},
    {DataClass::kSocial, "social"},
    {DataClass::kDevice, "device"},
    {DataClass::kTelemetry, "telemetry"},
    {DataClass::kLocation, "location"},
    {DataClass::kPayment, "payment"},
    {DataClass::kCredentials, "credentials"},
}};

constexpr std::array<std::pair<EntryKind, std::string_view>, 7> kKinds{{
    {EntryKind::kSource, "source"},
    {EntryKind::kSink, "sink"},
    {EntryKind::kPropagator, "propagator"},
    {EntryKind::kSanitizer, "sanitizer"},
    {EntryKind::kEndpoint, "endpoint"},
    {EntryKind::kHandle, "handle"},
    {EntryKind::kRuntime, "runtime"},
}};

constexpr std::array<std::pair<HandleOrigin, std::string_view>, 4> kHandleOrigins{{
    {HandleOrigin::kNetwork, "network"},
    {HandleOrigin::kFile, "file"},
    {HandleOrigin::kStandard, "standard"},
    {HandleOrigin::kPipe, "pipe"},
}};

constexpr std::array<std::pair<Channel, std::string_view>, 5> kChannels{{
    {Channel::kHttp, "http"},
    {Channel::kSocket, "socket"},
    {Channel::kUdp, "udp"},
    {Channel::kSdk, "sdk"},
    {Channel::kDns, "dns"},
}};

constexpr std::array<std::pair<Severity, std::string_view>, 5> kSeverities{{
    {Severity::kInfo, "info"},
    {Severity::kLow, "low"},
    {Severity::kMedium, "medium"},
    {Severity::kHigh, "high"},
    {Severity::kCritical, "critical"},
}};

constexpr std::array<std::pair<DenyAction, std::string_view>, 2> kDenyActions{{
    {DenyAction::kErrno, "errno"},
    {DenyAction::kKill, "kill"},
}};

constexpr std::array<std::pair<NetworkPolicy, std::string_view>, 2> kNetworkPolicies{{
    {NetworkPolicy::kNone, "none"},
    {NetworkPolicy::kAllowlist, "allowlist"},
}};

// The errno names a profile may choose for denied operations: the ones a
// program handles as "offline" or "not permitted" (and the runtime maps).
const std::array<std::pair<std::string_view, int>, 8> kErrnoNames{{
    {"ECONNREFUSED", ECONNREFUSED},
    {"ENETUNREACH", ENETUNREACH},
    {"EHOSTUNREACH", EHOSTUNREACH},
    {"ENETDOWN", ENETDOWN},
    {"ETIMEDOUT", ETIMEDOUT},
    {"ECONNRESET", ECONNRESET},
    {"EACCES", EACCES},
    {"EPERM", EPERM},
}};

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view text) {
  for (const auto& [v, name] : table) {
    if (name == text) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Party party) {
  return name_of(kParties, party);
}
std::string_view to_string(DataClass data) {
  return name_of(kDataClasses, data);
}
std::string_view to_string(EntryKind kind) {
  return name_of(kKinds, kind);
}
std::string_view to_string(Channel channel) {
  return name_of(kChannels, channel);
}
std::string_view to_string(Severity severity) {
  return name_of(kSeverities, severity);
}
std::string_view to_string(HandleOrigin origin) {
  return name_of(kHandleOrigins, origin);
}
std::optional<HandleOrigin> parse_handle_origin(std::string_view text) {
  return value_of(kHandleOrigins, text);
}
std::string_view to_string(DenyAction action) {
  return name_of(kDenyActions, action);
}
std::string_view to_string(NetworkPolicy network) {
  return name_of(kNetworkPolicies, network);
}

std::optional<Party> parse_party(std::string_view text) {
  return value_of(kParties, text);
}
std::optional<DataClass> parse_data_class(std::string_view text) {
  return value_of(kDataClasses, text);
}
std::optional<Channel> parse_channel(std::string_view text) {
  return value_of(kChannels, text);
}
std::optional<Severity> parse_severity(std::string_view text) {
  return value_of(kSeverities, text);
}
std::optional<DenyAction> parse_deny_action(std::string_view text) {
  return value_of(kDenyActions, text);
}
std::optional<NetworkPolicy> parse_network_policy(std::string_view text) {
  return value_of(kNetworkPolicies, text);
}

std::optional<int> parse_errno_name(std::string_view text) {
  for (const auto& [name, value] : kErrnoNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::string to_string(const ValueRef& ref) {
  const std::string n = std::to_string(ref.index);
  switch (ref.where) {
    case ValueRef::Where::kReturn:
      return "ret";
    case ValueRef::Where::kThis:
      return "this";
    case ValueRef::Where::kArg:
      return "arg" + n;
    case ValueRef::Where::kPointee:
      return "*arg" + n;
    case ValueRef::Where::kArgsFrom:
      return "arg" + n + "+";
    case ValueRef::Where::kPointeesFrom:
      return "*arg" + n + "+";
  }
  return "?";
}

std::optional<ValueRef> parse_value_ref(std::string_view text) {
  if (text == "ret") return ValueRef{ValueRef::Where::kReturn, 0};
  if (text == "this") return ValueRef{ValueRef::Where::kThis, 0};
  const bool pointee = text.starts_with('*');
  if (pointee) text.remove_prefix(1);
  if (!text.starts_with("arg")) return std::nullopt;
  text.remove_prefix(3);
  const bool from = text.ends_with('+');
  if (from) text.remove_suffix(1);
  // Digits only, no sign, no leading zero, at most three digits: the range
  // check (index <= 15, < arity) is the validator's, with a better message.
  if (text.empty() || text.size() > 3) return std::nullopt;
  if (text.size() > 1 && text.front() == '0') return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int index = 0;
  std::from_chars(text.data(), text.data() + text.size(), index);
  ValueRef ref;
  ref.index = index;
  if (pointee) {
    ref.where = from ? ValueRef::Where::kPointeesFrom : ValueRef::Where::kPointee;
  } else {
    ref.where = from ? ValueRef::Where::kArgsFrom : ValueRef::Where::kArg;
  }
  return ref;
}

}  // namespace cordon::rules

namespace cordon::rules {

const std::vector<std::string>& default_secret_patterns() {
  static const std::vector<std::string> kPatterns = {"*_TOKEN",
                                                     "*_TOKEN_*",
                                                     "*TOKEN",
                                                     "*_SECRET*",
                                                     "*SECRET_KEY*",
                                                     "*_PASSWORD*",
                                                     "*_PASSWD",
                                                     "*_PASS",
                                                     "*_API_KEY*",
                                                     "*_APIKEY",
                                                     "*_ACCESS_KEY*",
                                                     "*_PRIVATE_KEY*",
                                                     "*_CREDENTIALS*",
                                                     "*_AUTH",
                                                     "*_COOKIE*",
                                                     "*_SESSION_KEY*",
                                                     "AWS_*",
                                                     "AZURE_*",
                                                     "ARM_CLIENT_*",
                                                     "GOOGLE_APPLICATION_CREDENTIALS",
                                                     "GCLOUD_*",
                                                     "CLOUDSDK_*",
                                                     "DIGITALOCEAN_*",
                                                     "GH_*",
                                                     "GITHUB_*",
                                                     "GITLAB_*",
                                                     "CI_JOB_JWT*",
                                                     "ACTIONS_*",
                                                     "BUILDKITE_AGENT_*",
                                                     "NPM_CONFIG__AUTH*",
                                                     "VAULT_*",
                                                     "DOCKER_AUTH_CONFIG",
                                                     "DOCKER_PASSWORD",
                                                     "KUBECONFIG",
                                                     "SSH_AUTH_SOCK",
                                                     "GPG_AGENT_INFO",
                                                     "KRB5CCNAME",
                                                     "STEAM_*",
                                                     "EOS_*",
                                                     "PLAYFAB_*"};
  return kPatterns;
}

bool keeps_variable(const RuntimePolicy& policy, std::string_view name) {
  const std::string text(name);
  const auto matches = [&](const std::vector<std::string>& globs) {
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) {
      return fnmatch(g.c_str(), text.c_str(), 0) == 0;
    });
  };
  if (matches(policy.env_keep)) return true;
  return !matches(policy.env_drop);
}

}  // namespace cordon::rules
