// The keys a profile file may hold, in the order the format documents them.
// The profile parser accepts exactly these (any other key is an error) and
// cordon-profiles(5) is generated from the same lists, so the manual cannot
// name a key the parser refuses or miss one it accepts.
#pragma once

#include <array>
#include <string_view>

namespace cordon::rules::profile_keys {

inline constexpr std::array<std::string_view, 5> kTop{"profile", "description", "allow", "static",
                                                      "runtime"};
inline constexpr std::array<std::string_view, 3> kStatic{"severities", "allow_same_vendor",
                                                         "accepted_sanitizers"};
inline constexpr std::array<std::string_view, 8> kSeverities{
    "cross_platform",     "unallowed_destination", "allowed_flow",
    "network_capability", "telemetry_sdk",         "endpoint",
    "sensitive_source",   "lead"};
inline constexpr std::array<std::string_view, 11> kRuntime{
    "network",    "sockets",         "listen",     "deny_syscalls", "unix_socket_paths",
    "deny_paths", "read_only_paths", "mask_paths", "deny_action",   "deny_errno",
    "environment"};

}  // namespace cordon::rules::profile_keys
