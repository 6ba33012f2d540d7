#include "cordon/flow/finding_id.h"

#include <fmt/format.h>

namespace cordon::flow {

std::string fnv1a64_hex(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return fmt::format("{:016x}", hash);
}

std::string finding_id(const Finding& finding, std::string_view extra) {
  // Fields are separated by a byte no name contains, so "a|b"+"c" != "a"+"b|c".
  std::string key;
  auto add = [&key](std::string_view part) {
    key.append(part);
    key.push_back('\x1f');
  };
  add(to_string(finding.kind));
  add(finding.rule);
  add(extra);
  add(finding.target);
  for (const auto& endpoint : finding.endpoints) add(endpoint);
  // An exfiltration path is one decision per (source rule, sink rule,
  // endpoints): its id must not change when another chain of that decision
  // appears or becomes the shortest, so no chain is hashed.
  if (finding.kind == FindingKind::kExfiltrationPath) return fnv1a64_hex(key);
  key.push_back('\x1e');
  for (const auto& step : finding.path) add(step.function);
  return fnv1a64_hex(key);
}

}  // namespace cordon::flow
