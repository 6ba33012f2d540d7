// Test helpers: write a compile database for fixture files, run the source
// front end on it, and ask the resulting graph exact questions (which calls,
// which functions, does a value reach another once calls are linked the way
// the path engine links them: arguments to parameters, returns to results,
// parameters back to out-arguments).
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cordon/source/source_front_end.h"

namespace cordon::source::test {

inline std::string fixture(const std::string& relative) {
  return std::string(CORDON_SOURCE_FIXTURES) + "/" + relative;
}

// A fresh directory under the test's build directory (wherever it is run from).
inline std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::path(CORDON_SOURCE_SCRATCH) / ("source_scratch_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// compile_commands.json with one C++17 entry per file, -I the mock SDK.
inline std::string write_database(const std::string& name, const std::vector<std::string>& files) {
  auto dir = scratch(name);
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& file : files) {
    entries.push_back({{"directory", dir.string()},
                       {"file", fixture(file)},
                       {"arguments",
                        {"/usr/bin/c++", "-std=c++17", "-I" + fixture("sdk"), "-c", fixture(file),
                         "-o", "out.o"}}});
  }
  std::ofstream(dir / "compile_commands.json") << entries.dump(2);
  return (dir / "compile_commands.json").string();
}

inline SourceScan scan_files(const std::string& name, const std::vector<std::string>& files,
                             unsigned jobs = 2) {
  auto db = write_database(name, files);
  SourceOptions options;
  options.jobs = jobs;
  auto scan = build_source_graph(db, options);
  if (!scan) throw std::runtime_error(scan.error().message());
  return std::move(*scan);
}

inline std::vector<const flow::CallSite*> calls_to(const flow::ProgramGraph& graph,
                                                   const std::string& name) {
  std::vector<const flow::CallSite*> out;
  for (const auto& call : graph.calls()) {
    if (call.callee_name == name) out.push_back(&call);
  }
  return out;
}

inline std::set<std::string> function_names(const flow::ProgramGraph& graph) {
  std::set<std::string> out;
  for (const auto& function : graph.functions()) out.insert(function.name);
  return out;
}

// Successors plus the interprocedural edges the engine adds.
inline std::vector<std::vector<flow::NodeId>> linked_edges(const flow::ProgramGraph& graph) {
  auto edges = graph.successors().to_lists();
  std::map<std::pair<flow::FunctionId, int>, flow::NodeId> params;
  std::map<flow::FunctionId, flow::NodeId> returns;
  for (flow::NodeId n = 0; n < graph.nodes().size(); ++n) {
    const auto& node = graph.nodes()[n];
    if (node.kind == flow::NodeKind::kParam) params[{node.function, node.index}] = n;
    if (node.kind == flow::NodeKind::kReturn) returns[node.function] = n;
  }
  for (const auto& call : graph.calls()) {
    if (!call.callee) continue;
    for (std::size_t i = 0; i < call.args.size(); ++i) {
      auto param = params.find({*call.callee, static_cast<int>(i)});
      if (param == params.end()) continue;
      edges[call.args[i]].push_back(param->second);
      edges[param->second].push_back(call.arg_pointees[i]);
    }
    if (call.object != flow::kNoNode) {
      auto self = params.find({*call.callee, flow::kThisParam});
      if (self != params.end()) {
        edges[call.object].push_back(self->second);
        edges[self->second].push_back(call.object);
      }
    }
    auto ret = returns.find(*call.callee);
    if (ret != returns.end()) edges[ret->second].push_back(call.result);
  }
  return edges;
}

inline bool reaches(const flow::ProgramGraph& graph, flow::NodeId from, flow::NodeId to) {
  auto edges = linked_edges(graph);
  std::vector<bool> seen(edges.size(), false);
  std::queue<flow::NodeId> work;
  work.push(from);
  seen[from] = true;
  while (!work.empty()) {
    flow::NodeId n = work.front();
    work.pop();
    if (n == to) return true;
    for (flow::NodeId next : edges[n]) {
      if (!seen[next]) {
        seen[next] = true;
        work.push(next);
      }
    }
  }
  return false;
}

}  // namespace cordon::source::test
