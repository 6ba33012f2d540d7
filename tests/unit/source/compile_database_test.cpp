// Loading compile databases: command splitting, argument arrays, path
// resolution, duplicates, and the flags libclang is given.
#include <doctest/doctest.h>

#include <fstream>

#include "compile_flags.h"
#include "cordon/source/compile_database.h"
#include "graph_probe.h"

namespace cordon::source::test {
namespace {

std::string write(const std::string& name, const std::string& text) {
  auto dir = scratch(name);
  std::ofstream(dir / "compile_commands.json") << text;
  return dir.string();
}

using Words = std::vector<std::string>;

}  // namespace

TEST_CASE("commands are split with shell rules") {
  CHECK(split_command_line(R"(cc -DNAME="a b" 'x y' a\ b -c f.c)", false) ==
        Words{"cc", "-DNAME=a b", "x y", "a b", "-c", "f.c"});
  CHECK(split_command_line(R"(cc "-DQ=\"q\"" '')", false) == Words{"cc", "-DQ=\"q\"", ""});
  CHECK(split_command_line("  \t ", false).empty());
}

TEST_CASE("cl.exe commands are split with Windows rules") {
  CHECK(split_command_line(R"(cl.exe /IC:\sdk\include "/DNAME=\"x\"" /c C:\src\a.cpp)", true) ==
        Words{"cl.exe", R"(/IC:\sdk\include)", "/DNAME=\"x\"", "/c", R"(C:\src\a.cpp)"});
}

TEST_CASE("a build directory, relative directories and duplicates") {
  std::string dir = write("relative", R"([
    {"directory": "sub", "file": "a.cpp", "command": "c++ -Iinc -c a.cpp -o a.o"},
    {"directory": "sub", "file": "a.cpp", "command": "c++ -Iinc -c a.cpp -o a.o"},
    {"directory": "/abs", "file": "/abs/b.c", "arguments": ["cc", "-c", "b.c"], "output": "b.o"}
  ])");
  auto db = load_compile_database(dir);  // the directory, not the file
  REQUIRE(db.has_value());
  CHECK(db->path == dir + "/compile_commands.json");
  CHECK(db->duplicates == 1);
  REQUIRE(db->entries.size() == 2);
  CHECK(db->entries[0].directory == dir + "/sub");
  CHECK(db->entries[0].file == dir + "/sub/a.cpp");
  CHECK(db->entries[0].arguments == Words{"c++", "-Iinc", "-c", "a.cpp", "-o", "a.o"});
  CHECK(db->entries[1].index == 2);
  CHECK(db->entries[1].file == "/abs/b.c");

  auto flags = parse_flags_for(db->entries[0], "/rd", {"-DEXTRA"});
  CHECK(flags.args == Words{"-I" + dir + "/sub/inc", "-resource-dir", "/rd", "-DEXTRA"});
  CHECK_FALSE(flags.cl_mode);
}

TEST_CASE("flags: outputs, dependency files and the input dropped; paths made absolute") {
  CompileEntry entry;
  entry.directory = "/w/build";
  entry.file = "/w/src/x.cpp";
  entry.arguments = {"/usr/bin/g++", "-MD",      "-MT",      "x.o",   "-MF",         "x.d",
                     "-isystem",     "../third", "-include", "pch.h", "-I/abs",      "-Irel",
                     "-std=c++20",   "-o",       "x.o",      "-c",    "../src/x.cpp"};
  auto flags = parse_flags_for(entry, "", {});
  CHECK(flags.args == Words{"-isystem", "/w/third", "-include", "/w/build/pch.h", "-I/abs",
                            "-I/w/build/rel", "-std=c++20"});
}

TEST_CASE("flags: cl.exe through clang's cl driver mode") {
  CompileEntry entry;
  entry.directory = "/w";
  entry.file = "/w/a.cpp";
  entry.arguments = {"C:/VS/bin/cl.exe", "/nologo", "/Iinc", "/Fo:a.obj",
                     "/Yustdafx.h",      "/c",      "a.cpp"};
  auto flags = parse_flags_for(entry, "/rd", {});
  CHECK(flags.cl_mode);
  CHECK(flags.args ==
        Words{"--driver-mode=cl", "/nologo", "/I/w/inc", "-resource-dir", "/rd", "--", "/w/a.cpp"});
  CHECK(flags.notes.size() == 2);
}

TEST_CASE("malformed databases name the file and the entry") {
  auto expect_error = [](const std::string& text, const std::string& where,
                         const std::string& reason) {
    std::string dir = write("bad", text);
    auto db = load_compile_database(dir + "/compile_commands.json");
    REQUIRE_FALSE(db.has_value());
    CHECK(db.error().kind == ErrorKind::kParse);
    CHECK(db.error().input == dir + "/compile_commands.json");
    CHECK(db.error().where == where);
    CHECK(db.error().reason == reason);
  };
  expect_error("this is not json", "byte 2", "not a JSON compile database (malformed JSON)");
  expect_error(R"({"directory": "/"})", "",
               "not a compile database: the top level is not an array");
  expect_error(R"([{"directory": "/", "file": "a.c", "command": "cc a.c"}, 3])", "entry 1",
               "not an object");
  expect_error(R"([{"file": "a.c", "command": "cc a.c"}])", "entry 0", "missing key 'directory'");
  expect_error(R"([{"directory": "/", "command": "cc a.c"}])", "entry 0", "missing key 'file'");
  expect_error(R"([{"directory": "/", "file": "a.c"}])", "entry 0",
               "missing key 'command' or 'arguments'");
  expect_error(R"([{"directory": "/", "file": "a.c", "arguments": [1]}])", "entry 0",
               "'arguments' holds a non-string");
  expect_error(R"([{"directory": 7, "file": "a.c", "command": "cc"}])", "entry 0",
               "key 'directory' is not a string");
}

TEST_CASE("a missing database is an io error naming the path") {
  auto dir = scratch("missing");
  auto db = load_compile_database(dir.string());
  REQUIRE_FALSE(db.has_value());
  CHECK(db.error().input == (dir / "compile_commands.json").string());
}

}  // namespace cordon::source::test
