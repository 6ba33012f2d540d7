// What every lifter thread reads (never writes) while functions are lifted in
// parallel: the image, the sorted function starts, PLT stubs, options.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "calling_convention.h"
#include "coverage.h"
#include "image.h"

namespace cordon::binary {

struct LiftContext {
  const Image* image = nullptr;
  // What earlier lifting rounds decoded (marked only between rounds).
  const CodeCoverage* decoded = nullptr;
  std::vector<std::uint64_t> starts;                         // sorted, unique function starts
  std::unordered_map<std::uint64_t, std::string> plt_stubs;  // stub address -> import name
  std::uint64_t max_instructions = 200000;
  Abi abi = Abi::kSysV;
  CallingConvention convention = calling_convention(Abi::kSysV);

  [[nodiscard]] bool is_start(std::uint64_t address) const {
    return std::binary_search(starts.begin(), starts.end(), address);
  }
  // The first start above `address`, or ~0 when none.
  [[nodiscard]] std::uint64_t next_start(std::uint64_t address) const {
    auto it = std::upper_bound(starts.begin(), starts.end(), address);
    return it == starts.end() ? ~0ull : *it;
  }
  // True when the call goes to an import that never returns (exit, abort,
  // __stack_chk_fail, __cxa_throw, ...): what follows it is no fall-through,
  // usually the next function, which must not be decoded as this one.
  [[nodiscard]] bool calls_noreturn(std::uint64_t target, std::uint64_t slot) const;
  [[nodiscard]] bool is_import_slot(std::uint64_t address) const {
    return image->import_slots.count(address) != 0;
  }
  // The import a call goes to (through its slot or a stub), or nullptr.
  [[nodiscard]] const std::string* import_of(std::uint64_t slot, std::uint64_t target) const {
    if (slot != 0) {
      auto found = image->import_slots.find(slot);
      if (found != image->import_slots.end()) return &found->second;
    }
    if (target != 0) {
      auto stub = plt_stubs.find(target);
      if (stub != plt_stubs.end()) return &stub->second;
    }
    return nullptr;
  }
  [[nodiscard]] bool is_code(std::uint64_t address) const {
    const Section* s = image->section_at(address);
    return s != nullptr && s->executable;
  }
  [[nodiscard]] bool is_writable(std::uint64_t address) const {
    const Section* s = image->section_at(address);
    return s != nullptr && s->writable;
  }
};

}  // namespace cordon::binary
