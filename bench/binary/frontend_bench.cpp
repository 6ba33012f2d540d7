// Runs the binary front end on files and prints what it found and how fast:
// functions, instructions, calls, strings, seconds and instructions/second.
// `--dump` lists every function's calls and strings (for debugging);
// `--digest` prints a hash of the whole graph (functions with their written
// parameters, nodes, edges, calls, strings, function references, object
// methods) and its sizes, so a change meant to be a pure speed-up can be
// checked to leave the graph unchanged.
#include <chrono>
#include <cstdint>
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

// FNV-1a over everything the engine reads from the graph.
class Digest {
 public:
  void add(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      hash_ = (hash_ ^ ((v >> (8 * i)) & 0xff)) * 0x100000001b3ull;
    }
  }
  void add(const std::string& s) {
    add(s.size());
    for (unsigned char c : s) hash_ = (hash_ ^ c) * 0x100000001b3ull;
  }
  [[nodiscard]] std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

void digest(const cordon::flow::ProgramGraph& g) {
  Digest d;
  for (const auto& f : g.functions()) {
    d.add(f.name);
    d.add(f.linkage);
    d.add(f.where.address);
    d.add(f.address_taken ? 1 : 0);
    d.add(f.written_params);
  }
  std::size_t name_bytes = 0;
  std::size_t arg_nodes = 0;
  for (const auto& c : g.calls()) {
    d.add(c.caller);
    d.add(c.where.address);
    d.add(c.callee_name);
    d.add(c.callee ? *c.callee : 0xffffffffffull);
    d.add(c.syscall ? *c.syscall : std::string("-"));
    d.add((c.indirect ? 1 : 0) | (c.tail ? 2 : 0));
    d.add(c.args.size());
    for (std::size_t i = 0; i < c.args.size(); ++i) {
      d.add(c.args[i]);
      d.add(c.arg_pointees[i]);
    }
    d.add(c.result);
    d.add(c.object);
    if (c.callee_name.size() > 15) name_bytes += c.callee_name.capacity() + 1;
    arg_nodes += c.args.size();
  }
  std::size_t edges = 0;
  for (std::size_t n = 0; n < g.nodes().size(); ++n) {
    const auto& node = g.nodes()[n];
    d.add(static_cast<std::uint64_t>(node.kind));
    d.add(node.function);
    d.add(static_cast<std::uint64_t>(static_cast<std::int64_t>(node.index)));
    d.add(node.call);
    d.add(g.successors()[n].size());
    for (auto next : g.successors()[n]) d.add(next);
    edges += g.successors()[n].size();
  }
  for (const auto& s : g.strings()) {
    d.add(s.function);
    d.add(s.node);
    d.add(s.text);
    d.add(s.where.address);
  }
  for (const auto& [node, function] : g.function_refs()) {
    d.add(node);
    d.add(function);
  }
  for (const auto& [node, method] : g.object_methods()) {
    d.add(node);
    d.add(method);
  }
  std::printf(
      "digest=%016llx functions=%zu nodes=%zu edges=%zu calls=%zu args=%zu strings=%zu "
      "function_refs=%zu callee_name_heap_bytes=%zu node_capacity=%zu call_capacity=%zu\n",
      static_cast<unsigned long long>(d.value()), g.functions().size(), g.nodes().size(), edges,
      g.calls().size(), arg_nodes, g.strings().size(), g.function_refs().size(), name_bytes,
      g.nodes().capacity(), g.calls().capacity());
}

}  // namespace

int main(int argc, char** argv) {
  cordon::binary::FrontEndOptions options;
  bool want_dump = false;
  bool want_digest = false;
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--dump") == 0) {
      want_dump = true;
      continue;
    }
    if (std::strcmp(argv[i], "--digest") == 0) {
      want_digest = true;
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
    if (want_digest) digest(g);
    if (want_dump) dump(g);
  }
  return status;
}
