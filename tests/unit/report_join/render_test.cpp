// The renderings: deterministic, escaped, and the HTML's graphs.
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cordon/join/render.h"
#include "cordon/report/scan_report_reader.h"
#include "fixtures.h"
#include "markup.h"
#include "path_svg.h"

namespace cordon::join::test {
namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

struct Fixture {
  flow::ScanReport scan;
  Observations run;
  AuditSummary summary;

  explicit Fixture(const std::string& function = "send_tag") {
    std::string finding =
        finding_json("f1", "exfiltration-path", R"(["198.51.100.7", "https://x.example.test/a"])");
    finding.replace(finding.find("send_tag"), 8, function);
    auto parsed = report::parse_scan_report(scan_json({finding}), "scan.json");
    REQUIRE_MESSAGE(parsed.has_value(), (parsed ? "" : parsed.error().message()));
    scan = std::move(*parsed);
    run = observe(event_json("connect", "inet", "198.51.100.7", 8443, "", "deny") + "\n" +
                      event_json("sendto", "inet", "192.0.2.77", 4242, "", "deny") + "\n",
                  &summary);
  }

  JoinReport join() const {
    return join::join(ScanInput{"scan.json", &scan}, RunInput{"run.jsonl", &run, summary},
                      std::nullopt, fixture_rules(), "9.9.9");
  }
};

}  // namespace

TEST_CASE("html_text escapes markup and replaces controls, bidi controls and bad UTF-8") {
  CHECK(html_text("<a href=\"x\">'&'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(html_text("caf\xC3\xA9 \xE2\x9C\x93") == "caf\xC3\xA9 \xE2\x9C\x93");  // é ✓ kept
  CHECK(html_text("a\x1b[31mb") == "a\xEF\xBF\xBD[31mb");
  CHECK(html_text("\xE2\x80\xAEgnp") == "\xEF\xBF\xBDgnp");                    // U+202E
  CHECK(html_text("\xC2\x9B") == "\xEF\xBF\xBD");                              // C1 CSI
  CHECK(html_text("\xFF\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  CHECK(html_text("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(html_text("\xF0\x9F\x8E") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // cut short
}

TEST_CASE("terminal_text shows controls as escapes that cannot be forged") {
  CHECK(terminal_text("plain /path:1") == "plain /path:1");
  CHECK(terminal_text("a\x1b]0;x\x07") == "a\\u{001b}]0;x\\u{0007}");
  CHECK(terminal_text("new\nline\ttab") == "new\\u{000a}line\\u{0009}tab");
  CHECK(terminal_text("\\u{001b}") == "\\\\u{001b}");
  CHECK(terminal_text("\xFF") == "\\xff");
  CHECK(terminal_text("\xE2\x80\xAE") == "\\u{202e}");
  CHECK(terminal_text("caf\xC3\xA9") == "caf\xC3\xA9");
}

TEST_CASE("shorten cuts at code points") {
  CHECK(shorten("abcdef", 6) == "abcdef");
  CHECK(shorten("abcdefg", 6) == "abcde\xE2\x80\xA6");
  CHECK(shorten("\xC3\xA9\xC3\xA9\xC3\xA9", 2) == "\xC3\xA9\xE2\x80\xA6");
  CHECK(shorten("abc", 0).empty());
}

TEST_CASE("the JSON rendering is deterministic and holds the documented fields") {
  Fixture a;
  Fixture b;
  const std::string first = render_json(a.join());
  CHECK(first == render_json(b.join()));
  CHECK(first.back() == '\n');
  auto doc = nlohmann::ordered_json::parse(first);
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"tool", "inputs", "summary", "vendors", "endpoints",
                                         "flows", "other", "repeats", "repeats_unkept"});
  CHECK(doc["tool"]["version"] == "9.9.9");
  CHECK(doc["inputs"]["manifest"].is_null());
  CHECK(doc["summary"]["matched"] == 1);
  CHECK(doc["summary"]["unpredicted"] == 1);
  CHECK(doc["summary"]["unexercised"] == 1);
  CHECK(doc["summary"]["undeclared"] == 0);  // no manifest: nothing is undeclared
  CHECK(doc["summary"]["discrepancy"] == true);
  REQUIRE(doc["endpoints"].size() == 3);
  const auto& e = doc["endpoints"][0];
  CHECK(e["endpoint"] == "192.0.2.77:4242");
  CHECK(e["status"] == "unpredicted");
  CHECK(e["declared"].is_null());
  CHECK(e["scan"].is_null());
  CHECK(e["run"]["events"] == 1);
  CHECK(e["run"]["ports"] == nlohmann::ordered_json::array({4242}));
  CHECK(e["run"]["first_line"] == 2);
  REQUIRE(doc["flows"].size() == 1);
  CHECK(doc["flows"][0]["finding"]["id"] == "f1");
  CHECK(doc["flows"][0]["finding"]["path"][0]["address"] == "0x1130");
  CHECK(doc["flows"][0]["status"] == "exercised");
  CHECK(doc["flows"][0]["observed"] == nlohmann::ordered_json::array({"198.51.100.7"}));
}

TEST_CASE("the text rendering groups by status, unpredicted first") {
  Fixture f;
  const std::string text = render_text(f.join());
  CHECK(text == render_text(Fixture().join()));
  auto unpredicted = text.find(
      "Seen at run time, not predicted by the scan (1)\n"
      "  192.0.2.77:4242  vendor unknown\n");
  auto unexercised = text.find(
      "Predicted by the scan, never seen at run time (1)\n"
      "  x.example.test:443  vendor unknown\n");
  auto matched = text.find("Predicted and seen at run time (1)\n  198.51.100.7  vendor unknown\n");
  REQUIRE(unpredicted != std::string::npos);
  REQUIRE(unexercised != std::string::npos);
  REQUIRE(matched != std::string::npos);
  CHECK(unpredicted < unexercised);
  CHECK(unexercised < matched);
  CHECK(text.find("    run: 1 event (connect 1; deny 1), port 8443, rule air-gapped\n") !=
        std::string::npos);
  CHECK(text.find("\n3 endpoints: 1 matched, 1 unpredicted, 1 unexercised, 0 undeclared; 1 flow: "
                  "1 exercised, 0 unexercised, 0 without endpoint\n") != std::string::npos);
}

TEST_CASE("the HTML is one self-contained page with a graph per path and hostile text escaped") {
  // Graphs: one per flow, plus the run-time timeline and its lanes of
  // folded attempts. Script: only the
  // report's own, allowed by its hash; links only to the page's own flows.
  Fixture f("<script>alert(1)</script>");
  const std::string page = render_html(f.join());
  CHECK(page == render_html(Fixture("<script>alert(1)</script>").join()));
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("default-src 'none'") != std::string::npos);
  CHECK(count(page, "<svg ") == 3);
  CHECK(count(page, "</svg>") == 3);
  CHECK(count(page, "<svg class=\"timeline\"") == 1);
  CHECK(count(page, "<svg class=\"lanes\"") == 1);
  CHECK(count(page, "<script") == 1);
  CHECK(count(page, "script-src 'sha256-") == 1);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(page.find(" src=") == std::string::npos);
  CHECK(count(page, " href=") == count(page, " href=\"#flow-"));
}

TEST_CASE("a path graph draws source, steps, sink and endpoints, seen ones in green") {
  Fixture f;
  JoinReport r = f.join();
  REQUIRE(r.flows.size() == 1);
  const std::string svg = path_svg(r.flows[0]);
  CHECK(count(svg, "<rect ") == 6);  // source, 2 steps, sink, 2 endpoints
  CHECK(count(svg, "<polygon ") == 5);
  CHECK(svg.find("<tspan font-weight=\"bold\">source</tspan> XUserGetGamertag (xbox identity)") !=
        std::string::npos);
  CHECK(svg.find("read_tag  0x1130") != std::string::npos);
  CHECK(svg.find("198.51.100.7  [seen at run time]") != std::string::npos);
  CHECK(svg.find("https://x.example.test/a  [not seen]") != std::string::npos);
  CHECK(count(svg, "fill=\"#dcfce7\"") == 1);
}

TEST_CASE("a long path is drawn with its ends and a count of the steps left out") {
  Fixture f;
  JoinReport r = f.join();
  FlowItem item = r.flows[0];
  item.finding.path.resize(1000, item.finding.path[0]);
  const std::string svg = path_svg(item);
  CHECK(count(svg, "<tspan font-weight=\"bold\">step ") == kMaxDrawnSteps - 1);
  CHECK(svg.find("961 more steps") != std::string::npos);
  CHECK(svg.find(">step 1000<") != std::string::npos);
  item.finding.endpoints.resize(100, "192.0.2.1");
  CHECK(path_svg(item).find("88 more endpoints") != std::string::npos);
}

}  // namespace cordon::join::test
