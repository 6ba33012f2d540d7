// The title of sandbox.file_events: tries what QA wants to see in the audit
// log (a private key, a browser's cookie store, the machine id; writes into
// shell startup files and git's configuration, a rename over one, a new one)
// between ordinary file work that must leave no line. Prints one line per
// attempt: "NAME ok" when it got what it wanted (for a read: the token from
// argv[1], or the host's machine id in argv[2]), "NAME failed ERRNO" when not.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char* home;
static char path_buf[4096];

static const char* at_home(const char* name) {
  snprintf(path_buf, sizeof(path_buf), "%s/%s", home, name);
  return path_buf;
}

static void report(const char* name, int ok, int error) {
  if (ok)
    printf("%s ok\n", name);
  else
    printf("%s failed %d\n", name, error);
}

// Reads the file; ok when it holds `want`.
static void try_read(const char* name, const char* path, const char* want) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return report(name, 0, errno);
  char buffer[4096] = {0};
  ssize_t n = read(fd, buffer, sizeof(buffer) - 1);
  int error = n < 0 ? errno : 0;
  close(fd);
  report(name, n > 0 && strstr(buffer, want) != NULL, error);
}

static void try_write(const char* name, const char* path, int flags, const char* token) {
  int fd = open(path, flags | O_CLOEXEC, 0644);
  if (fd < 0) return report(name, 0, errno);
  ssize_t n = write(fd, token, strlen(token));
  int error = n < 0 ? errno : 0;
  close(fd);
  report(name, n == (ssize_t)strlen(token), error);
}

// Ordinary file work: none of it may make a line.
static int ordinary(void) {
  int fine = 1;
  for (int i = 0; i < 50; ++i) {
    int fd = open(at_home("save.dat"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, "save", 4) != 4) fine = 0;
    if (fd >= 0) close(fd);
    fd = open(at_home("save.dat"), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      fine = 0;
    else
      close(fd);
    fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) close(fd);
  }
  // A save directory made component by component, as teeworlds does:
  // each existing ancestor (of ~/.ssh too) is EEXIST, as bare.
  if (mkdir("/tmp", 0755) == 0 || errno != EEXIST) fine = 0;
  if (mkdir(home, 0755) == 0 || errno != EEXIST) fine = 0;
  mkdir(at_home(".mygame"), 0755);
  int fd = open(at_home(".mygame/state"), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    fine = 0;
  else
    close(fd);
  char from[4096];
  snprintf(from, sizeof(from), "%s", at_home(".mygame/state"));
  if (rename(from, at_home(".mygame/state.old")) != 0) fine = 0;
  unlink(at_home(".mygame/state.old"));
  rmdir(at_home(".mygame"));
  unlink(at_home("save.dat"));
  return fine;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: file_events TOKEN MACHINE-ID\n");
    return 2;
  }
  const char* token = argv[1];
  home = getenv("HOME");
  if (home == NULL) return 2;
  report("ordinary-before", ordinary(), 0);
  try_read("read-key", at_home(".ssh/id_ed25519"), token);
  try_read("read-cookies", at_home(".mozilla/firefox/p.default/cookies.sqlite"), token);
  if (argv[2][0] != '\0') try_read("read-machine-id", "/etc/machine-id", argv[2]);
  try_write("write-rc", at_home(".bashrc"), O_WRONLY | O_APPEND, token);
  // A new file moved over the rc file (the write of the new file is ordinary).
  char fresh[4096];
  snprintf(fresh, sizeof(fresh), "%s/rc.new", home);
  try_write("new-rc", fresh, O_WRONLY | O_CREAT | O_TRUNC, token);
  report("rename-rc", rename(fresh, at_home(".profile")) == 0, errno);
  unlink(fresh);
  try_write("create-zshenv", at_home(".zshenv"), O_WRONLY | O_CREAT | O_EXCL, token);
  // Relative to the cwd.
  if (chdir(home) != 0) return 2;
  try_write("write-gitconfig", ".gitconfig", O_RDWR, token);
  report("ordinary-after", ordinary(), 0);
  return 0;
}
