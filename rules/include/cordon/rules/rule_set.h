// All loaded packs, validated and indexed for lookups by API name, syscall
// name and string, plus the endpoint matcher built from the endpoint entries.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cordon/rules/endpoint.h"
#include "cordon/rules/model.h"
#include "cordon/support/error.h"

namespace cordon::rules {

class RuleSet {
 public:
  // Loads every *.yaml pack under each directory (non-recursive, sorted by
  // name) and validates them together (ids unique across packs). All faults
  // are collected: the error list names file:line:column for each. A missing
  // directory, or one without *.yaml files, is an error too. Packs over 8 MiB
  // are refused; a hostile pack costs bounded time (see yaml_fields.h).
  [[nodiscard]] static tl::expected<RuleSet, std::vector<Error>> load(
      const std::vector<std::string>& pack_dirs);

  // The same from texts already in memory: (name used in messages, YAML).
  [[nodiscard]] static tl::expected<RuleSet, std::vector<Error>> from_texts(
      const std::vector<std::pair<std::string, std::string>>& files);

  // Entries point into packs_: a copy would dangle, a move keeps them valid.
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;
  RuleSet(RuleSet&&) = default;
  RuleSet& operator=(RuleSet&&) = default;
  ~RuleSet() = default;

  [[nodiscard]] const std::vector<Pack>& packs() const { return packs_; }

  // Entries whose `apis` name this exact symbol: a C name, a qualified C++
  // name (without parameters), or an export. Never null.
  [[nodiscard]] std::vector<const ApiEntry*> by_api(std::string_view name) const;
  [[nodiscard]] std::vector<const ApiEntry*> by_syscall(std::string_view name) const;
  [[nodiscard]] std::vector<const ApiEntry*> by_string(std::string_view text) const;
  [[nodiscard]] const ApiEntry* by_id(std::string_view id) const;
  // Handle entries naming this global variable (stdout), or this constant
  // handle (descriptor 1).
  [[nodiscard]] std::vector<const ApiEntry*> by_global(std::string_view name) const;
  [[nodiscard]] const ApiEntry* by_handle_constant(std::int64_t value) const;
  // The runtime entry one of whose `functions` patterns matches this
  // (demangled, qualified) function name, or null.
  [[nodiscard]] const ApiEntry* runtime_of(std::string_view function) const;
  [[nodiscard]] const EndpointMatcher& endpoints() const { return endpoints_; }
  // The accessor entry naming this exact symbol, or null.
  [[nodiscard]] const AccessorEntry* accessor_of(std::string_view name) const;
  // The interface whose `versions` hold this version string, or null.
  [[nodiscard]] const InterfaceEntry* interface_of(std::string_view version) const;

  // Every API entry and endpoint entry, in pack order.
  [[nodiscard]] std::vector<const ApiEntry*> all_apis() const;
  [[nodiscard]] std::vector<const EndpointEntry*> all_endpoints() const;

 private:
  RuleSet() = default;
  void build_indexes();

  std::vector<Pack> packs_;
  std::unordered_map<std::string, std::vector<const ApiEntry*>> api_index_;
  std::unordered_map<std::string, std::vector<const ApiEntry*>> syscall_index_;
  std::unordered_map<std::string, std::vector<const ApiEntry*>> string_index_;
  std::unordered_map<std::string, const ApiEntry*> id_index_;
  std::unordered_map<std::string, std::vector<const ApiEntry*>> global_index_;
  std::vector<std::pair<std::int64_t, const ApiEntry*>> handle_constants_;
  std::vector<std::pair<std::string, const ApiEntry*>> runtime_patterns_;
  std::unordered_map<std::string, const AccessorEntry*> accessor_index_;
  std::unordered_map<std::string, const InterfaceEntry*> interface_index_;
  EndpointMatcher endpoints_;
};

}  // namespace cordon::rules
