// Profiles: the built-in two load, dump and load back equal; faults are
// named with file:line:column; the none-with-allow contradiction is refused.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "cordon/rules/profile_loader.h"
#include "cordon/rules/socket_kinds.h"

using cordon::rules::DenyAction;
using cordon::rules::dump_profile;
using cordon::rules::load_profile;
using cordon::rules::NetworkPolicy;
using cordon::rules::parse_profile;
using cordon::rules::Profile;
using cordon::rules::Severity;

namespace {

const std::string kDir = CORDON_TEST_PROFILES_DIR;

bool has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

Profile builtin(std::string_view name) {
  auto profile = load_profile(name, kDir);
  REQUIRE_MESSAGE(profile, (profile ? "" : profile.error().message()));
  return *profile;
}

std::string first_fault(const std::string& yaml) {
  auto profile = parse_profile(yaml, "u.yaml");
  if (profile) return "<ok>";
  return profile.error().front().message();
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  auto pos = text.find(from);
  REQUIRE_MESSAGE(pos != std::string::npos, from);
  text.replace(pos, from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("the built-in profiles hold both halves") {
  Profile air = builtin("air-gapped");
  CHECK(air.name == "air-gapped");
  CHECK(air.runtime_policy.network == NetworkPolicy::kNone);
  CHECK(air.allow.empty());
  CHECK_FALSE(air.static_policy.allow_same_vendor);
  CHECK(air.static_policy.cross_platform == Severity::kCritical);
  CHECK(air.static_policy.unallowed_destination == Severity::kHigh);

  Profile zero = builtin("zero-trust");
  CHECK(zero.name == "zero-trust");
  CHECK(zero.runtime_policy.network == NetworkPolicy::kAllowlist);
  CHECK(zero.static_policy.allow_same_vendor);
  CHECK(zero.runtime_policy.deny_action == DenyAction::kErrno);
  CHECK(zero.runtime_policy.deny_errno == "ECONNREFUSED");
  CHECK(has(zero.runtime_policy.sockets, "inet6 stream tcp"));
  CHECK(has(zero.runtime_policy.sockets, "netlink raw route"));
  // air-gapped too: in the title's own network namespace route lists only lo.
  CHECK(has(air.runtime_policy.sockets, "netlink raw route"));
  CHECK_FALSE(has(air.runtime_policy.sockets, "netlink raw sock_diag"));

  for (const Profile& p : {air, zero}) {
    for (const char* call :
         {"io_uring_setup", "io_uring_enter", "io_uring_register", "ptrace", "process_vm_readv",
          "process_vm_writev", "bpf", "perf_event_open", "userfaultfd", "kexec_load",
          "kexec_file_load", "mount", "keyctl", "add_key", "request_key"}) {
      CHECK_MESSAGE(has(p.runtime_policy.deny_syscalls, call), p.name, " ", call);
    }
    for (const char* path :
         {"~/.ssh", "~/.mozilla", "~/.config/google-chrome", "~/.config/chromium",
          "~/.steam/steam/config", "~/.local/share/Steam/config", "~/.config/Epic", "/run/dbus",
          "~/.dbus"}) {
      CHECK_MESSAGE(has(p.runtime_policy.deny_paths, path), p.name, " ", path);
    }
    // A game client's host sockets: the display and the sound server only.
    for (const char* glob : {"/tmp/.X11-unix/X*", "/run/user/*/wayland-*",
                             "/run/user/*/pulse/native", "/run/user/*/pipewire-0"}) {
      CHECK_MESSAGE(has(p.runtime_policy.unix_socket_paths, glob), p.name, " ", glob);
    }
    CHECK(p.runtime_policy.unix_socket_paths.size() == 4);
    CHECK(has(p.runtime_policy.mask_paths, "/etc/machine-id"));
    CHECK(has(p.runtime_policy.mask_paths, "/var/lib/dbus/machine-id"));
    // Every entry is a kind the sandbox mediates.
    for (const auto& kind : p.runtime_policy.sockets) {
      CHECK_MESSAGE(cordon::rules::parse_socket_kind(kind), p.name, " ", kind);
    }
  }
}

TEST_CASE("dump_profile round-trips") {
  for (const char* name : {"air-gapped", "zero-trust"}) {
    Profile original = builtin(name);
    const std::string text = dump_profile(original);
    auto again = parse_profile(text, "dumped.yaml");
    REQUIRE_MESSAGE(again, (again ? "" : again.error().front().message()), "\n", text);
    again->file = original.file;
    CHECK(*again == original);
    CHECK(dump_profile(*again) == text);
  }
  // A profile with every list filled and odd characters survives too.
  Profile custom = builtin("zero-trust");
  custom.name = "custom";
  custom.description = "quotes ' \" and: colons # hash";
  custom.allow = {"*.example.com", "[::1]:8080", "10.0.0.0/8:1-1024", "https://x.org/a b"};
  custom.allow.pop_back();  // (a blank is not a valid pattern; keep the list valid)
  custom.static_policy.accepted_sanitizers = {"openssl.sha256"};
  custom.runtime_policy.deny_action = DenyAction::kKill;
  custom.runtime_policy.listen = {"loopback", "0.0.0.0:27015", "[::]:27015-27020"};
  auto again = parse_profile(dump_profile(custom), "c.yaml");
  REQUIRE_MESSAGE(again, (again ? "" : again.error().front().message()));
  again->file = custom.file;
  CHECK(*again == custom);
}

TEST_CASE("names and files") {
  auto unknown = load_profile("open", kDir);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message() ==
        "--profile: unknown profile 'open' (built-in: air-gapped, zero-trust; a profile file "
        "needs a '/' or a .yaml suffix)");
  auto by_path = load_profile(kDir + "/zero-trust.yaml", kDir);
  REQUIRE(by_path);
  CHECK(by_path->name == "zero-trust");
  auto missing = load_profile("missing.yaml", kDir);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message() == "missing.yaml: no such file or directory");
  CHECK_FALSE(load_profile("../zero-trust", kDir));
}

TEST_CASE("profile faults") {
  const std::string good = dump_profile(builtin("zero-trust"));
  REQUIRE(first_fault(good) == "<ok>");
  CHECK(first_fault(replaced(good, "network: allowlist", "network: some")) ==
        "u.yaml:17:12: unknown network policy 'some' (expected none or allowlist)");
  CHECK(first_fault(replaced(good, "allow: []", "allow: [\"*.\"]")) ==
        "u.yaml:3:9: bad endpoint pattern '*.': nothing after '*.'");
  CHECK(first_fault(replaced(replaced(good, "allow: []", "allow: [\"*.example.com\"]"),
                             "network: allowlist", "network: none")) ==
        "u.yaml:3:1: 'allow' lists endpoints but 'runtime.network' is none: a profile without "
        "network allows no endpoint (use network: allowlist)");
  CHECK(first_fault(replaced(good, "  deny_action: errno\n", "")) ==
        "u.yaml:17:3: 'runtime' has no 'deny_action'");
  CHECK(
      first_fault(replaced(good, "deny_errno: ECONNREFUSED", "deny_errno: EOOPS")) ==
      "u.yaml:164:15: unknown errno name 'EOOPS' (e.g. ECONNREFUSED, ENETUNREACH, EPERM, EACCES)");
  CHECK(first_fault(replaced(good, "  - ptrace\n", "  - ptrac\n")) ==
        "u.yaml:33:7: unknown syscall 'ptrac' (did you mean 'ptrace'?)");
  CHECK(first_fault(replaced(good, "  - ~/.ssh\n", "  - .ssh\n")) ==
        "u.yaml:82:7: path '.ssh' in 'deny_paths' must be absolute or start with ~/, without "
        "'..' or control characters");
  CHECK(first_fault(replaced(good, "    - inet6 stream tcp\n", "    - inet stream sctp\n")) ==
        "u.yaml:24:7: socket kind 'inet stream sctp': cordon cannot mediate 'inet stream sctp' "
        "(SCTP, DCCP, UDP-Lite, MPTCP, raw and other protocols reach addresses the supervisor "
        "does not see) (expected one of: unix stream, unix dgram, unix seqpacket, inet|inet6 "
        "stream tcp, inet|inet6 dgram udp, inet dgram icmp, inet6 dgram icmpv6, netlink "
        "raw|dgram route|sock_diag|audit|kobject_uevent|generic|netfilter|xfrm)");
  CHECK(first_fault(replaced(good, "    - inet6 stream tcp\n", "    - packet raw\n"))
            .starts_with("u.yaml:24:7: socket kind 'packet raw': cordon cannot mediate the "
                         "family 'packet'"));
  CHECK(first_fault(replaced(good, "  sockets:\n", "  socket_families: [inet]\n  sockets:\n"))
            .find("'socket_families' was replaced by 'sockets'") != std::string::npos);
  CHECK(first_fault(replaced(good, "listen: loopback", "listen: everywhere")) ==
        "u.yaml:28:11: 'listen' is none, loopback or a list of local addresses, not 'everywhere'");
  CHECK(first_fault(replaced(good, "listen: loopback", "listen: [loopback, \"*.example.com\"]")) ==
        "u.yaml:28:22: 'listen' entry '*.example.com' is not 'loopback' or a local IP/CIDR with "
        "an optional :port or :lo-hi (0.0.0.0:27015, [::]:27015, 192.168.0.0/16)");
  CHECK(first_fault(replaced(good, "listen: loopback",
                             "listen: [loopback, \"0.0.0.0:27015\", \"[::]:27015-27020\"]")) ==
        "<ok>");
  CHECK(first_fault(replaced(good, "listen: loopback", "listen: none")) == "<ok>");
  CHECK(first_fault(replaced(good, "cross_platform: critical", "cross_platform: severe")) ==
        "u.yaml:6:21: unknown severity 'severe' (expected one of: critical, high, medium, low, "
        "info)");
  CHECK(first_fault(replaced(good, "allow_same_vendor: true", "allow_same_vendor: yes")) ==
        "u.yaml:14:22: 'allow_same_vendor' must be true or false");
  CHECK(first_fault(replaced(good, "static:", "statik:")) ==
        "u.yaml:4:1: unknown key 'statik' in profile");
  CHECK(first_fault("") ==
        "u.yaml:1:1: empty profile: expected a mapping with 'profile', 'static' and 'runtime'");
  CHECK(first_fault("profile: [\n").starts_with("u.yaml:2:1: yaml syntax error"));
}
