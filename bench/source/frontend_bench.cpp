// source_frontend_bench COMPDB [-j N] [--dump]: runs the source front end on
// a compile database and prints per-unit times, diagnostics and graph sizes;
// --dump lists functions, calls and strings (for debugging the walker).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cordon/source/source_front_end.h"

namespace {

void dump(const cordon::flow::ProgramGraph& graph) {
  for (const auto& function : graph.functions()) {
    std::printf("function %s %s:%d%s\n", function.name.c_str(), function.where.file.c_str(),
                function.where.line, function.address_taken ? " address-taken" : "");
  }
  for (const auto& call : graph.calls()) {
    std::printf("call %s -> %s%s%s line %d args %zu%s\n",
                graph.functions()[call.caller].name.c_str(), call.callee_name.c_str(),
                call.callee ? " (defined)" : "", call.indirect ? " (indirect)" : "",
                call.where.line, call.args.size(),
                call.object != cordon::flow::kNoNode ? " object" : "");
  }
  for (const auto& ref : graph.strings()) {
    std::printf("string \"%s\" %s:%d\n", ref.text.c_str(), ref.where.file.c_str(), ref.where.line);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: source_frontend_bench COMPDB [-j N] [--dump]\n");
    return 2;
  }
  cordon::source::SourceOptions options;
  bool want_dump = false;
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-j" && i + 1 < argc) {
      options.jobs = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--dump") {
      want_dump = true;
    }
  }
  auto started = std::chrono::steady_clock::now();
  auto scan = cordon::source::build_source_graph(argv[1], options);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!scan) {
    std::fprintf(stderr, "source_frontend_bench: error: %s\n", scan.error().message().c_str());
    return 2;
  }
  for (const auto& unit : scan->units) {
    std::printf("unit %s %s %.3fs diagnostics %zu functions %zu %s\n", unit.path.c_str(),
                unit.ok ? "ok" : "error", unit.seconds, unit.diagnostics, unit.functions,
                unit.error.c_str());
  }
  if (want_dump) dump(scan->graph);
  std::printf(
      "units %zu duplicates %zu functions %zu calls %zu nodes %zu strings %zu seconds %.3f\n",
      scan->units.size(), scan->duplicates, scan->graph.functions().size(),
      scan->graph.calls().size(), scan->graph.nodes().size(), scan->graph.strings().size(),
      seconds);
  return 0;
}
