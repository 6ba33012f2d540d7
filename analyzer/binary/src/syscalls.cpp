#include "syscalls.h"

#include <utility>

namespace cordon::binary {
namespace {

struct Entry {
  long number;
  const char* name;
};

// arch/x86/entry/syscalls/syscall_64.tbl
constexpr Entry kX86_64[] = {
    {0, "read"},     {1, "write"},      {2, "open"},        {18, "pwrite64"}, {20, "writev"},
    {41, "socket"},  {42, "connect"},   {44, "sendto"},     {45, "recvfrom"}, {46, "sendmsg"},
    {49, "bind"},    {63, "uname"},     {99, "sysinfo"},    {102, "getuid"},  {107, "geteuid"},
    {257, "openat"}, {307, "sendmmsg"}, {318, "getrandom"},
};

// include/uapi/asm-generic/unistd.h
constexpr Entry kAArch64[] = {
    {56, "openat"},    {63, "read"},       {64, "write"},    {66, "writev"},    {68, "pwrite64"},
    {160, "uname"},    {174, "getuid"},    {175, "geteuid"}, {179, "sysinfo"},  {198, "socket"},
    {200, "bind"},     {203, "connect"},   {206, "sendto"},  {207, "recvfrom"}, {211, "sendmsg"},
    {269, "sendmmsg"}, {278, "getrandom"},
};

template <std::size_t N>
const char* find(const Entry (&table)[N], long number) {
  for (const auto& e : table) {
    if (e.number == number) return e.name;
  }
  return nullptr;
}

}  // namespace

const char* syscall_name(Arch arch, long number) {
  switch (arch) {
    case Arch::kX86_64:
      return find(kX86_64, number);
    case Arch::kAArch64:
      return find(kAArch64, number);
  }
  return nullptr;
}

}  // namespace cordon::binary
