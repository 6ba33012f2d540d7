// Control Flow Guard dispatch (issue 11 item 4): built with clang-14 for
// x86_64-w64-mingw32 with -cfguard and lld, so the indirect call of
// g_reporter goes through __guard_dispatch_icall_fptr with its target in
// rax, as MSVC /guard:cf code does. The host name reaches send in
// report_name: the scan must give the dataflow path the same source built
// without -cfguard gives. Never run by the tests (only scanned).
// winsock2.h before windows.h (which would pull in the old winsock.h).
#include <winsock2.h>
// (a separate block, so include sorting keeps the order)
#include <string.h>
#include <windows.h>

typedef int (*reporter)(SOCKET, const char*);

__attribute__((noinline)) static int report_name(SOCKET s, const char* name) {
  return send(s, name, (int)strlen(name), 0);
}

reporter volatile g_reporter = report_name;

int main(void) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  char name[256];
  if (gethostname(name, sizeof name) != 0) return 1;
  SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
  return g_reporter(s, name);
}

// What the MSVC runtime provides for /guard:cf, here by hand: the dispatch
// and check stubs, their pointers and the load configuration naming them
// (lld writes its directory for _load_config_used).
void guard_dispatch_nop(void);
void guard_check_nop(void);
__asm__(
    ".text\n.globl guard_dispatch_nop\nguard_dispatch_nop:\n jmp *%rax\n"
    ".globl guard_check_nop\nguard_check_nop:\n ret\n");
void (*const __guard_dispatch_icall_fptr)(void) = guard_dispatch_nop;
void (*const __guard_check_icall_fptr)(void) = guard_check_nop;
// The load configuration's layout up to GuardFlags (mingw's headers have an
// older IMAGE_LOAD_CONFIG_DIRECTORY64 without the guard fields).
struct load_config {
  DWORD size, time_date_stamp;
  WORD major, minor;
  DWORD global_flags_clear, global_flags_set, critical_section_timeout;
  ULONGLONG decommit_free_block, decommit_total_free, lock_prefix_table, maximum_allocation,
      virtual_memory_threshold, process_affinity_mask;
  DWORD process_heap_flags;
  WORD csd_version, dependent_load_flags;
  ULONGLONG edit_list, security_cookie, se_handler_table, se_handler_count;
  ULONGLONG guard_cf_check_function_pointer, guard_cf_dispatch_function_pointer;
  ULONGLONG guard_cf_function_table, guard_cf_function_count;
  DWORD guard_flags;
};
const struct load_config _load_config_used = {
    .size = sizeof(struct load_config),
    .guard_cf_check_function_pointer = (ULONGLONG)&__guard_check_icall_fptr,
    .guard_cf_dispatch_function_pointer = (ULONGLONG)&__guard_dispatch_icall_fptr,
    .guard_flags = 0x100,
};
