#include "unit_parser.h"

#include <sys/stat.h>

#include <chrono>

#include "cordon/support/error.h"
#include "libclang_handles.h"
#include "walker.h"

namespace cordon::source {
namespace {

constexpr std::size_t kMaxDiagnosticNotes = 3;

const char* describe(CXErrorCode code) {
  switch (code) {
    case CXError_Success:
      return "no error";
    case CXError_Failure:
      return "libclang could not parse it";
    case CXError_Crashed:
      return "libclang crashed while parsing it";
    case CXError_InvalidArguments:
      return "libclang rejected its arguments";
    case CXError_ASTReadError:
      return "libclang could not read a precompiled input";
  }
  return "libclang failed";
}

}  // namespace

ParsedUnit parse_unit(void* index, const CompileEntry& entry, const std::vector<std::string>& flags,
                      bool input_in_flags, std::vector<std::string> notes) {
  auto started = std::chrono::steady_clock::now();
  ParsedUnit out;
  out.result.path = entry.file;
  out.result.entry = entry.index;
  out.result.notes = std::move(notes);
  auto finish = [&]() {
    out.result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(out);
  };

  // Missing inputs fail fast, before libclang builds a driver for them.
  struct stat info {};
  if (::stat(entry.file.c_str(), &info) != 0) {
    out.result.ok = false;
    out.result.error = entry.file + ": " + errno_text(errno);
    return finish();
  }
  if (!S_ISREG(info.st_mode)) {
    out.result.ok = false;
    out.result.error = entry.file + ": not a regular file";
    return finish();
  }

  std::vector<const char*> argv;
  argv.reserve(flags.size());
  for (const auto& flag : flags) argv.push_back(flag.c_str());
  CXTranslationUnit raw = nullptr;
  unsigned options = CXTranslationUnit_KeepGoing;  // function bodies are walked: not skipped
  CXErrorCode code =
      clang_parseTranslationUnit2(index, input_in_flags ? nullptr : entry.file.c_str(), argv.data(),
                                  static_cast<int>(argv.size()), nullptr, 0, options, &raw);
  UnitHandle unit(raw);
  if (code != CXError_Success || !unit) {
    out.result.ok = false;
    out.result.error = entry.file + ": " + describe(code);
    return finish();
  }

  unsigned count = clang_getNumDiagnostics(unit.get());
  for (unsigned i = 0; i < count; ++i) {
    CXDiagnostic diagnostic = clang_getDiagnostic(unit.get(), i);
    CXDiagnosticSeverity severity = clang_getDiagnosticSeverity(diagnostic);
    std::string text = take(clang_getDiagnosticSpelling(diagnostic));
    if (text.rfind("unknown argument", 0) == 0 || text.rfind("argument unused", 0) == 0) {
      out.result.notes.push_back("flag ignored: " + text);
    } else if (severity >= CXDiagnostic_Error) {
      ++out.result.diagnostics;
      if (out.result.diagnostics <= kMaxDiagnosticNotes) {
        out.result.notes.push_back(
            take(clang_formatDiagnostic(diagnostic, CXDiagnostic_DisplaySourceLocation)));
      }
    }
    clang_disposeDiagnostic(diagnostic);
  }

  out.facts = std::make_unique<UnitFacts>();
  Walker walker(unit.get(), *out.facts);
  walker.walk();
  out.result.functions = walker.functions();
  return finish();
}

}  // namespace cordon::source
