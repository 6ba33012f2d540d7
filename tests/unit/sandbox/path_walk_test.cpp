// path_walk: links read and spliced, never followed by the kernel; the
// canonical name of what was reached; a root never left; closed directories
// never entered; procfs links refused.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "cordon/sandbox/path_walk.h"
#include "cordon/sandbox/unix_sockets.h"
#include "cordon/support/unique_fd.h"

namespace {

namespace fs = std::filesystem;
using cordon::UniqueFd;
using cordon::sandbox::walk_path;
using cordon::sandbox::WalkTarget;

struct Tree {
  std::string dir;
  UniqueFd root;
  Tree() {
    char pattern[] = "/tmp/cordon-walk-XXXXXX";
    dir = ::mkdtemp(pattern);
    fs::create_directories(dir + "/run/user/7/pulse");
    fs::create_directories(dir + "/tmp/.X11-unix");
    fs::create_directories(dir + "/home/.ssh/sub");
    fs::create_directories(dir + "/var");
    std::ofstream(dir + "/run/user/7/bus") << "";
    fs::create_symlink("../run", dir + "/var/run");                    // relative
    fs::create_symlink("/run/user/7/bus", dir + "/tmp/.X11-unix/X9");  // absolute, in the root
    fs::create_symlink("../../../../../../etc", dir + "/tmp/up");      // above the root
    fs::create_symlink("loop2", dir + "/tmp/loop1");
    fs::create_symlink("loop1", dir + "/tmp/loop2");
    fs::create_symlink("/proc/self/root/etc", dir + "/tmp/magic");
    root.reset(::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  }
  ~Tree() { fs::remove_all(dir); }
};

// A bound (not listening) Unix stream socket at PATH: what the tests resolve.
UniqueFd bind_unix_stream(const std::string& path) {
  UniqueFd s(::socket(AF_UNIX, SOCK_STREAM, 0));
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  REQUIRE(path.size() < sizeof(a.sun_path));
  std::copy(path.begin(), path.end(), a.sun_path);
  REQUIRE(::bind(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
  return s;
}

}  // namespace

TEST_CASE("path walk: canonical names of what links reach, inside the root") {
  Tree t;
  auto w = walk_path(t.root.get(), "/tmp/.X11-unix/X9", WalkTarget::kObject);
  REQUIRE(w.error == 0);
  CHECK(w.canonical == "/run/user/7/bus");
  w = walk_path(t.root.get(), "/var/run/user/7/./pulse/../bus", WalkTarget::kObject);
  REQUIRE(w.error == 0);
  CHECK(w.canonical == "/run/user/7/bus");
  w = walk_path(t.root.get(), "/../../tmp/up", WalkTarget::kObject);  // clamped at the root
  CHECK(w.error == ENOENT);                                           // no /etc in the tree
  CHECK(walk_path(t.root.get(), "/tmp/loop1", WalkTarget::kObject).error == ELOOP);
  // A link's text is resolved in the root: /proc is not in this tree.
  CHECK(walk_path(t.root.get(), "/tmp/magic", WalkTarget::kObject).error == ENOENT);
  // Through the real /proc: its links (self, magic fd and root links) are refused.
  UniqueFd real_root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  CHECK(walk_path(real_root.get(), "/proc/self/root/etc", WalkTarget::kObject).error == ELOOP);
  CHECK(walk_path(real_root.get(), "/proc/1/root", WalkTarget::kObject).error == ELOOP);
  CHECK(walk_path(t.root.get(), "/run/user/7/bus/x", WalkTarget::kObject).error == ENOTDIR);
  CHECK(walk_path(t.root.get(), "relative", WalkTarget::kObject).error == EINVAL);
}

TEST_CASE("path walk: the directory of a new name; the name itself is not looked up") {
  Tree t;
  auto w = walk_path(t.root.get(), "/var/run/user/7/new.sock", WalkTarget::kParent);
  REQUIRE(w.error == 0);
  CHECK(w.canonical == "/run/user/7");
  CHECK(w.last == "new.sock");
  // A final link is a name that exists (bind fails on it), not followed.
  w = walk_path(t.root.get(), "/tmp/.X11-unix/X9", WalkTarget::kParent);
  REQUIRE(w.error == 0);
  CHECK(w.canonical == "/tmp/.X11-unix");
  CHECK(w.last == "X9");
}

TEST_CASE("path walk: closed directories are not entered, existing names or not") {
  Tree t;
  cordon::sandbox::WalkRules rules;
  rules.may_enter = [](const std::string& p) {
    return !cordon::sandbox::path_within(p, "/home/.ssh");
  };
  for (const char* path : {"/home/.ssh/sub/agent", "/home/.ssh/none/agent", "/home/.ssh/x"}) {
    auto w = walk_path(t.root.get(), path, WalkTarget::kParent, rules);
    CHECK_MESSAGE(w.error == EACCES, path);
    CHECK(w.canonical == "/home/.ssh");
  }
  CHECK(cordon::sandbox::path_within("/a/b", "/a"));
  CHECK_FALSE(cordon::sandbox::path_within("/ab", "/a"));
  CHECK(cordon::sandbox::path_within("/a", "/a"));
}

TEST_CASE("socket identity: a second name makes a socket not single-named") {
  Tree t;
  const std::string path = t.dir + "/run/user/7/s";
  const UniqueFd s = bind_unix_stream(path);
  cordon::sandbox::SocketIdentity id;
  bool single = false;
  UniqueFd dir(::open((t.dir + "/run/user/7").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  REQUIRE(cordon::sandbox::identity_of(dir.get(), "s", id, &single));
  CHECK(single);
  REQUIRE(::link(path.c_str(), (t.dir + "/tmp/.X11-unix/X3").c_str()) == 0);
  REQUIRE(cordon::sandbox::identity_of(dir.get(), "s", id, &single));
  CHECK_FALSE(single);
}

TEST_CASE("unix socket snapshot: sockets a glob names, never through a link it names") {
  Tree t;
  const std::string dir = t.dir + "/run/user/7";
  const UniqueFd wayland = bind_unix_stream(dir + "/wayland-0");
  const UniqueFd bus = bind_unix_stream(dir + "/hostbus");
  const UniqueFd shared = bind_unix_stream(dir + "/shared");
  fs::create_symlink("hostbus", dir + "/wayland-1");  // the attack's shape
  REQUIRE(::link((dir + "/shared").c_str(), (dir + "/wayland-2").c_str()) == 0);  // two names
  const auto found = cordon::sandbox::snapshot_unix_sockets({dir + "/wayland-*", "@abstract"});
  REQUIRE(found.size() == 1);
  CHECK(found[0].path == dir + "/wayland-0");
  CHECK(found[0].glob == dir + "/wayland-*");
  cordon::sandbox::SocketIdentity id;
  UniqueFd parent(::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  REQUIRE(cordon::sandbox::identity_of(parent.get(), "wayland-0", id));
  CHECK(found[0].id == id);
}
