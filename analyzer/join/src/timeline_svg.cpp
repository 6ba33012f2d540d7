#include "timeline_svg.h"

#include <algorithm>

#include <fmt/format.h>

#include "markup.h"

namespace cordon::join {
namespace {

constexpr double kWidth = 960;
constexpr double kLeft = 48;
constexpr double kRight = 16;
constexpr double kBarsTop = 10;
constexpr double kBarsHeight = 120;
constexpr double kMarkerRow = kBarsTop + kBarsHeight + 34;

std::string duration_text(std::int64_t us) {
  if (us < 1000) return fmt::format("{} µs", us);
  if (us < 1'000'000) return fmt::format("{:.1f} ms", static_cast<double>(us) / 1000.0);
  return fmt::format("{:.3f} s", static_cast<double>(us) / 1'000'000.0);
}

const char* status_colour(EndpointStatus status) {
  switch (status) {
    case EndpointStatus::kUnpredicted:
      return "#b42318";
    case EndpointStatus::kMatched:
      return "#15803d";
    case EndpointStatus::kObserved:
      return "#1d4ed8";
    case EndpointStatus::kUnexercised:
    case EndpointStatus::kPredicted:
      return "#7b8794";
  }
  return "#7b8794";
}

const char* verdict_colour(const std::string& verdict) {
  if (verdict == "deny") return "#d64545";
  if (verdict == "audit") return "#e8a317";
  return "#3f9142";
}

// The run's time axis: whole buckets from the first event's to the last's.
struct Axis {
  std::int64_t start = 0;
  std::int64_t end = 0;
  [[nodiscard]] double x(std::int64_t us) const {
    const double plot = kWidth - kLeft - kRight;
    return kLeft + plot * static_cast<double>(us - start) / static_cast<double>(end - start);
  }
};

Axis axis_of(const Timeline& t) {
  const std::int64_t first = *t.first_us();
  const std::int64_t width_us = t.bucket_us();
  Axis axis;
  axis.start = first - (first % width_us + width_us) % width_us;
  axis.end = std::max(*t.last_us() + 1, axis.start + width_us);
  return axis;
}

std::string lane_label(const RepeatGroup& g) {
  std::string where = g.host.empty() ? g.address : g.host;
  if (g.port != 0) where += ":" + std::to_string(g.port);
  std::string label = g.event;
  if (!g.family.empty()) label += " " + g.family;
  if (!where.empty())
    label += " " + where;
  else if (!g.rule.empty())
    label += " " + g.rule;
  return label;
}

}  // namespace

std::string lanes_svg(const JoinReport& report, std::size_t max_lanes) {
  if (!report.timeline || report.timeline->timed() == 0 || report.repeats.empty()) return "";
  const Axis axis = axis_of(*report.timeline);
  // The groups with the most attempts, shown in the order of their first.
  std::vector<const RepeatGroup*> lanes;
  for (const auto& g : report.repeats) {
    if (parse_timestamp_us(g.first_ts) && parse_timestamp_us(g.last_ts)) lanes.push_back(&g);
  }
  if (lanes.size() > max_lanes) {
    std::stable_sort(lanes.begin(), lanes.end(),
                     [](const auto* a, const auto* b) { return a->count > b->count; });
    lanes.resize(max_lanes);
    std::stable_sort(lanes.begin(), lanes.end(),
                     [](const auto* a, const auto* b) { return a->first_ts < b->first_ts; });
  }
  constexpr double kLane = 16;
  constexpr double kLabel = 300;  // the label column left of the axis
  const double height = kLane * static_cast<double>(lanes.size()) + 24;
  std::string svg = fmt::format(
      "<svg class=\"lanes\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
      "viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" font-family=\"sans-serif\" "
      "font-size=\"11\">\n<title>attempts by process over the run, repeats folded ({2} "
      "lanes)</title>\n",
      kWidth + kLabel, height, lanes.size());
  svg += fmt::format(
      "<g class=\"axis\"><line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" "
      "stroke=\"#52606d\"/><text x=\"{0}\" y=\"{3}\">+0</text><text x=\"{2}\" y=\"{3}\" "
      "text-anchor=\"end\">+{4}</text></g>\n",
      kLabel + kLeft, height - 18, kLabel + kWidth - kRight, height - 6,
      duration_text(axis.end - axis.start));
  double y = 4;
  for (const RepeatGroup* g : lanes) {
    const double x0 = kLabel + axis.x(*parse_timestamp_us(g->first_ts));
    const double x1 = kLabel + axis.x(*parse_timestamp_us(g->last_ts));
    const double w = std::max(3.0, x1 - x0);
    const std::string label = lane_label(*g);
    svg += fmt::format(
        "<g class=\"lane\"><text x=\"4\" y=\"{0:.1f}\">{1}</text>"
        "<rect x=\"{2:.1f}\" y=\"{3:.1f}\" width=\"{4:.1f}\" height=\"10\" rx=\"2\" "
        "fill=\"{5}\"/><text x=\"{6:.1f}\" y=\"{0:.1f}\"{7}>&#215;{8}</text>"
        "<title>{9}: {8} attempt{10}, {11} {12}, pid {13} {14}, first +{15}, last +{16}</title>"
        "</g>\n",
        y + 10, html_text(shorten(label, 48)), x0, y + 1, w, verdict_colour(g->verdict),
        x0 + w + 4 > kLabel + kWidth - 40 ? x0 - 4 : x0 + w + 4,
        x0 + w + 4 > kLabel + kWidth - 40 ? " text-anchor=\"end\"" : "", g->count, html_text(label),
        g->count == 1 ? "" : "s", html_text(g->verdict), html_text(g->rule), g->pid,
        html_text(g->exe),
        duration_text(*parse_timestamp_us(g->first_ts) - *report.timeline->first_us()),
        duration_text(*parse_timestamp_us(g->last_ts) - *report.timeline->first_us()));
    y += kLane;
  }
  svg += "</svg>";
  return svg;
}

std::string run_offset(const JoinReport& report, const std::string& ts) {
  if (!report.timeline || !report.timeline->first_us()) return "";
  const auto at = parse_timestamp_us(ts);
  if (!at) return "";
  return "+" + duration_text(*at - *report.timeline->first_us());
}

std::string timeline_svg(const JoinReport& report) {
  if (!report.timeline || report.timeline->timed() == 0) return "";
  const Timeline& t = *report.timeline;
  const std::int64_t first = *t.first_us();
  const std::int64_t width_us = t.bucket_us();
  const Axis axis = axis_of(t);
  const std::int64_t axis_start = axis.start;
  const std::int64_t axis_end = axis.end;
  const double span = static_cast<double>(axis_end - axis_start);
  const double plot = kWidth - kLeft - kRight;
  auto x_of = [&](std::int64_t us) { return axis.x(us); };
  const auto buckets = t.buckets();
  std::size_t peak = 1;
  for (const auto& b : buckets) peak = std::max(peak, b.allow + b.deny + b.audit);

  std::string svg = fmt::format(
      "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
      "viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"11\">\n<title>run-time events over {} ({} buckets of {})</title>\n",
      kWidth, kMarkerRow + 40, kWidth, kMarkerRow + 40, duration_text(axis_end - axis_start),
      buckets.size(), duration_text(width_us));
  svg += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#52606d\"/>\n"
      "<text x=\"{0}\" y=\"{3}\">+0</text>\n<text x=\"{2}\" y=\"{3}\" "
      "text-anchor=\"end\">+{4}</text>\n<text x=\"4\" y=\"{5}\">{6}</text>\n"
      "<text x=\"4\" y=\"{1}\">0</text>\n",
      kLeft, kBarsTop + kBarsHeight, kWidth - kRight, kBarsTop + kBarsHeight + 14,
      duration_text(axis_end - axis_start), kBarsTop + 10, peak);
  const double bar = std::max(1.0, plot * static_cast<double>(width_us) / span - 1.0);
  for (const auto& b : buckets) {
    double y = kBarsTop + kBarsHeight;
    const double x = x_of(b.start_us);
    const std::pair<std::size_t, const char*> parts[] = {
        {b.deny, "#d64545"}, {b.audit, "#e8a317"}, {b.allow, "#3f9142"}};
    for (const auto& [n, colour] : parts) {
      if (n == 0) continue;
      const double h = kBarsHeight * static_cast<double>(n) / static_cast<double>(peak);
      y -= h;
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
          "fill=\"{}\"/>\n",
          x, y, bar, h, colour);
    }
    svg += fmt::format(
        "<rect class=\"bucket\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" "
        "fill=\"transparent\"><title>+{}: {} allowed, {} denied, {} audited</title></rect>\n",
        x, kBarsTop, bar, kBarsHeight, duration_text(b.start_us - axis_start), b.allow, b.deny,
        b.audit);
  }
  // First contact of each endpoint the run reached.
  svg += fmt::format("<text x=\"4\" y=\"{}\">first</text>\n", kMarkerRow + 4);
  for (const auto& e : report.endpoints) {
    if (!e.run) continue;
    const auto at = parse_timestamp_us(e.run->first_ts);
    if (!at) continue;
    const double x = x_of(*at);
    svg += fmt::format(
        "<path class=\"first-contact\" d=\"M{0:.1f} {1} l-5 9 h10 z\" fill=\"{2}\">"
        "<title>{3}: first contact at +{4} ({5})</title></path>\n",
        x, kMarkerRow - 6, status_colour(e.status), html_text(e.endpoint),
        duration_text(*at - first), to_string(e.status));
  }
  svg += fmt::format(
      "<g font-size=\"11\"><rect x=\"{0}\" y=\"{1}\" width=\"10\" height=\"10\" fill=\"#d64545\"/>"
      "<text x=\"{2}\" y=\"{3}\">denied</text><rect x=\"{4}\" y=\"{1}\" width=\"10\" "
      "height=\"10\" fill=\"#e8a317\"/><text x=\"{5}\" y=\"{3}\">audited</text><rect x=\"{6}\" "
      "y=\"{1}\" width=\"10\" height=\"10\" fill=\"#3f9142\"/><text x=\"{7}\" "
      "y=\"{3}\">allowed</text></g>\n",
      kLeft, kMarkerRow + 18, kLeft + 14, kMarkerRow + 27, kLeft + 80, kLeft + 94, kLeft + 164,
      kLeft + 178);
  svg += "</svg>";
  return svg;
}

}  // namespace cordon::join
