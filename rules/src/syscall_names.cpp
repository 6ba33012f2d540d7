#include "syscall_names.h"

#include <seccomp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <set>
#include <vector>

namespace cordon::rules::detail {
namespace {

// The libseccomp architectures of the binaries cordon analyses.
constexpr std::array<std::uint32_t, 2> kArchitectures{SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64};

// Every number libseccomp names on these architectures is below this.
constexpr int kMaxNumber = 1024;

// Every known name, sorted, read once (only a rejected name needs them).
const std::set<std::string>& known_names() {
  static const std::set<std::string> names = [] {
    std::set<std::string> out;
    for (std::uint32_t arch : kArchitectures) {
      for (int n = 0; n < kMaxNumber; ++n) {
        std::unique_ptr<char, decltype(&std::free)> name(seccomp_syscall_resolve_num_arch(arch, n),
                                                         &std::free);
        if (name) out.insert(name.get());
      }
    }
    return out;
  }();
  return names;
}

// Levenshtein distance, stopping early once every cell passes `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

}  // namespace

bool is_known_syscall(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  const std::string copy(name);
  return std::any_of(kArchitectures.begin(), kArchitectures.end(), [&copy](std::uint32_t arch) {
    return seccomp_syscall_resolve_name_arch(arch, copy.c_str()) != __NR_SCMP_ERROR;
  });
}

std::optional<std::string> closest_syscall(std::string_view name) {
  constexpr std::size_t kMaxEdits = 2;
  if (name.size() > 64) return std::nullopt;
  std::optional<std::string> best;
  std::size_t best_distance = kMaxEdits + 1;
  for (const std::string& known : known_names()) {
    const std::size_t d = edit_distance(name, known, kMaxEdits);
    if (d < best_distance) {
      best_distance = d;
      best = known;
    }
  }
  return best;
}

std::string unknown_syscall_message(std::string_view name) {
  const auto near = closest_syscall(name);
  return "unknown syscall '" + std::string(name) + "' (" +
         (near ? "did you mean '" + *near + "'?"
               : std::string("libseccomp knows no such name on x86-64 or aarch64")) +
         ")";
}

}  // namespace cordon::rules::detail
