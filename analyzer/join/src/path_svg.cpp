#include "path_svg.h"

#include <algorithm>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "endpoint_key.h"
#include "markup.h"

namespace cordon::join {
namespace {

constexpr int kWidth = 640;
constexpr int kMargin = 12;
constexpr int kNodeHeight = 30;
constexpr int kGap = 22;  // room for the arrow between two rows
constexpr int kIndent = 48;
constexpr std::size_t kMaxChars = 74;  // what fits a node at 13px monospace

struct Style {
  const char* fill;
  const char* stroke;
  const char* dash;  // "" for a solid outline
};

constexpr Style kSource{"#fde2e1", "#b42318", ""};
constexpr Style kStep{"#eef2f7", "#52606d", ""};
constexpr Style kSink{"#fff1d6", "#b7791f", ""};
constexpr Style kGap_{"#ffffff", "#9aa5b1", "4 3"};
constexpr Style kSeen{"#dcfce7", "#15803d", ""};
constexpr Style kUnseen{"#f3f4f6", "#7b8794", "4 3"};
constexpr Style kUnknown{"#e0e7ff", "#4c51bf", ""};

struct Node {
  std::string label;  // "source", "step 3", "sink", "endpoint"
  std::string text;
  Style style;
  bool indented = false;
};

std::string step_text(const flow::PathStep& step) {
  std::string out = step.function;
  if (step.file) {
    out += "  " + *step.file;
    if (step.line) out += fmt::format(":{}", *step.line);
  }
  if (step.address != 0) out += fmt::format("  {:#x}", step.address);
  return out;
}

std::vector<Node> nodes_of(const FlowItem& item) {
  const flow::Finding& f = item.finding;
  std::vector<Node> nodes;
  if (f.source) {
    nodes.push_back({"source",
                     fmt::format("{} ({} {})", f.source->api, rules::to_string(f.source->platform),
                                 rules::to_string(f.source->data)),
                     kSource});
  }
  const std::size_t steps = f.path.size();
  const std::size_t head = steps > kMaxDrawnSteps ? kMaxDrawnSteps / 2 : steps;
  const std::size_t tail = steps > kMaxDrawnSteps ? kMaxDrawnSteps - head - 1 : 0;
  for (std::size_t i = 0; i < steps; ++i) {
    if (i == head && tail != 0) {
      nodes.push_back({"...", fmt::format("{} more steps", steps - head - tail), kGap_});
      i = steps - tail;
    }
    nodes.push_back({fmt::format("step {}", i + 1), step_text(f.path[i]), kStep});
  }
  if (f.sink) {
    nodes.push_back({"sink",
                     fmt::format("{} ({} {})", f.sink->api, rules::to_string(f.sink->vendor),
                                 rules::to_string(f.sink->channel)),
                     kSink});
  }
  std::set<std::string> seen_keys(item.observed.begin(), item.observed.end());
  for (std::size_t i = 0; i < f.endpoints.size(); ++i) {
    if (i == kMaxDrawnEndpoints) {
      nodes.push_back(
          {"...", fmt::format("{} more endpoints", f.endpoints.size() - i), kGap_, true});
      break;
    }
    const std::string& text = f.endpoints[i];
    Style style = kUnknown;
    std::string state;
    if (item.status != FlowStatus::kNotRun) {
      bool seen = seen_keys.count(display(predicted_key(text))) != 0;
      style = seen ? kSeen : kUnseen;
      state = seen ? "  [seen at run time]" : "  [not seen]";
    }
    nodes.push_back({"endpoint", text + state, style, true});
  }
  return nodes;
}

int row_y(std::size_t row) {
  return kMargin + static_cast<int>(row) * (kNodeHeight + kGap);
}

void arrow_head(int x, int y, std::string& out) {
  // Pointing down at (x, y).
  out += fmt::format(R"(<polygon points="{},{} {},{} {},{}" fill="#52606d"/>)", x - 5, y - 8, x + 5,
                     y - 8, x, y);
}

void arrow_head_right(int x, int y, std::string& out) {
  out += fmt::format(R"(<polygon points="{},{} {},{} {},{}" fill="#52606d"/>)", x - 8, y - 5, x - 8,
                     y + 5, x, y);
}

}  // namespace

std::string path_svg(const FlowItem& item) {
  const std::vector<Node> nodes = nodes_of(item);
  const int height = row_y(nodes.size()) - kGap + kMargin;
  std::string out =
      fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" class="path" width="{}" height="{}" )"
                  R"(viewBox="0 0 {} {}" role="img" aria-label="{}">)",
                  kWidth, height, kWidth, height, html_text("path of finding " + item.finding.id));
  int last_main_bottom = -1;  // bottom of the last node in the main column
  for (std::size_t row = 0; row < nodes.size(); ++row) {
    const Node& node = nodes[row];
    const int x = node.indented ? kMargin + kIndent : kMargin;
    const int y = row_y(row);
    const int w = kWidth - kMargin - x;
    if (last_main_bottom >= 0) {
      if (node.indented) {
        // An elbow from the sink's column down and into the endpoint.
        const int cx = kMargin + kIndent / 2;
        const int mid = y + kNodeHeight / 2;
        out += fmt::format(R"(<path d="M{},{} V{} H{}" fill="none" stroke="#52606d"/>)", cx,
                           last_main_bottom, mid, x - 1);
        arrow_head_right(x, mid, out);
      } else {
        const int cx = kWidth / 2;
        out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#52606d"/>)", cx,
                           last_main_bottom, cx, y - 1);
        arrow_head(cx, y, out);
      }
    }
    if (!node.indented) last_main_bottom = y + kNodeHeight;
    const std::string full = node.label + ": " + node.text;
    out += fmt::format(R"(<g><title>{}</title>)", html_text(full));
    out += fmt::format(
        R"(<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{}" stroke="{}"{}/>)", x, y, w,
        kNodeHeight, node.style.fill, node.style.stroke,
        *node.style.dash == '\0' ? std::string()
                                 : fmt::format(R"( stroke-dasharray="{}")", node.style.dash));
    const std::size_t room = kMaxChars - static_cast<std::size_t>(x - kMargin) / 8;
    out += fmt::format(
        R"(<text x="{}" y="{}" font-family="monospace" font-size="13" fill="#1f2933">)"
        R"(<tspan font-weight="bold">{}</tspan> {}</text></g>)",
        x + 8, y + 20, html_text(node.label),
        html_text(
            shorten(node.text, room > node.label.size() + 1 ? room - node.label.size() - 1 : 1)));
  }
  out += "</svg>";
  return out;
}

}  // namespace cordon::join
