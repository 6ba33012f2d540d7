// Profiles: the built-in `air-gapped` and `zero-trust`, or a user's file in
// the same format. The static half drives `cordon scan`, the runtime half
// `cordon run`; the CLI's --allow adds to `allow` of the same struct.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cordon/rules/model.h"
#include "cordon/rules/rule_set.h"
#include "cordon/support/error.h"

namespace cordon::rules {

// `name_or_file`: a built-in profile name (looked up in `profile_dir`) or a
// path to a YAML file. A name without '/' and without a ".yaml" suffix is a
// built-in. Errors name the file, line:column and the first fault (with the
// count of the others); an unknown name lists the built-in ones.
[[nodiscard]] Result<Profile> load_profile(std::string_view name_or_file,
                                           const std::string& profile_dir);

// Loads one profile file; errors name file:line:column.
[[nodiscard]] tl::expected<Profile, std::vector<Error>> load_profile_file(const std::string& path);

// The same from YAML text in memory; `file` names it in messages.
[[nodiscard]] tl::expected<Profile, std::vector<Error>> parse_profile(const std::string& text,
                                                                      const std::string& file);

// The effective profile as YAML (the same format it was loaded from):
// parse_profile(dump_profile(p)) gives p back, `file` aside.
[[nodiscard]] std::string dump_profile(const Profile& profile);

// Comments for a profile written for people to review (a learned allowlist):
// lines above the profile and one comment after each `allow` entry.
// Control characters in them are written as spaces: a comment stays one
// comment line whatever it holds.
struct ProfileComments {
  std::vector<std::string> header;  // one "# " line each
  std::vector<std::string> allow;   // allow[i] follows allow entry i; "" or missing: none
};
[[nodiscard]] std::string dump_profile(const Profile& profile, const ProfileComments& comments);

// Faults between a valid profile and valid packs: `accepted_sanitizers`
// naming ids that are not sanitizer entries of `rules`.
[[nodiscard]] std::vector<Error> check_profile_against(const Profile& profile,
                                                       const RuleSet& rules);

}  // namespace cordon::rules
