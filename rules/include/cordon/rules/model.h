// The rule vocabulary shared by the scanner and the sandbox: packs (sources,
// sinks, propagators, sanitizers, endpoints) and profiles, as plain structs.
// Loaded and validated by pack_loader.h / profile_loader.h; no API name,
// domain or vendor is ever spelled in C++ code, only in rules/ YAML.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::rules {

// Owners of data (sources' `platform`) and receivers (sinks' and endpoints'
// `vendor`) share one list: the contract's.
enum class Party {
  kPlaystation,
  kXbox,
  kMicrosoft,
  kSteam,
  kEpic,
  kNintendo,
  kApple,
  kOs,
  kThirdParty,
  kUnknown,
};

enum class DataClass {
  kIdentity,
  kSocial,
  kDevice,
  kTelemetry,
  kLocation,
  kPayment,
  kCredentials,
};

enum class EntryKind {
  kSource,
  kSink,
  kPropagator,
  kSanitizer,
  kEndpoint,
  kHandle,   // a call, global or constant that gives a descriptor, stream or handle its origin
  kRuntime,  // functions of a language runtime (formatting, stream buffers): not the title's own
};

// Where a descriptor, FILE* stream or Windows handle leads: only a network
// one (or one of unknown origin) makes a write-family call a network sink.
enum class HandleOrigin {
  kNetwork,   // socket, accept, WSASocket
  kFile,      // open, creat, fopen, mkstemp, CreateFile
  kStandard,  // fds 0, 1, 2; stdin, stdout, stderr; GetStdHandle
  kPipe,      // pipe, socketpair: another local process
};

// An entry that applies only when argument `index` is one of these constants
// (the option of curl_easy_setopt, the request of ioctl). Each value has the
// name the API's header gives it, for messages.
struct ArgCondition {
  int index = 0;
  std::vector<std::pair<std::string, std::int64_t>> values;

  friend bool operator==(const ArgCondition&, const ArgCondition&) = default;
};

// How data leaves through a sink.
enum class Channel {
  kHttp,    // HTTP(S) client libraries
  kSocket,  // stream sockets and generic fd writes
  kUdp,     // datagram sends
  kSdk,     // a vendor SDK call that uploads (telemetry, crash, cloud save)
  kDns,     // name lookups (data can leave in the query name)
};

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };

// Which value of a call carries data: its return value, one argument, the
// memory an argument points to (an out-buffer), or an argument and every one
// after it (varargs), or the memory each of those points to. Written in YAML
// as `ret`, `arg2`, `*arg1`, `arg3+`, `*arg3+`, `this`.
struct ValueRef {
  enum class Where { kReturn, kArg, kPointee, kArgsFrom, kPointeesFrom, kThis };
  Where where = Where::kReturn;
  int index = 0;  // argument index (0-based) for kArg, kPointee, kArgsFrom, kPointeesFrom

  friend bool operator==(const ValueRef&, const ValueRef&) = default;
};

// The members of a structure a source returns a pointer to that hold its
// data, by name and byte offset (LP64 layout, which x86-64 and AArch64 Linux
// share): the other members are not that data, such as the home directory
// of a passwd entry next to the user's name.
struct CarriedFields {
  ValueRef ref;  // one of the entry's `carries`
  std::vector<std::pair<std::string, std::int64_t>> members;

  friend bool operator==(const CarriedFields&, const CarriedFields&) = default;
};

// Where an entry was written, for messages: "rules/packs/steam.yaml:41:7".
struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based, 0 when unknown
  int column = 0;  // 1-based, 0 when unknown
};

// One API entry of a pack: a source, sink, propagator or sanitizer.
struct ApiEntry {
  std::string id;  // unique across all loaded packs, e.g. "steam.user.get-steam-id"
  EntryKind kind = EntryKind::kSource;
  std::vector<std::string> apis;        // C names, qualified C++ names, exported names
  std::vector<std::string> syscalls;    // syscall names for static binaries
  std::vector<std::string> strings;     // file paths / registry values whose use is the source
  Party party = Party::kUnknown;        // platform (source) or vendor (sink)
  std::optional<DataClass> data;        // sources: the data class obtained
  std::optional<Channel> channel;       // sinks only
  std::vector<ValueRef> carries;        // source: values that hold the data afterwards
                                        // sink: values that are sent
  std::vector<ValueRef> from;           // propagator/sanitizer: inputs
  std::vector<ValueRef> to;             // propagator/sanitizer: outputs
  std::optional<ValueRef> destination;  // sink: value naming where it goes (URL, sockaddr)
  std::optional<int> callback;          // propagator: argument holding a function that is
                                        // called with `from` as its parameters (threads, callbacks)
  std::optional<int> arity;             // number of fixed arguments, when known
  std::vector<int> float_args;          // parameters passed in floating-point registers
                                        // (float, double): `float_args: [ arg2 ]`
  std::vector<ArgCondition> when;       // applies only where every condition holds
  std::vector<CarriedFields> fields;    // source: only these members of a carried struct
  // source (`own_name`): the data is the machine's own name; sink
  // (`answers_own_name`): a name lookup that answers the machine's own name
  // on the machine (/etc/hosts, nss-myhostname) before any query is sent.
  bool own_name = false;
  // sink: the argument naming the descriptor/stream/handle written to (a
  // network sink only when it may lead to the network); handle entry: the
  // value that holds the new handle afterwards.
  std::optional<ValueRef> handle;
  std::optional<HandleOrigin> origin;   // handle entry: what it opens; none: it copies `from`'s
  std::vector<std::string> globals;     // handle entry: global variables that are handles (stdout)
  std::vector<std::int64_t> constants;  // handle entry: constant handles (descriptors 0, 1, 2)
  std::vector<std::string> functions;   // runtime entry: function name patterns ('*' any text)
  std::string description;
  std::string reference;  // public doc URL or public header it comes from
  std::string pack;       // pack name it came from
  SourceLocation location;
};

// One endpoint entry: patterns attributed to one vendor.
struct EndpointEntry {
  std::string id;
  Party vendor = Party::kUnknown;
  std::vector<std::string> patterns;  // `*.domain`, host, IP, CIDR, URL prefix, optional :port
  // URLs or hosts that must match this entry (and no more specific one);
  // `cordon rules check` runs them, so a pattern typo fails the check.
  std::vector<std::string> examples;
  std::string description;
  std::string reference;
  std::string pack;
  SourceLocation location;
};

// An SDK function that returns a C++ interface object (an `accessor`): the
// interface is named by a version string the caller passes (`version_arg`,
// SteamInternal_FindOrCreateUserInterface(hUser, "SteamUser023")) or by the
// accessor itself (`version`: an older SDK's exported SteamUser()). A binary's
// virtual call on what it returns is a call of the interface's method at
// that vtable slot.
struct AccessorEntry {
  std::string id;
  std::vector<std::string> apis;
  std::optional<int> version_arg;  // the argument holding the version string
  std::string version;             // or the one interface version it returns
  // or: the argument pointing to a context whose first word is a function of
  // the title that gets the object from another accessor (Steam's
  // SteamInternal_ContextInit): the interface is that accessor's.
  std::optional<int> context_arg;
  std::string description;
  std::string reference;
  std::string pack;
  SourceLocation location;
};

// A C++ interface's published method order: `methods[i]` is vtable slot i
// (pointer-sized entries from where the object's table pointer points).
// `versions` are the version strings that name this very order.
struct InterfaceEntry {
  std::string id;
  std::string class_name;  // "ISteamUser": methods are named "ISteamUser::GetSteamID"
  std::vector<std::string> versions;
  std::vector<std::string> methods;
  std::string description;
  std::string reference;
  std::string pack;
  SourceLocation location;
};

struct Pack {
  std::string name;
  std::string description;
  std::string file;
  std::vector<ApiEntry> apis;
  std::vector<EndpointEntry> endpoints;
  std::vector<AccessorEntry> accessors;
  std::vector<InterfaceEntry> interfaces;
};

// What the runtime does with a denied operation.
enum class DenyAction { kErrno, kKill };

enum class NetworkPolicy { kNone, kAllowlist };

// The static half of a profile: which flows are findings, at which severity.
struct StaticPolicy {
  Severity cross_platform = Severity::kCritical;
  Severity unallowed_destination = Severity::kHigh;
  Severity allowed_flow = Severity::kInfo;
  Severity network_capability = Severity::kLow;
  Severity telemetry_sdk = Severity::kMedium;
  Severity endpoint = Severity::kInfo;
  Severity sensitive_source = Severity::kInfo;
  // A path only the call structure (or an unknown descriptor) supports: a
  // lead, not a proof. Cross-platform leads stay at least high.
  Severity lead = Severity::kMedium;
  bool allow_same_vendor = true;                 // zero-trust: a platform's data to its own vendor
  std::vector<std::string> accepted_sanitizers;  // sanitizer entry ids whose output is clean

  friend bool operator==(const StaticPolicy&, const StaticPolicy&) = default;
};

// The runtime half of a profile: what `cordon run` enforces.
struct RuntimePolicy {
  NetworkPolicy network = NetworkPolicy::kNone;
  // socket(2) kinds the title may create: "inet stream tcp", ...
  // (rules/socket_kinds.h); any other is refused.
  std::vector<std::string> sockets;
  // Where the title may accept connections: "loopback" and IP/CIDR[:port]
  // entries ("0.0.0.0:27015"); empty (written `none`): nowhere.
  std::vector<std::string> listen;
  std::vector<std::string> deny_syscalls;
  std::vector<std::string> unix_socket_paths;  // host Unix sockets the title may reach
  std::vector<std::string> deny_paths;         // unreadable (mount namespace); ~ is $HOME
  std::vector<std::string> read_only_paths;    // unwritable (mount namespace)
  std::vector<std::string> mask_paths;         // device ids replaced by a per-run value
  DenyAction deny_action = DenyAction::kErrno;
  std::string deny_errno = "ECONNREFUSED";  // for connect; datagram sends use ENETUNREACH
  // The title's environment: variables whose names match a `drop` glob are
  // not passed (secrets), unless they also match a `keep` glob. A profile
  // without an `environment` section drops default_secret_patterns().
  std::vector<std::string> env_drop;
  std::vector<std::string> env_keep;

  friend bool operator==(const RuntimePolicy&, const RuntimePolicy&) = default;
};

// Names of variables that hold secrets on CI and QA machines (fnmatch globs):
// what a profile drops when it has no `environment` section.
[[nodiscard]] const std::vector<std::string>& default_secret_patterns();

// Whether the variable `name` is kept by a profile's environment policy.
[[nodiscard]] bool keeps_variable(const RuntimePolicy& policy, std::string_view name);

struct Profile {
  std::string name;
  std::string description;
  std::string file;
  std::vector<std::string> allow;  // endpoints allowed in both halves
  StaticPolicy static_policy;
  RuntimePolicy runtime_policy;

  friend bool operator==(const Profile&, const Profile&) = default;
};

// Names as written in YAML and the contract ("playstation", "third-party", ...).
[[nodiscard]] std::string_view to_string(Party party);
[[nodiscard]] std::string_view to_string(DataClass data);
[[nodiscard]] std::string_view to_string(EntryKind kind);
[[nodiscard]] std::string_view to_string(Channel channel);
[[nodiscard]] std::string_view to_string(Severity severity);
[[nodiscard]] std::string_view to_string(HandleOrigin origin);
[[nodiscard]] std::optional<HandleOrigin> parse_handle_origin(std::string_view text);
[[nodiscard]] std::string to_string(const ValueRef& ref);
[[nodiscard]] std::optional<Party> parse_party(std::string_view text);
[[nodiscard]] std::optional<DataClass> parse_data_class(std::string_view text);
[[nodiscard]] std::optional<Channel> parse_channel(std::string_view text);
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view text);
[[nodiscard]] std::optional<ValueRef> parse_value_ref(std::string_view text);
[[nodiscard]] std::string_view to_string(DenyAction action);
[[nodiscard]] std::string_view to_string(NetworkPolicy network);
[[nodiscard]] std::optional<DenyAction> parse_deny_action(std::string_view text);
[[nodiscard]] std::optional<NetworkPolicy> parse_network_policy(std::string_view text);
// The errno value of a name such as "ECONNREFUSED" (the names a profile's
// `deny_errno` may use), or nullopt for an unknown name.
[[nodiscard]] std::optional<int> parse_errno_name(std::string_view text);

}  // namespace cordon::rules
