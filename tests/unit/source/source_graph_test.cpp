// Exact graph facts for source-only cases: virtual dispatch through a mock
// SDK interface, lambda captures, a member field set in a constructor and
// sent in a method, a value crossing two translation units, a sanitiser
// call, and a clean control.
#include <doctest/doctest.h>

#include "graph_probe.h"

namespace cordon::source::test {
namespace {

const flow::CallSite& only_call(const flow::ProgramGraph& graph, const std::string& name) {
  auto calls = calls_to(graph, name);
  REQUIRE_MESSAGE(calls.size() == 1, name);
  return *calls.front();
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

TEST_CASE("a virtual call through an SDK interface is named after the interface method") {
  auto scan = scan_files("virtual", {"virtual_dispatch/main.cpp"});
  const auto& graph = scan.graph;
  REQUIRE(scan.units.size() == 1);
  CHECK(scan.units[0].ok);
  CHECK(scan.units[0].diagnostics == 0);
  CHECK(function_names(graph) ==
        std::set<std::string>{"OfflineUser::GetPersonaName", "OfflineUser::GetSteamID", "main"});

  const auto& get = only_call(graph, "ISteamUser::GetSteamID");
  CHECK_FALSE(get.callee.has_value());  // pure virtual: nothing defined
  CHECK(get.object != flow::kNoNode);
  CHECK(get.args.empty());
  CHECK(get.where.line == 13);
  CHECK(ends_with(get.where.file, "tests/fixtures/source/virtual_dispatch/main.cpp"));

  // The override defined in the database is a possible target too.
  const auto& fan = only_call(graph, "OfflineUser::GetSteamID");
  CHECK(fan.indirect);
  REQUIRE(fan.callee.has_value());
  CHECK(graph.functions()[*fan.callee].name == "OfflineUser::GetSteamID");
  CHECK(graph.functions()[*fan.callee].where.line == 7);
  CHECK(reaches(graph, fan.result, get.result));

  const auto& send = only_call(graph, "send_data");
  REQUIRE(send.args.size() == 2);
  CHECK(send.where.line == 14);
  CHECK(reaches(graph, get.result, send.args[0]));
  CHECK(reaches(graph, get.result, send.arg_pointees[0]));
  CHECK_FALSE(reaches(graph, get.result, send.args[1]));  // sizeof id is not the data
}

TEST_CASE("a lambda is a function of its own and its captures flow into its body") {
  auto scan = scan_files("lambda", {"lambda_capture/main.cpp"});
  const auto& graph = scan.graph;
  CHECK(function_names(graph) ==
        std::set<std::string>{"main", "main::(lambda at main.cpp:6)::operator()"});
  auto lambda = graph.find_function("main::(lambda at main.cpp:6)::operator()");
  REQUIRE(lambda.has_value());
  CHECK(graph.functions()[*lambda].address_taken);
  CHECK(graph.function_refs().size() == 1);

  const auto& get = only_call(graph, "ISteamUser::GetSteamID");
  const auto& send = only_call(graph, "send_data");
  CHECK(send.caller == *lambda);
  CHECK(send.where.line == 7);
  CHECK(reaches(graph, get.result, send.arg_pointees[0]));

  // upload(3) calls the lambda's operator(): resolved to the lambda's body.
  const auto& call = only_call(graph, "main::(lambda at main.cpp:6)::operator()");
  REQUIRE(call.callee.has_value());
  CHECK(*call.callee == *lambda);
  CHECK(call.args.size() == 1);
  CHECK(call.object != flow::kNoNode);
}

TEST_CASE("a member field set in the constructor is sent by a method") {
  auto scan = scan_files("member", {"member_field/main.cpp"});
  auto& graph = scan.graph;
  CHECK(function_names(graph) ==
        std::set<std::string>{"Telemetry::Telemetry", "Telemetry::flush", "main"});
  const auto& get = only_call(graph, "ISteamUser::GetPersonaName");
  const auto& send = only_call(graph, "send_data");
  CHECK(graph.functions()[send.caller].name == "Telemetry::flush");
  CHECK(reaches(graph, get.result, send.args[0]));
  CHECK(reaches(graph, get.result, send.arg_pointees[0]));

  // Through the field, keyed Class::field.
  auto before = graph.nodes().size();
  flow::NodeId field = graph.global("Telemetry::user_");
  CHECK(graph.nodes().size() == before);  // it existed
  CHECK(reaches(graph, get.result, field));
  CHECK(reaches(graph, field, send.args[0]));

  const auto& flush = only_call(graph, "Telemetry::flush");
  CHECK(flush.callee.has_value());
  CHECK(flush.object != flow::kNoNode);
  CHECK(
      only_call(
          graph,
          "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >::c_str")
          .object != flow::kNoNode);
}

TEST_CASE("a value read in one unit and sent in another is one path") {
  auto scan = scan_files("two_units", {"two_units/identity.cpp", "two_units/upload.cpp"});
  const auto& graph = scan.graph;
  REQUIRE(scan.units.size() == 2);
  CHECK(scan.targets.size() == 2);
  CHECK(scan.targets[0].format == "source");
  CHECK_FALSE(scan.targets[0].arch.has_value());
  CHECK(scan.targets[1].ok);
  CHECK(function_names(graph) == std::set<std::string>{"main", "read_identity"});
  const auto& call = only_call(graph, "read_identity");
  REQUIRE(call.callee.has_value());
  CHECK(graph.functions()[*call.callee].linkage == "c:@F@read_identity#");
  CHECK(ends_with(graph.functions()[*call.callee].where.file, "two_units/identity.cpp"));
  CHECK(ends_with(call.where.file, "two_units/upload.cpp"));
  const auto& get = only_call(graph, "ISteamUser::GetSteamID");
  const auto& send = only_call(graph, "send_data");
  CHECK(reaches(graph, get.result, send.arg_pointees[0]));
}

TEST_CASE("a sanitiser is a call the rules decide about: no flow is invented through it") {
  auto scan = scan_files("sanitiser", {"sanitiser/main.cpp"});
  const auto& graph = scan.graph;
  const auto& get = only_call(graph, "ISteamUser::GetSteamID");
  const auto& hash = only_call(graph, "SHA256");
  const auto& send = only_call(graph, "send_data");
  REQUIRE(hash.args.size() == 3);
  CHECK(reaches(graph, get.result, hash.arg_pointees[0]));
  CHECK(reaches(graph, hash.arg_pointees[2], send.arg_pointees[0]));  // digest is sent
  CHECK_FALSE(reaches(graph, get.result, send.arg_pointees[0]));
  CHECK_FALSE(reaches(graph, get.result, send.args[0]));
}

TEST_CASE("clean control: data kept local, constants sent") {
  auto scan = scan_files("clean", {"clean/main.cpp"});
  const auto& graph = scan.graph;
  const auto& get = only_call(graph, "ISteamUser::GetSteamID");
  const auto& log = only_call(graph, "write_log");
  auto sends = calls_to(graph, "send_data");
  REQUIRE(sends.size() == 2);
  CHECK(reaches(graph, get.result, log.arg_pointees[0]));
  for (const auto* send : sends) {
    for (std::size_t i = 0; i < send->args.size(); ++i) {
      CHECK_FALSE(reaches(graph, get.result, send->args[i]));
      CHECK_FALSE(reaches(graph, get.result, send->arg_pointees[i]));
    }
  }
  // The literal where it is written (a file-scope initialiser, no function)
  // and where main uses the global holding it, as a binary references it.
  REQUIRE(graph.strings().size() == 2);
  const auto& written = graph.strings()[0];
  CHECK(written.text == "hello");
  CHECK(written.where.line == 4);
  CHECK(written.function == flow::kNoFunction);
  const auto& used = graph.strings()[1];
  CHECK(used.text == "hello");
  CHECK(used.where.line == 11);
  REQUIRE(used.function != flow::kNoFunction);
  CHECK(graph.functions()[used.function].name == "main");
  for (const auto* ref : {&written, &used}) {
    CHECK(reaches(graph, ref->node, sends[0]->args[0]));
    CHECK_FALSE(reaches(graph, ref->node, sends[1]->args[0]));
  }
}

TEST_CASE("containers, smart pointers, streams and value objects pass data on") {
  auto scan = scan_files("library", {"library_flows/main.cpp"});
  const auto& graph = scan.graph;
  CHECK(scan.units[0].diagnostics == 0);
  const auto& name = only_call(graph, "ISteamUser::GetPersonaName");
  auto ids = calls_to(graph, "ISteamUser::GetSteamID");
  REQUIRE(ids.size() == 2);
  std::map<int, const flow::CallSite*> sends;
  for (const auto* call : calls_to(graph, "send_data")) sends[call->where.line] = call;
  REQUIRE(sends.size() == 4);
  // push_back into the vector, names[0].c_str() out of it.
  CHECK(reaches(graph, name.result, sends[20]->args[0]));
  // user->GetSteamID(): the object comes through unique_ptr::operator->.
  CHECK(reaches(
      graph,
      only_call(graph, "std::unique_ptr<ISteamUser, std::default_delete<ISteamUser> >::operator->")
          .result,
      ids[0]->object));
  CHECK(reaches(graph, ids[0]->result, sends[27]->args[0]));
  CHECK(reaches(graph, ids[1]->result, sends[31]->arg_pointees[0]));
  for (const auto& [line, send] : sends) {
    if (line != 33) continue;
    CHECK_FALSE(reaches(graph, name.result, send->args[0]));
    CHECK_FALSE(reaches(graph, ids[0]->result, send->args[0]));
    CHECK_FALSE(reaches(graph, ids[1]->result, send->args[0]));
  }
  CHECK_FALSE(reaches(graph, name.result, sends[31]->arg_pointees[0]));
}

TEST_CASE("two programs in one database keep their own main and callees") {
  auto scan = scan_files("two_programs", {"clean/main.cpp", "virtual_dispatch/main.cpp"});
  const auto& graph = scan.graph;
  std::vector<flow::FunctionId> mains;
  for (flow::FunctionId f = 0; f < graph.functions().size(); ++f) {
    if (graph.functions()[f].name == "main") mains.push_back(f);
  }
  REQUIRE(mains.size() == 2);
  CHECK(ends_with(graph.functions()[mains[0]].where.file, "clean/main.cpp"));
  CHECK(ends_with(graph.functions()[mains[1]].where.file, "virtual_dispatch/main.cpp"));
  for (const auto& call : graph.calls()) {
    CHECK(graph.functions()[call.caller].where.file == call.where.file);
  }
}

TEST_CASE("parallel and serial parses give the same graph") {
  std::vector<std::string> files = {"two_units/identity.cpp", "two_units/upload.cpp",
                                    "member_field/main.cpp", "lambda_capture/main.cpp"};
  auto serial = scan_files("serial", files, 1);
  auto parallel = scan_files("parallel", files, 4);
  CHECK(serial.graph.nodes().size() == parallel.graph.nodes().size());
  CHECK(serial.graph.calls().size() == parallel.graph.calls().size());
  REQUIRE(serial.graph.functions().size() == parallel.graph.functions().size());
  for (std::size_t i = 0; i < serial.graph.functions().size(); ++i) {
    CHECK(serial.graph.functions()[i].linkage == parallel.graph.functions()[i].linkage);
  }
}

TEST_CASE("a double argument is the declared argument in sources (no vector register to pick)") {
  // make_number(int tag, double value, const char* name): a binary passes
  // value in xmm0 or d0; the source front end's args[1] is value itself, the
  // layout value_nodes reads rules' float_args against.
  auto scan = scan_files("float_args", {"float_args/main.cpp"});
  const auto& graph = scan.graph;
  const auto& get = only_call(graph, "get_score");
  const auto& make = only_call(graph, "make_number");
  const auto& send = only_call(graph, "send_node");
  CHECK(make.float_layout == flow::FloatArguments::kDeclared);
  CHECK(make.float_args.empty());
  REQUIRE(make.args.size() == 3);
  REQUIRE(!get.arg_pointees.empty());
  CHECK(reaches(graph, get.arg_pointees[0], make.args[1]));
  CHECK_FALSE(reaches(graph, get.arg_pointees[0], make.args[0]));
  CHECK_FALSE(reaches(graph, get.arg_pointees[0], make.args[2]));
  REQUIRE(!send.args.empty());
  CHECK(reaches(graph, make.result, send.args[0]));
}

}  // namespace cordon::source::test
