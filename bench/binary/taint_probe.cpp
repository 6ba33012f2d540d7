// A debugging aid for the engine: builds a binary's graph with the engine's
// edges and, from the source sites of one API, prints (a) where the engine's
// own search (function summaries) reaches the functions named with --to, and
// the chain it gets there by, (b) what a plain reachability walk with no
// call matching reaches, and (c) with --reach F, every value of F the
// engine's search reaches. It answers "where does this path break" without
// instrumenting the analyzer.
//
//   taint_probe BINARY API [--in FUNCTION_PART] [--to FUNCTION_PART]...
//               [--weak] [--all] [--reach FUNCTION_PART] [--sinks]
// (--sinks: only the values sinks carry in the --to functions count).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "analysis_context.h"
#include "cordon/binary/binary_front_end.h"
#include "cordon/rules/profile_loader.h"
#include "cordon/rules/rule_set.h"
#include "cordon/rules/rules_dir.h"
#include "summary_search.h"

namespace {

using cordon::flow::NodeId;
using cordon::flow::NodeKind;

const char* kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::kParam:
      return "param";
    case NodeKind::kReturn:
      return "return";
    case NodeKind::kArg:
      return "arg";
    case NodeKind::kCallResult:
      return "result";
    case NodeKind::kPointee:
      return "pointee";
    case NodeKind::kGlobal:
      return "global";
    case NodeKind::kLocal:
      return "local";
    case NodeKind::kString:
      return "string";
  }
  return "?";
}

std::string describe(const cordon::flow::ProgramGraph& g, NodeId id) {
  const auto& n = g.nodes()[id];
  std::string fn = n.function < g.functions().size() ? g.functions()[n.function].name : "-";
  std::string out = std::string(kind_name(n.kind)) + " " + std::to_string(n.index) + " in " + fn;
  if (n.kind == NodeKind::kArg || n.kind == NodeKind::kPointee || n.kind == NodeKind::kCallResult) {
    const auto& c = g.calls()[n.call];
    char at[32];
    std::snprintf(at, sizeof at, " @%llx ", static_cast<unsigned long long>(c.where.address));
    out += at + (c.syscall ? *c.syscall : c.callee_name) + (c.indirect ? " [indirect]" : "");
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: taint_probe BINARY API [--in F] [--to F]... [--weak]\n");
    return 2;
  }
  std::string in;
  std::vector<std::string> to;
  bool weak = false;
  bool all = false;
  bool sinks_only = false;  // --to names the functions whose sink values count
  std::string reach;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--in") == 0 && i + 1 < argc) {
      in = argv[++i];
    } else if (std::strcmp(argv[i], "--to") == 0 && i + 1 < argc) {
      to.emplace_back(argv[++i]);
    } else if (std::strcmp(argv[i], "--weak") == 0) {
      weak = true;
    } else if (std::strcmp(argv[i], "--reach") == 0 && i + 1 < argc) {
      reach = argv[++i];
    } else if (std::strcmp(argv[i], "--all") == 0) {
      all = true;
    } else if (std::strcmp(argv[i], "--sinks") == 0) {
      sinks_only = true;
    }
  }
  cordon::binary::FrontEndOptions options;
  options.jobs = 2;
  auto built = cordon::binary::build_binary_graph(argv[1], options);
  if (!built) {
    std::fprintf(stderr, "%s\n", built.error().message().c_str());
    return 2;
  }
  auto dirs = cordon::rules::builtin_rules_dirs();
  if (!dirs) return 2;
  auto rules = cordon::rules::RuleSet::load({dirs->packs});
  if (!rules) return 2;
  auto profile = cordon::rules::load_profile("zero-trust", dirs->profiles);
  if (!profile) return 2;
  auto policy = cordon::flow::make_policy(*profile, {}, {});
  if (!policy) return 2;
  const auto& g = built->graph;
  cordon::flow::EngineLimits limits;
  cordon::flow::AnalysisContext c(g, argv[1], *rules, *policy, limits);
  std::printf("graph: %zu nodes, %zu calls, %zu object-method pairs\n", g.nodes().size(),
              g.calls().size(), g.object_methods().size());

  std::vector<NodeId> parent(g.nodes().size(), cordon::flow::kNoNode);
  std::vector<bool> seen(g.nodes().size(), false);
  std::vector<NodeId> queue;
  for (const auto& s : c.sources) {
    if (s.api != argv[2]) continue;
    if (!in.empty() && g.functions()[s.function].name.find(in) == std::string::npos) continue;
    std::printf("source %s in %s @%llx: %zu starts\n", s.api.c_str(),
                g.functions()[s.function].name.c_str(),
                static_cast<unsigned long long>(s.where.address), s.starts.size());
    for (NodeId n : s.starts) {
      if (!seen[n]) {
        seen[n] = true;
        queue.push_back(n);
      }
    }
  }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    NodeId n = queue[head];
    auto visit = [&](NodeId next) {
      if (seen[next]) return;
      seen[next] = true;
      parent[next] = n;
      queue.push_back(next);
    };
    c.values.for_each_successor(n, visit);
    if (weak) c.values.for_each_weak_successor(n, visit);
  }
  // The engine's own search (function summaries), with every value of the --to
  // functions as a "sink": what it reaches is what a path may use.
  {
    std::unordered_map<NodeId, std::vector<std::size_t>> wanted;
    std::vector<bool> carried(g.nodes().size(), false);
    for (const auto& s : c.sinks) {
      for (NodeId n : s.carried) carried[n] = true;
    }
    for (NodeId n = 0; n < g.nodes().size(); ++n) {
      if (sinks_only && !carried[n]) continue;
      const auto& node = g.nodes()[n];
      const std::string& name = node.function < g.functions().size()
                                    ? g.functions()[node.function].name
                                    : std::string("-");
      for (std::size_t k = 0; k < to.size(); ++k) {
        if (name.find(to[k]) != std::string::npos) {
          wanted[n].push_back(k);
        }
      }
    }
    std::vector<NodeId> starts(queue.begin(), queue.end());
    starts.resize(std::min<std::size_t>(starts.size(), 64));
    std::vector<NodeId> origin;
    for (const auto& s : c.sources) {
      if (s.api != argv[2]) continue;
      if (!in.empty() && g.functions()[s.function].name.find(in) == std::string::npos) continue;
      origin.insert(origin.end(), s.starts.begin(), s.starts.end());
    }
    cordon::flow::TaintWatch watch;
    cordon::flow::SummaryWorkspace ws(g.nodes().size());
    cordon::flow::Summaries summaries(c.values);
    auto hits = cordon::flow::summary_search(c.values, summaries, origin, wanted, weak,
                                             limits.max_visited_per_search, watch, ws);
    if (!reach.empty()) {
      std::unordered_map<NodeId, std::vector<std::size_t>> each;
      std::vector<NodeId> ids;
      for (NodeId n = 0; n < g.nodes().size(); ++n) {
        const auto& node = g.nodes()[n];
        if (node.function < g.functions().size() &&
            g.functions()[node.function].name.find(reach) != std::string::npos) {
          each[n].push_back(ids.size());
          ids.push_back(n);
        }
      }
      cordon::flow::SummaryWorkspace ws2(g.nodes().size());
      for (const auto& h :
           cordon::flow::summary_search(c.values, summaries, origin, each, weak,
                                        limits.max_visited_per_search, watch, ws2)) {
        std::printf("reached in %s: %u %s\n", reach.c_str(), ids[h.sink],
                    describe(g, ids[h.sink]).c_str());
      }
    }
    std::vector<bool> hit(to.size(), false);
    for (const auto& h : hits) {
      if (h.sink >= to.size() || hit[h.sink]) continue;
      hit[h.sink] = true;
      std::printf("engine search reaches %s by:\n", to[h.sink].c_str());
      for (NodeId n : h.nodes) std::printf("  %s\n", describe(g, n).c_str());
    }
    for (std::size_t k = 0; k < to.size(); ++k) {
      if (!hit[k]) std::printf("engine search does not reach %s\n", to[k].c_str());
    }
  }
  std::map<std::string, std::size_t> per_function;
  for (NodeId n : queue) {
    const auto& node = g.nodes()[n];
    per_function[node.function < g.functions().size() ? g.functions()[node.function].name
                                                      : "(globals)"]++;
  }
  if (all) {
    for (NodeId n : queue)
      std::printf("  %u <- %d: %s\n", n,
                  parent[n] == cordon::flow::kNoNode ? -1 : static_cast<int>(parent[n]),
                  describe(g, n).c_str());
  }
  std::printf("reached %zu nodes in %zu functions\n", queue.size(), per_function.size());
  std::vector<NodeId> sinks;
  for (const auto& s : c.sinks) {
    for (NodeId n : s.carried) {
      if (n < seen.size() && seen[n]) sinks.push_back(n);
    }
  }
  std::printf("sink values reached: %zu\n", sinks.size());
  for (NodeId n : sinks) std::printf("  %s\n", describe(g, n).c_str());
  for (const auto& want : to) {
    bool any = false;
    for (NodeId n : queue) {
      const auto& node = g.nodes()[n];
      if (node.function >= g.functions().size()) continue;
      if (g.functions()[node.function].name.find(want) == std::string::npos) continue;
      any = true;
      std::printf("reaches %s by:\n", want.c_str());
      std::vector<NodeId> chain;
      for (NodeId at = n; at != cordon::flow::kNoNode; at = parent[at]) chain.push_back(at);
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        std::printf("  %s\n", describe(g, *it).c_str());
      }
      break;
    }
    if (!any) std::printf("does not reach %s\n", want.c_str());
  }
  return 0;
}
