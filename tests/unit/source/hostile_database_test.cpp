// Hostile databases end to end through build_source_graph: missing files,
// syntax errors and missing headers, and 10,000 entries.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>

#include "graph_probe.h"

namespace cordon::source::test {

TEST_CASE("missing files and broken units are targets with their own status") {
  auto dir = scratch("broken_units");
  nlohmann::json entries = nlohmann::json::array();
  entries.push_back(
      {{"directory", dir.string()}, {"file", "nowhere.cpp"}, {"command", "c++ -c nowhere.cpp"}});
  entries.push_back(
      {{"directory", dir.string()},
       {"file", fixture("syntax_error/broken.cpp")},
       {"arguments", {"c++", "-I" + fixture("sdk"), "-c", fixture("syntax_error/broken.cpp")}}});
  std::ofstream(dir / "compile_commands.json") << entries.dump();

  auto scan = build_source_graph(dir.string(), SourceOptions{});
  REQUIRE(scan.has_value());
  REQUIRE(scan->units.size() == 2);
  CHECK_FALSE(scan->units[0].ok);
  CHECK(scan->units[0].error == (dir / "nowhere.cpp").string() + ": no such file or directory");
  CHECK_FALSE(scan->targets[0].ok);
  CHECK(scan->targets[0].error == scan->units[0].error);

  // Parsed despite a missing header and syntax errors; what parsed is used.
  const auto& broken = scan->units[1];
  CHECK(broken.ok);
  CHECK(broken.diagnostics >= 2);
  REQUIRE_FALSE(broken.notes.empty());
  CHECK(broken.notes[0].find("'missing_header.h' file not found") != std::string::npos);
  CHECK(scan->targets[1].ok);
  CHECK(function_names(scan->graph).count("fine") == 1);
  auto sends = calls_to(scan->graph, "send_data");
  CHECK_FALSE(sends.empty());
}

TEST_CASE("10,000 entries: repeats collapse, missing files fail fast") {
  auto dir = scratch("ten_thousand");
  nlohmann::json entries = nlohmann::json::array();
  for (int i = 0; i < 5000; ++i) {
    // The same unit, written with different object files: one parse.
    entries.push_back({{"directory", dir.string()},
                       {"file", fixture("two_units/upload.cpp")},
                       {"arguments",
                        {"c++", "-I" + fixture("sdk"), "-c", fixture("two_units/upload.cpp"), "-o",
                         "obj" + std::to_string(i) + ".o"}}});
    entries.push_back({{"directory", dir.string()},
                       {"file", "gone" + std::to_string(i) + ".cpp"},
                       {"command", "c++ -c gone" + std::to_string(i) + ".cpp"}});
  }
  std::ofstream(dir / "compile_commands.json") << entries.dump();

  auto started = std::chrono::steady_clock::now();
  SourceOptions options;
  options.jobs = 2;
  auto scan = build_source_graph((dir / "compile_commands.json").string(), options);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE(scan.has_value());
  CHECK(scan->duplicates == 4999);
  REQUIRE(scan->units.size() == 5001);
  CHECK(scan->units[0].ok);
  std::size_t failed = 0;
  for (const auto& unit : scan->units) failed += unit.ok ? 0 : 1;
  CHECK(failed == 5000);
  CHECK(function_names(scan->graph) == std::set<std::string>{"main"});
  CHECK(seconds < 20.0);
}

TEST_CASE("a cl.exe command line is parsed through clang's cl driver mode") {
  auto dir = scratch("cl_mode");
  nlohmann::json entries = nlohmann::json::array();
  entries.push_back({{"directory", dir.string()},
                     {"file", fixture("virtual_dispatch/main.cpp")},
                     {"arguments",
                      {"C:/VS/bin/cl.exe", "/nologo", "/EHsc", "/I" + fixture("sdk"),
                       "/Fo:main.obj", "/c", fixture("virtual_dispatch/main.cpp")}}});
  std::ofstream(dir / "compile_commands.json") << entries.dump();
  auto scan = build_source_graph(dir.string(), SourceOptions{});
  REQUIRE(scan.has_value());
  REQUIRE(scan->units.size() == 1);
  CHECK(scan->units[0].ok);
  CHECK(scan->units[0].diagnostics == 0);
  REQUIRE_FALSE(scan->units[0].notes.empty());
  CHECK(scan->units[0].notes[0] == "dropped cl output flag /Fo:main.obj");
  // MSVC manglings are not demangled: the qualified name is used.
  CHECK(calls_to(scan->graph, "ISteamUser::GetSteamID").size() == 1);
  CHECK(calls_to(scan->graph, "send_data").size() == 1);
}

TEST_CASE("deeply nested generated code is walked within bounds") {
  auto dir = scratch("deep");
  {
    std::ofstream source(dir / "deep.c");
    source << "int send_data(const void*, unsigned long);\nint f(int a) {\n  int x = ";
    for (int i = 0; i < 20000; ++i) source << "a + ";
    source << "a;\n  return send_data(&x, sizeof x);\n}\n";
  }
  nlohmann::json entries = nlohmann::json::array();
  entries.push_back(
      {{"directory", dir.string()}, {"file", "deep.c"}, {"arguments", {"cc", "-c", "deep.c"}}});
  std::ofstream(dir / "compile_commands.json") << entries.dump();
  auto scan = build_source_graph(dir.string(), SourceOptions{});
  REQUIRE(scan.has_value());
  REQUIRE(scan->units.size() == 1);
  CHECK(scan->units[0].ok);
  CHECK(scan->units[0].diagnostics == 0);
  CHECK(calls_to(scan->graph, "send_data").size() == 1);
}

}  // namespace cordon::source::test
