// libFuzzer target for the audit-log reader of `cordon report`: any bytes as
// a log, parsed line by line, every event fed to the join's observations.
// With clang it links libFuzzer (tests/fuzz/longer.sh audit_log runs it for
// longer); with any compiler, smoke_main.cpp drives the same entry point over
// the seed corpus and deterministic mutations of it (CTest: fuzz.audit_log).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cordon/join/audit_input.h"
#include "cordon/join/observations.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cordon::join::Observations observations;
  auto summary = cordon::join::parse_audit_log(
      text, "fuzz.jsonl", [&](const cordon::join::AuditEvent& e) { observations.add(e); });
  if (summary) {
    (void)observations.endpoints();
    (void)observations.others();
  }
  return 0;
}
