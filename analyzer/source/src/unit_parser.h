// Parses one compile database entry with libclang and walks it into
// UnitFacts. A unit that cannot be parsed at all reports ok = false and the
// reason; diagnostics (missing headers, syntax errors) are counted only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cordon/source/compile_database.h"
#include "cordon/source/source_front_end.h"
#include "unit_facts.h"

namespace cordon::source {

struct ParsedUnit {
  SourceUnitResult result;
  std::unique_ptr<UnitFacts> facts;  // null when the unit was not parsed
};

// `index` is the calling thread's CXIndex (libclang indexes are not shared
// across threads).
// `input_in_flags`: the flags already name the input (clang-cl mode).
[[nodiscard]] ParsedUnit parse_unit(void* index, const CompileEntry& entry,
                                    const std::vector<std::string>& flags, bool input_in_flags,
                                    std::vector<std::string> notes);

}  // namespace cordon::source
