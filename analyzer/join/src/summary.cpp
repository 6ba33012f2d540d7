#include "summary.h"

namespace cordon::join {

Summary summarize(const JoinReport& report) {
  Summary s;
  for (const auto& e : report.endpoints) {
    switch (e.status) {
      case EndpointStatus::kMatched:
        ++s.matched;
        break;
      case EndpointStatus::kUnpredicted:
        ++s.unpredicted;
        break;
      case EndpointStatus::kUnexercised:
        ++s.unexercised;
        break;
      case EndpointStatus::kPredicted:
        ++s.predicted;
        break;
      case EndpointStatus::kObserved:
        ++s.observed;
        break;
    }
    if (e.declared && !e.declared->declared) ++s.undeclared;
  }
  for (const auto& f : report.flows) {
    switch (f.status) {
      case FlowStatus::kExercised:
        ++s.flows_exercised;
        break;
      case FlowStatus::kUnexercised:
        ++s.flows_unexercised;
        break;
      case FlowStatus::kNoEndpoint:
        ++s.flows_no_endpoint;
        break;
      case FlowStatus::kNotRun:
        break;
    }
    if (f.declared && !f.declared->declared) ++s.flows_undeclared;
  }
  for (const auto& o : report.other) s.other_events += o.run.events;
  return s;
}

}  // namespace cordon::join
