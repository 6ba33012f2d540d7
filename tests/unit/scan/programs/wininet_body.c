// The WinINet handle chain (issue 11 item 4), built with mingw-w64 -O2
// against the real wininet.h: InternetConnectA names the server,
// HttpOpenRequestA the object; the computer name is the optional body of
// HttpSendRequestA and the user name is written with InternetWriteFile after
// HttpSendRequestExA on a second request. Both sends must name the server
// they go to (the connection's host reaches the request handle). Never run
// by the tests (only scanned).
#include <windows.h>
#include <wininet.h>

#include <string.h>

static HINTERNET open_request(HINTERNET session, const char* object) {
  HINTERNET connection =
      InternetConnectA(session, "stats.example-telemetry.test", INTERNET_DEFAULT_HTTPS_PORT, NULL,
                       NULL, INTERNET_SERVICE_HTTP, 0, 0);
  if (connection == NULL) return NULL;
  return HttpOpenRequestA(connection, "POST", object, NULL, NULL, NULL, INTERNET_FLAG_SECURE, 0);
}

__attribute__((noinline)) static BOOL send_machine(HINTERNET session) {
  char name[MAX_COMPUTERNAME_LENGTH + 1];
  DWORD size = sizeof name;
  if (!GetComputerNameA(name, &size)) return FALSE;
  HINTERNET request = open_request(session, "/v1/machine");
  if (request == NULL) return FALSE;
  return HttpSendRequestA(request, NULL, 0, name, size);
}

__attribute__((noinline)) static BOOL send_user(HINTERNET session) {
  char user[256];
  DWORD size = sizeof user;
  if (!GetUserNameA(user, &size)) return FALSE;
  HINTERNET request = open_request(session, "/v1/user");
  if (request == NULL) return FALSE;
  INTERNET_BUFFERSA buffers;
  memset(&buffers, 0, sizeof buffers);
  buffers.dwStructSize = sizeof buffers;
  buffers.dwBufferTotal = size;
  if (!HttpSendRequestExA(request, &buffers, NULL, 0, 0)) return FALSE;
  DWORD written = 0;
  return InternetWriteFile(request, user, size, &written);
}

int main(void) {
  HINTERNET session = InternetOpenA("cordon-test/1.0", INTERNET_OPEN_TYPE_PRECONFIG, NULL, NULL, 0);
  if (session == NULL) return 1;
  BOOL ok = send_machine(session) && send_user(session);
  InternetCloseHandle(session);
  return ok ? 0 : 1;
}
