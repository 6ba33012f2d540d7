// Direct syscalls are named through libseccomp's table of the binary's own
// architecture: getsockname (51 on x86-64, 204 on AArch64), which the
// analyzer's old hand-written table lacked, so the built-in pack's
// `syscalls: [ getsockname ]` never matched, is a source, and the local
// address it fills reaches a direct sendto as a dataflow path.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "cordon/scan/scan.h"

namespace {

void check_direct_syscalls(const std::string& file, const std::string& arch) {
  CAPTURE(file);
  cordon::scan::ScanRequest request;
  request.targets = {std::string(CORDON_SCAN_INPUTS) + "/" + file};
  request.jobs = 1;
  auto scanned = cordon::scan::scan(request);
  REQUIRE(scanned);
  REQUIRE(scanned->report.targets.size() == 1);
  CHECK(scanned->report.targets[0].ok);
  CHECK(scanned->report.targets[0].arch == std::optional<std::string>(arch));
  const auto& findings = scanned->report.findings;
  auto path = std::find_if(findings.begin(), findings.end(), [](const auto& f) {
    return f.kind == cordon::flow::FindingKind::kExfiltrationPath;
  });
  REQUIRE(path != findings.end());
  CHECK(path->rule == "os.posix.getsockname");
  REQUIRE(path->source);
  CHECK(path->source->api == "getsockname");
  REQUIRE(path->sink);
  CHECK(path->sink->api == "sendto");
  CHECK(path->confidence == cordon::flow::Confidence::kDataflow);
}

}  // namespace

TEST_CASE("x86-64: a direct getsockname syscall is a source") {
  check_direct_syscalls("direct_syscalls_x86_64", "x86_64");
}

#if CORDON_HAVE_AARCH64_GCC
TEST_CASE("aarch64: a direct getsockname svc is a source") {
  check_direct_syscalls("direct_syscalls_aarch64", "aarch64");
}
#endif
