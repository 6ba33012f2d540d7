// Repeats folded (issue 12): the same process making the same attempt is
// one group with its count and the times of its first and last attempt,
// in the observations and in each rendering.
#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cordon/join/render.h"
#include "fixtures.h"

namespace cordon::join::test {
namespace {

// "2026-11-28T10:00:SS.mmm000Z" for `ms` milliseconds after 10:00:00.
std::string at_ms(long ms) {
  return fmt::format("2026-11-28T10:00:{:02}.{:03}000Z", ms / 1000, ms % 1000);
}

// 626 denied netlink sockets of pid 2 over ten seconds, written out of
// order (concurrent threads), then one of pid 3 and two denied broadcasts.
std::string teeworlds_log() {
  std::string text;
  for (long i = 0; i < 626; ++i) {
    const long ms = (i * 7919) % 626 * 16;  // a permutation of 0, 16, ..., 10000
    text += event_json("socket", "netlink", "", 0, "", "deny", 2, at_ms(ms)) + "\n";
  }
  text += event_json("socket", "netlink", "", 0, "", "deny", 3, at_ms(5000)) + "\n";
  text += event_json("sendto", "inet", "255.255.255.255", 8303, "", "deny", 2, at_ms(1500)) + "\n";
  text += event_json("sendto", "inet", "255.255.255.255", 8303, "", "deny", 2, at_ms(3250)) + "\n";
  return text;
}

JoinReport joined(const Observations& run, const AuditSummary& summary) {
  return join::join(std::nullopt, RunInput{"run.jsonl", &run, summary}, std::nullopt,
                    fixture_rules(), "9.9.9");
}

}  // namespace

TEST_CASE("626 identical denied netlink sockets fold to one group with first and last time") {
  AuditSummary summary;
  const Observations run = observe(teeworlds_log(), &summary);
  CHECK(run.events() == 629);
  const auto groups = run.repeats();
  REQUIRE(groups.size() == 3);
  // By first attempt.
  CHECK(groups[0].pid == 2);
  CHECK(groups[0].event == "socket");
  CHECK(groups[0].family == "netlink");
  CHECK(groups[0].verdict == "deny");
  CHECK(groups[0].rule == "air-gapped");
  CHECK(groups[0].exe == "/t/title");
  CHECK(groups[0].count == 626);
  CHECK(groups[0].first_ts == "2026-11-28T10:00:00.000000Z");
  CHECK(groups[0].last_ts == "2026-11-28T10:00:10.000000Z");
  CHECK(groups[0].first_line == 1);
  CHECK(groups[1].event == "sendto");
  CHECK(groups[1].count == 2);
  CHECK(groups[1].port == 8303);
  CHECK(groups[1].first_ts == "2026-11-28T10:00:01.500000Z");
  CHECK(groups[1].last_ts == "2026-11-28T10:00:03.250000Z");
  CHECK(groups[2].pid == 3);  // another process: its own group
  CHECK(groups[2].count == 1);
  CHECK(run.repeats_unkept() == 0);
}

TEST_CASE("the renderings show each group once with its count, first and last") {
  AuditSummary summary;
  const Observations run = observe(teeworlds_log(), &summary);
  const JoinReport report = joined(run, summary);

  const std::string text = render_text(report);
  CHECK(text.find("\nAttempts by process, repeats folded (3 groups of 629 attempts)\n"
                  "     626x deny socket netlink rule air-gapped; pid 2 /t/title; "
                  "2026-11-28T10:00:00.000000Z .. 2026-11-28T10:00:10.000000Z (line 1)\n"
                  "       2x deny sendto inet 255.255.255.255:8303 rule air-gapped; pid 2 "
                  "/t/title; 2026-11-28T10:00:01.500000Z .. 2026-11-28T10:00:03.250000Z (line "
                  "628)\n"
                  "       1x deny socket netlink rule air-gapped; pid 3 /t/title; "
                  "2026-11-28T10:00:05.000000Z (line 627)\n") != std::string::npos);

  const auto doc = nlohmann::json::parse(render_json(report));
  REQUIRE(doc["repeats"].size() == 3);
  CHECK(doc["repeats"][0]["count"] == 626);
  CHECK(doc["repeats"][0]["family"] == "netlink");
  CHECK(doc["repeats"][0]["address"].is_null());
  CHECK(doc["repeats"][0]["first_ts"] == "2026-11-28T10:00:00.000000Z");
  CHECK(doc["repeats"][0]["last_ts"] == "2026-11-28T10:00:10.000000Z");
  CHECK(doc["repeats_unkept"] == 0);
  // The other events keep their own grouping (without the process), now
  // with the last time too.
  REQUIRE(doc["other"].size() == 1);
  CHECK(doc["other"][0]["run"]["events"] == 627);
  CHECK(doc["other"][0]["run"]["last_ts"] == "2026-11-28T10:00:10.000000Z");

  const std::string page = render_html(report);
  CHECK(page.find("<svg class=\"lanes\"") != std::string::npos);
  // One lane per group, the folded one with its count.
  std::size_t lanes = 0;
  for (auto p = page.find("<g class=\"lane\">"); p != std::string::npos;
       p = page.find("<g class=\"lane\">", p + 1))
    ++lanes;
  CHECK(lanes == 3);
  CHECK(page.find("&#215;626</text>") != std::string::npos);
  CHECK(page.find("socket netlink air-gapped: 626 attempts, deny air-gapped, pid 2 /t/title, "
                  "first +0 µs, last +10.000 s") != std::string::npos);
  CHECK(page.find("<tr><td data-sort=\"626\">626</td><td>deny</td><td>socket</td>") !=
        std::string::npos);
}

TEST_CASE("groups are bounded; attempts of groups beyond the bound are counted") {
  std::string text;
  for (std::size_t port = 1; port <= kMaxRepeatGroups + 5; ++port) {
    text += event_json("sendto", "inet", "192.0.2.1", static_cast<int>(port), "", "deny") + "\n";
  }
  text += event_json("sendto", "inet", "192.0.2.1", 1, "", "deny") + "\n";  // a kept group
  AuditSummary summary;
  const Observations run = observe(text, &summary);
  CHECK(run.repeats().size() == kMaxRepeatGroups);
  CHECK(run.repeats_unkept() == 5);
  const std::string rendered = render_text(joined(run, summary));
  CHECK(rendered.find("(4096 groups of 4102 attempts)") != std::string::npos);
  CHECK(rendered.find("(5 attempts beyond the first 4096 groups are not grouped)") !=
        std::string::npos);
}

}  // namespace cordon::join::test
