// Runs the binary front end on files and prints what it found and how fast:
// functions, instructions, calls, strings, seconds and instructions/second.
// `--dump` lists every function's calls and strings (for debugging).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "cordon/binary/binary_front_end.h"

namespace {

void dump(const cordon::flow::ProgramGraph& g) {
  for (const auto& c : g.calls()) {
    const auto& f = g.functions()[c.caller];
    std::printf(
        "%s @%llx -> %s%s%s%s\n", f.name.c_str(), static_cast<unsigned long long>(c.where.address),
        c.syscall ? ("syscall:" + *c.syscall).c_str() : c.callee_name.c_str(),
        c.callee ? " [local]" : "", c.indirect ? " [indirect]" : "", c.tail ? " [tail]" : "");
  }
  for (const auto& s : g.strings()) {
    std::printf("string %s @%llx \"%s\"\n", g.functions()[s.function].name.c_str(),
                static_cast<unsigned long long>(s.where.address), s.text.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  cordon::binary::FrontEndOptions options;
  bool want_dump = false;
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--dump") == 0) {
      want_dump = true;
      continue;
    }
    if (std::strncmp(argv[i], "-j", 2) == 0) {
      options.jobs = static_cast<unsigned>(std::stoul(argv[i] + 2));
      continue;
    }
    auto begin = std::chrono::steady_clock::now();
    auto result = cordon::binary::build_binary_graph(argv[i], options);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    if (!result) {
      std::printf("%s: error: %s\n", argv[i], result.error().message().c_str());
      status = 2;
      continue;
    }
    const auto& g = result->graph;
    std::printf(
        "%s: %s %s functions=%llu instructions=%llu calls=%zu strings=%zu nodes=%zu "
        "seconds=%.3f insn/s=%.0f\n",
        argv[i], result->format.c_str(), result->arch.c_str(),
        static_cast<unsigned long long>(result->function_count),
        static_cast<unsigned long long>(result->instruction_count), g.calls().size(),
        g.strings().size(), g.nodes().size(), seconds,
        seconds > 0 ? static_cast<double>(result->instruction_count) / seconds : 0.0);
    if (want_dump) dump(g);
  }
  return status;
}
