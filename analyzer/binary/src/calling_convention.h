// The calling conventions the lifters follow, as data: which registers carry
// the integer arguments, where the arguments past them sit on the stack (as
// the caller writes them and as the callee finds them), and the register of
// a hidden result pointer that is no argument. A new ABI is a new row and a
// compile error in abi_of() until it is chosen somewhere.
//
// Argument positions in the program graph: the argument registers in order,
// then (AAPCS64 only) the indirect result register x8, then the stack
// arguments. A call to an import keeps the C numbering instead (x8 dropped,
// the stack arguments right after the registers), because rule packs name
// arguments as the C prototype counts them; see graph_builder.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "image.h"

namespace cordon::binary {

// kAapcs64Darwin: Apple's arm64 variant, whose variadic arguments all go on
// the stack (snprintf's values, curl_easy_setopt's parameter).
enum class Abi { kSysV, kWin64, kAapcs64, kAapcs64Darwin };

// Canonical register numbers of the lifters (x86: rax=0 ... r15=15, the
// 64-bit parents; AArch64: xN = N).
namespace x86reg {
inline constexpr int kRax = 0, kRcx = 1, kRdx = 2, kRbx = 3, kRsp = 4, kRbp = 5, kRsi = 6, kRdi = 7,
                     kR8 = 8, kR9 = 9, kR10 = 10, kR11 = 11;
}  // namespace x86reg

// Positions the graph gives arguments (and parameters) at most: the summary
// search has a bit per position, the graph a node per position.
inline constexpr int kMaxArgumentPositions = 16;

struct CallingConvention {
  std::span<const int> argument_registers;  // integer arguments, in order
  // The register holding where a large result is built (AAPCS64 x8), or -1
  // when that pointer travels as the first argument (SysV rdi, Win64 rcx).
  int indirect_result_register = -1;
  // The first stack argument: its offset from the stack pointer at the call,
  // and from the stack pointer at the callee's entry (past the return
  // address on x86-64; past the 32-byte home area on Win64).
  std::int64_t outgoing_stack = 0;
  std::int64_t incoming_stack = 0;
  int result_register = 0;
  // Registers a call does not preserve (canonical numbers; vector registers
  // are numbered after the integer ones: x86 xmm0 = 16, AArch64 v0 = 32).
  std::span<const int> volatile_registers;
  // Vector registers passing floating-point arguments (the first is vector 0).
  int float_argument_registers = 0;
  // Windows x64: argument N is in slot N, xmm N when floating-point; SysV
  // and AAPCS64 number floating-point arguments apart from the integer ones.
  bool positional_floats = false;
  // Apple arm64: a call's variadic arguments sit on the stack from sp, right
  // after its named ones in the registers. At a call to an import that
  // variadic_named_parameters() knows, the stack words take the positions
  // after the named ones (the C numbering of the prototype).
  bool variadic_on_stack = false;

  // Position of the first stack argument at an internal call.
  [[nodiscard]] int first_stack_position() const {
    return static_cast<int>(argument_registers.size()) + (indirect_result_register >= 0 ? 1 : 0);
  }
  [[nodiscard]] int indirect_result_position() const {
    return indirect_result_register >= 0 ? static_cast<int>(argument_registers.size()) : -1;
  }
};

inline constexpr std::array<int, 6> kSysvArgumentRegisters = {
    x86reg::kRdi, x86reg::kRsi, x86reg::kRdx, x86reg::kRcx, x86reg::kR8, x86reg::kR9};
inline constexpr std::array<int, 4> kWin64ArgumentRegisters = {x86reg::kRcx, x86reg::kRdx,
                                                               x86reg::kR8, x86reg::kR9};
inline constexpr std::array<int, 8> kAapcs64ArgumentRegisters = {0, 1, 2, 3, 4, 5, 6, 7};

namespace detail {
template <std::size_t N, std::size_t M>
constexpr std::array<int, N + M> joined(std::array<int, N> a, std::array<int, M> b) {
  std::array<int, N + M> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = a[i];
  for (std::size_t i = 0; i < M; ++i) out[N + i] = b[i];
  return out;
}
template <std::size_t N>
constexpr std::array<int, N> numbered(int first) {
  std::array<int, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = first + static_cast<int>(i);
  return out;
}
}  // namespace detail

// SysV: rax, rcx, rdx, rsi, rdi, r8-r11 and every xmm register.
inline constexpr auto kSysvVolatile = detail::joined(
    std::array<int, 9>{x86reg::kRax, x86reg::kRcx, x86reg::kRdx, x86reg::kRsi, x86reg::kRdi,
                       x86reg::kR8, x86reg::kR9, x86reg::kR10, x86reg::kR11},
    detail::numbered<16>(16));
// Win64: rax, rcx, rdx, r8-r11 and xmm0-xmm5 (rsi, rdi, xmm6-15 are preserved).
inline constexpr auto kWin64Volatile =
    detail::joined(std::array<int, 7>{x86reg::kRax, x86reg::kRcx, x86reg::kRdx, x86reg::kR8,
                                      x86reg::kR9, x86reg::kR10, x86reg::kR11},
                   detail::numbered<6>(16));
// AAPCS64: x0-x18, v0-v7 and v16-v31.
inline constexpr auto kAapcs64Volatile = detail::joined(
    detail::numbered<19>(0), detail::joined(detail::numbered<8>(32), detail::numbered<16>(48)));

[[nodiscard]] inline CallingConvention calling_convention(Abi abi) {
  switch (abi) {
    case Abi::kSysV:
      return {kSysvArgumentRegisters, -1, 0, 8, x86reg::kRax, kSysvVolatile, 8, false};
    case Abi::kWin64:
      // Arguments 5 and up sit above the 32-byte home area the caller reserves.
      return {kWin64ArgumentRegisters, -1, 0x20, 0x28, x86reg::kRax, kWin64Volatile, 4, true};
    case Abi::kAapcs64:
      // The return address is in x30: the stack arguments start at sp.
      return {kAapcs64ArgumentRegisters, 8, 0, 0, 0, kAapcs64Volatile, 8, false};
    case Abi::kAapcs64Darwin:
      return {kAapcs64ArgumentRegisters, 8, 0, 0, 0, kAapcs64Volatile, 8, false, true};
  }
  return {};
}

// The named parameters of well-known variadic C functions (printf family,
// libcurl's option setters, open/fcntl/ioctl), or -1.
[[nodiscard]] inline int variadic_named_parameters(std::string_view name) {
  struct Entry {
    std::string_view name;
    int named;
  };
  static constexpr Entry kVariadic[] = {{"printf", 1},
                                        {"fprintf", 2},
                                        {"dprintf", 2},
                                        {"sprintf", 2},
                                        {"snprintf", 3},
                                        {"asprintf", 2},
                                        {"syslog", 2},
                                        {"scanf", 1},
                                        {"sscanf", 2},
                                        {"fscanf", 2},
                                        {"open", 2},
                                        {"openat", 3},
                                        {"fcntl", 2},
                                        {"ioctl", 2},
                                        {"execl", 2},
                                        {"execlp", 2},
                                        {"curl_easy_setopt", 2},
                                        {"curl_easy_getinfo", 2},
                                        {"curl_multi_setopt", 2},
                                        {"curl_share_setopt", 2},
                                        {"curl_formadd", 2},
                                        {"NSLog", 1},
                                        {"CFStringCreateWithFormat", 3}};
  for (const Entry& e : kVariadic) {
    if (e.name == name) return e.named;
  }
  return -1;
}

// Per canonical register: whether a call leaves it clobbered.
template <std::size_t N>
[[nodiscard]] std::array<bool, N> clobbered_by_calls(const CallingConvention& cc) {
  std::array<bool, N> out{};
  for (int r : cc.volatile_registers) {
    if (r >= 0 && static_cast<std::size_t>(r) < N) out[static_cast<std::size_t>(r)] = true;
  }
  return out;
}

// The convention of code in `format` for `arch`: Windows on x86-64 has its
// own; Windows on Arm64 follows AAPCS64 like Linux.
[[nodiscard]] inline Abi abi_of(Format format, Arch arch) {
  switch (arch) {
    case Arch::kX86_64:
      switch (format) {
        case Format::kElf:
        case Format::kMachO:
          return Abi::kSysV;
        case Format::kPe:
          return Abi::kWin64;
      }
      break;
    case Arch::kAArch64:
      return format == Format::kMachO ? Abi::kAapcs64Darwin : Abi::kAapcs64;
  }
  return Abi::kSysV;
}

}  // namespace cordon::binary
