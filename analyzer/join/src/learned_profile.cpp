#include "cordon/join/learned_profile.h"

#include <fmt/format.h>

#include <utility>

#include "cordon/join/observations.h"
#include "cordon/rules/endpoint.h"
#include "cordon/rules/profile_loader.h"
#include "cordon/support/terminal_text.h"

namespace cordon::join {
namespace {

constexpr std::size_t kMaxExesNamed = 3;
constexpr std::size_t kMaxNoteLines = 40;
constexpr std::size_t kMaxExeChars = 120;

bool reached(const AuditEvent& event) {
  return (event.verdict == "allow" || event.verdict == "audit") && event.rule != "dns-view";
}

// "connect x3, sendto x1 by /usr/games/title x4 (audit)": how, by whom and
// with which verdicts. Strings from the log are terminal-escaped.
std::string describe(const AllowlistLearner::Tally& t) {
  std::string kinds;
  for (const auto& [kind, n] : t.kinds) {
    kinds += fmt::format("{}{} x{}", kinds.empty() ? "" : ", ", terminal_text(kind), n);
  }
  std::string exes;
  std::size_t named = 0;
  for (const auto& [exe, n] : t.exes) {
    if (named == kMaxExesNamed) {
      exes += fmt::format(", +{} more", t.exes.size() - kMaxExesNamed);
      break;
    }
    const std::string shown =
        exe.empty() ? "(unknown process)" : terminal_text(shorten(exe, kMaxExeChars));
    exes += (exes.empty() ? "" : ", ") + shown;
    if (t.exes.size() > 1) exes += fmt::format(" x{}", n);
    ++named;
  }
  std::string verdicts;
  for (const auto& [verdict, n] : t.verdicts) {
    verdicts += (verdicts.empty() ? "" : ", ") + terminal_text(verdict);
    if (t.verdicts.size() > 1) verdicts += fmt::format(" {}", n);
  }
  return fmt::format("{} by {} ({})", kinds, exes, verdicts);
}

std::string endpoint_text(int kind, const std::string& text, std::uint16_t lo, std::uint16_t hi) {
  if (lo == 0) return text;  // no port known: the bare name or address
  const std::string host = kind == 2 ? "[" + text + "]" : text;
  if (lo == hi) return fmt::format("{}:{}", host, lo);
  return fmt::format("{}:{}-{}", host, lo, hi);
}

void cap(std::vector<std::string>& lines, std::size_t total) {
  if (total > lines.size()) lines.push_back(fmt::format("... and {} more", total - lines.size()));
}

}  // namespace

void AllowlistLearner::Tally::add(const AuditEvent& event) {
  ++count;
  ++kinds[event.event];
  ++exes[event.exe];
  ++verdicts[event.verdict];
}

void AllowlistLearner::Tally::merge(const Tally& other) {
  count += other.count;
  for (const auto& [k, n] : other.kinds) kinds[k] += n;
  for (const auto& [k, n] : other.exes) exes[k] += n;
  for (const auto& [k, n] : other.verdicts) verdicts[k] += n;
}

void AllowlistLearner::add(const AuditEvent& event) {
  ++events_;
  if (!is_endpoint_event(event)) {
    if (event.verdict == "audit") {
      still_denied_[{event.event, event.family, event.address, event.rule}].add(event);
    }
    return;
  }
  if (event.event == "dns") {
    const auto name = rules::canonical_host(event.host);
    if (!name) return;  // not a name a pattern could hold
    if (event.verdict == "deny") {
      denied_[{0, *name, 0}].add(event);
    } else {
      looked_up_[*name].add(event);
    }
    return;
  }
  Key key;
  if (auto name = rules::canonical_host(event.host); name && !event.host.empty()) {
    key = {0, *name, event.port};
  } else if (auto ip = rules::parse_ip(event.address)) {
    key = {ip->v6 ? 2 : 1, ip->to_string(), event.port};
  } else {
    still_denied_[{event.event, event.family, event.address, "not an address"}].add(event);
    return;
  }
  if (reached(event)) {
    reached_[key].add(event);
  } else if (event.verdict == "deny") {
    denied_[key].add(event);
  }
}

LearnedAllowlist AllowlistLearner::result() const {
  LearnedAllowlist out;
  out.events = events_;
  std::size_t name_entries = 0;  // reached_ sorts names first
  // Contiguous ports of one endpoint become one range (LAN discovery sends
  // to a block of ports): still exactly what was reached.
  for (auto it = reached_.begin(); it != reached_.end();) {
    const auto& [kind, text, port] = it->first;
    Tally tally = it->second;
    std::uint16_t hi = port;
    auto next = std::next(it);
    while (port != 0 && next != reached_.end() && std::get<0>(next->first) == kind &&
           std::get<1>(next->first) == text && std::get<2>(next->first) == hi + 1) {
      hi = std::get<2>(next->first);
      tally.merge(next->second);
      ++next;
    }
    out.reached += tally.count;
    std::string comment = describe(tally);
    if (port == 0) comment += "; no port known: allows every port";
    if (kind == 0) ++name_entries;
    out.allow.push_back({endpoint_text(kind, text, port, hi), std::move(comment)});
    it = next;
  }
  // Names only looked up: allowed bare so the lookup is answered again.
  std::vector<LearnedEntry> lookups;
  for (const auto& [name, tally] : looked_up_) {
    const auto connected = reached_.lower_bound({0, name, 0});
    if (connected != reached_.end() && std::get<0>(connected->first) == 0 &&
        std::get<1>(connected->first) == name) {
      continue;  // "name:port" allows its lookup too
    }
    lookups.push_back(
        {name, describe(tally) + "; looked up, never reached: a bare name allows every port"});
  }
  // Names stay together, before the addresses.
  out.allow.insert(out.allow.begin() + static_cast<std::ptrdiff_t>(name_entries), lookups.begin(),
                   lookups.end());

  for (const auto& [key, tally] : denied_) {
    if (out.denied.size() == kMaxNoteLines) break;
    const auto& [kind, text, port] = key;
    out.denied.push_back(
        fmt::format("{}: {}", endpoint_text(kind, text, port, port), describe(tally)));
  }
  cap(out.denied, denied_.size());
  for (const auto& [key, tally] : still_denied_) {
    if (out.still_denied.size() == kMaxNoteLines) break;
    const auto& [event, family, address, rule] = key;
    std::string what = terminal_text(event);
    if (!family.empty()) what += " " + terminal_text(family);
    if (!address.empty()) what += " " + terminal_text(shorten(address, kMaxExeChars));
    out.still_denied.push_back(
        fmt::format("{} [{}]: {}", what, terminal_text(rule), describe(tally)));
  }
  cap(out.still_denied, still_denied_.size());
  return out;
}

Result<std::string> render_learned_profile(const LearnedAllowlist& learned, rules::Profile base,
                                           const std::string& audit_name) {
  const std::string source = terminal_text(audit_name);
  base.name = "learned";
  base.description = "zero-trust; allowlist learned from the audit log " + source;
  base.file.clear();
  base.allow.clear();
  rules::ProfileComments comments;
  for (const auto& entry : learned.allow) {
    base.allow.push_back(entry.pattern);
    comments.allow.push_back(entry.comment);
  }
  auto& h = comments.header;
  h.push_back("Draft zero-trust profile learned from " + source +
              " by `cordon report --emit-profile`.");
  h.push_back(
      fmt::format("{} audit lines; {} network attempts reached {} endpoint(s), listed "
                  "under 'allow' with the processes that reached them.",
                  learned.events, learned.reached, learned.allow.size()));
  h.push_back(
      "Review it before use: every entry is something the title did, not something it "
      "should do. The rest is the built-in zero-trust profile.");
  if (!learned.denied.empty()) {
    h.push_back("");
    h.push_back("Denied during the run, so not learned (run with --mode audit to learn them):");
    for (const auto& line : learned.denied) h.push_back("  " + line);
  }
  if (!learned.still_denied.empty()) {
    h.push_back("");
    h.push_back(
        "Audited during the run and still denied by this profile (not network endpoints; "
        "allow them by hand if the title needs them):");
    for (const auto& line : learned.still_denied) h.push_back("  " + line);
  }
  h.push_back("");
  std::string text = rules::dump_profile(base, comments);

  // The file must load as the profile it says it is.
  auto parsed = rules::parse_profile(text, "learned profile");
  if (!parsed) {
    return fail(ErrorKind::kInternal, "--emit-profile", "",
                "the learned profile does not load: " + parsed.error().front().message());
  }
  if (parsed->allow != base.allow) {
    return fail(ErrorKind::kInternal, "--emit-profile", "",
                "the learned profile's allowlist does not read back as written");
  }
  return text;
}

}  // namespace cordon::join
