#include "cordon/support/diagnostics.h"

#include <cstdio>

#include "cordon/support/terminal_text.h"

namespace cordon {
namespace {

std::string joined(std::string_view input, std::string_view reason) {
  std::string message(input);
  if (!message.empty()) message += ": ";
  message += reason;
  return message;
}

void emit(std::string_view level, std::string_view message) {
  const std::string line = diagnostic_line(level, message) + "\n";
  // One write per line: messages of threads or processes sharing stderr do
  // not interleave within a line.
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

std::string diagnostic_line(std::string_view level, std::string_view message) {
  return "cordon: " + std::string(level) + ": " +
         terminal_text(shorten(message, kMaxDiagnosticLength));
}

void print_error(const Error& error) {
  emit("error", error.message());
}

void print_error(std::string_view input, std::string_view reason) {
  emit("error", joined(input, reason));
}

void print_warning(const Error& error) {
  emit("warning", error.message());
}

void print_warning(std::string_view input, std::string_view reason) {
  emit("warning", joined(input, reason));
}

}  // namespace cordon
