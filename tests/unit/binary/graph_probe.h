// Small queries over a ProgramGraph for the binary front end's tests.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "cordon/binary/binary_front_end.h"

namespace cordon::binary::test {

inline std::string input(const std::string& name) {
  return std::string(CORDON_BINARY_INPUTS) + "/" + name;
}

// The calls made by `function`, in address order.
inline std::vector<const flow::CallSite*> calls_of(const flow::ProgramGraph& g,
                                                   flow::FunctionId function) {
  std::vector<const flow::CallSite*> out;
  for (const auto& c : g.calls()) {
    if (c.caller == function) out.push_back(&c);
  }
  return out;
}

inline const flow::CallSite* first_call(const flow::ProgramGraph& g, flow::FunctionId function,
                                        const std::string& callee) {
  for (const auto* c : calls_of(g, function)) {
    if (c->callee_name == callee) return c;
  }
  return nullptr;
}

// True when def-use edges lead from `from` to `to`.
inline bool reaches(const flow::ProgramGraph& g, flow::NodeId from, flow::NodeId to) {
  std::vector<bool> seen(g.nodes().size(), false);
  std::deque<flow::NodeId> work{from};
  seen[from] = true;
  while (!work.empty()) {
    flow::NodeId n = work.front();
    work.pop_front();
    if (n == to) return true;
    for (flow::NodeId next : g.successors()[n]) {
      if (!seen[next]) {
        seen[next] = true;
        work.push_back(next);
      }
    }
  }
  return false;
}

}  // namespace cordon::binary::test
