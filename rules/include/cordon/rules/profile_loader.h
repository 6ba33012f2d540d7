// Profiles: the built-in `air-gapped` and `zero-trust`, or a user's file in
// the same format. The static half drives `cordon scan`, the runtime half
// `cordon run`; the CLI's --allow adds to `allow` of the same struct.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cordon/rules/model.h"
#include "cordon/support/error.h"

namespace cordon::rules {

// `name_or_file`: a built-in profile name (looked up in `profile_dir`) or a
// path to a YAML file. Errors name the file, line:column and the fault.
[[nodiscard]] Result<Profile> load_profile(std::string_view name_or_file,
                                           const std::string& profile_dir);

// Loads one profile file; errors name file:line:column.
[[nodiscard]] tl::expected<Profile, std::vector<Error>> load_profile_file(const std::string& path);

// The effective profile as YAML (the same format it was loaded from).
[[nodiscard]] std::string dump_profile(const Profile& profile);

}  // namespace cordon::rules
