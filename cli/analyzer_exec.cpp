// `cordon scan` and `cordon report` in the `cordon` executable: both run in
// the analyzers' helper (libexec/cordon-analyze, the whole CLI linked with
// LLVM and libclang), which gets this process's command line unchanged and
// takes its place (execv: same pid, descriptors and exit status). So
// `cordon run` and `cordon rules` start without loading LLVM and libclang,
// which took most of `cordon run`'s start-up. Options were already checked
// here with the same definitions, so usage errors read the same.
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "cli/options.h"
#include "cordon/support/diagnostics.h"
#include "cordon/support/unique_fd.h"

namespace cordon::cli {
namespace {

// main()'s argv as the kernel keeps it (NUL-separated), so that main.cpp,
// shared with the helper, needs no hook.
std::vector<std::string> own_command_line() {
  std::vector<std::string> args;
  UniqueFd fd(::open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC));
  if (!fd) return args;
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\0', start);
    const std::size_t stop = end == std::string::npos ? text.size() : end;
    args.push_back(text.substr(start, stop - start));
    start = stop + 1;
  }
  return args;
}

int run_analyzers() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    print_error("/proc/self/exe", "cannot find the running executable: " + ec.message());
    return kExitUsage;
  }
  const std::filesystem::path helper =
      (exe.parent_path() / CORDON_ANALYZE_RELATIVE_PATH).lexically_normal();
  std::vector<std::string> args = own_command_line();
  if (args.empty()) {
    print_error("/proc/self/cmdline", "cannot read the command line");
    return kExitUsage;
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  execv(helper.c_str(), argv.data());
  print_error(helper.string(), "cannot start the analyzers' helper (scan and report run there): " +
                                   errno_text(errno));
  return kExitUsage;
}

}  // namespace

int run_scan_command(const ScanOptions& /*options*/) {
  return run_analyzers();
}

int run_rules_verify(const RulesOptions& /*options*/) {
  return run_analyzers();
}

int run_report_command(const ReportOptions& /*options*/) {
  return run_analyzers();
}

}  // namespace cordon::cli
