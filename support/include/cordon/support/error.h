// The one error vocabulary of cordon: every layer returns Result<T>; only
// main() turns an Error into a message and an exit code.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace cordon {

enum class ErrorKind {
  kUsage,        // bad command line or option value
  kIo,           // a file could not be opened or read
  kParse,        // an input is malformed (YAML, JSON, binary, compile database)
  kValidation,   // an input is well formed but wrong (unknown key, bad pattern)
  kUnsupported,  // a valid input cordon does not handle (arch, format)
  kLimit,        // an input exceeds a safety bound (size, count, depth)
  kSystem,       // a system call failed
  kSandbox,      // a kernel feature or permission the sandbox needs is missing
  kInternal,     // a broken invariant: a bug in cordon
};

// What went wrong, where. `input` names the file/target/option, `where` the
// place inside it ("41:7", "section .text", "offset 0x1000"), `reason` the
// fault in lower case without a trailing period.
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string input;
  std::string where;
  std::string reason;

  // "input:where: reason", omitting empty parts.
  [[nodiscard]] std::string message() const;
};

template <typename T>
using Result = tl::expected<T, Error>;

using Status = tl::expected<void, Error>;

[[nodiscard]] inline tl::unexpected<Error> fail(ErrorKind kind, std::string input,
                                                std::string where, std::string reason) {
  return tl::unexpected<Error>(Error{kind, std::move(input), std::move(where), std::move(reason)});
}

[[nodiscard]] inline tl::unexpected<Error> fail(Error error) {
  return tl::unexpected<Error>(std::move(error));
}

// strerror(errno_value) as a lower-case string, thread safe.
[[nodiscard]] std::string errno_text(int errno_value);

}  // namespace cordon
