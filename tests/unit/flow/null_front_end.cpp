#include "null_front_end.h"

#include <cstdint>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "cordon/support/file_reader.h"

namespace cordon::testing {
namespace {

using flow::CallId;
using flow::FunctionId;
using flow::NodeId;

struct Builder {
  flow::ProgramGraph& graph;
  std::map<std::string, FunctionId> functions;
  std::map<std::string, CallId> calls;
  std::map<std::string, NodeId> locals;
  std::map<std::string, NodeId> strings;

  FunctionId function(const std::string& name) {
    auto found = functions.find(name);
    if (found == functions.end()) throw std::runtime_error("unknown function '" + name + "'");
    return found->second;
  }

  // CALL.ret, CALL.argN, CALL.*argN, FN.paramN, FN.ret, FN.local, $global, @string
  NodeId node(const std::string& ref) {
    if (ref.starts_with("$")) return graph.global(ref.substr(1));
    if (ref.starts_with("@")) {
      auto found = strings.find(ref.substr(1));
      if (found == strings.end()) throw std::runtime_error("unknown string '" + ref + "'");
      return found->second;
    }
    auto dot = ref.find('.');
    if (dot == std::string::npos) throw std::runtime_error("bad node reference '" + ref + "'");
    std::string owner = ref.substr(0, dot);
    std::string part = ref.substr(dot + 1);
    if (auto call = calls.find(owner); call != calls.end()) {
      const auto& site = graph.calls()[call->second];
      if (part == "ret") return site.result;
      bool pointee = part.starts_with("*");
      if (pointee) part.erase(0, 1);
      if (!part.starts_with("arg")) throw std::runtime_error("bad call value '" + ref + "'");
      std::size_t index = std::stoul(part.substr(3));
      if (index >= site.args.size())
        throw std::runtime_error("argument out of range '" + ref + "'");
      return pointee ? site.arg_pointees[index] : site.args[index];
    }
    FunctionId f = function(owner);
    if (part == "ret") return graph.return_value(f);
    if (part.starts_with("param")) return graph.param(f, std::stoi(part.substr(5)));
    auto [it, added] = locals.try_emplace(ref, 0);
    if (added) it->second = graph.add_node(flow::Node{flow::NodeKind::kLocal, f, 0, 0});
    return it->second;
  }
};

flow::Location location(const YAML::Node& n) {
  flow::Location where;
  if (n["at"]) where.address = n["at"].as<std::uint64_t>();
  if (n["file"]) where.file = n["file"].as<std::string>();
  if (n["line"]) where.line = n["line"].as<int>();
  return where;
}

std::vector<std::string> strings_of(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n) {
    for (const auto& item : n) out.push_back(item.as<std::string>());
  }
  return out;
}

void build_graph(const YAML::Node& g, Builder& b) {
  for (const auto& f : g["functions"]) {
    flow::Function function;
    if (f.IsScalar()) {
      function.name = f.as<std::string>();
    } else {
      function.name = f["name"].as<std::string>();
      function.where = location(f);
      function.address_taken = f["address_taken"] && f["address_taken"].as<bool>();
      for (const auto& index : f["written"]) {  // parameters it stores through
        function.written_params =
            static_cast<std::uint16_t>(function.written_params | (1u << index.as<unsigned>()));
      }
    }
    std::string name = function.name;
    b.functions[name] = b.graph.add_function(std::move(function));
  }
  for (const auto& c : g["calls"]) {
    flow::CallSite call;
    call.caller = b.function(c["in"].as<std::string>());
    call.where = location(c);
    if (c["callee"]) call.callee_name = c["callee"].as<std::string>();
    if (c["internal"] && c["internal"].as<bool>()) call.callee = b.function(call.callee_name);
    if (c["syscall"]) call.syscall = c["syscall"].as<std::string>();
    call.indirect = c["indirect"] && c["indirect"].as<bool>();
    int args = c["args"] ? c["args"].as<int>() : 0;
    flow::CallId id = b.graph.add_call(std::move(call), args);
    b.calls[c["id"].as<std::string>()] = id;
    // `consts: { 1: 10018 }`: integer constants passed at argument positions.
    for (const auto& k : c["consts"]) {
      b.graph.set_arg_constant(id, k.first.as<int>(), k.second.as<std::int64_t>());
    }
  }
  for (const auto& s : g["strings"]) {
    if (!s["in"]) {  // in the data, used by no code
      b.graph.add_string(flow::StringRef{flow::kNoFunction, flow::kNoNode,
                                         s["text"].as<std::string>(), location(s)});
      continue;
    }
    FunctionId f = b.function(s["in"].as<std::string>());
    NodeId node = b.graph.add_node(flow::Node{flow::NodeKind::kString, f, 0, 0});
    b.strings[s["id"].as<std::string>()] = node;
    b.graph.add_string(flow::StringRef{f, node, s["text"].as<std::string>(), location(s)});
  }
  for (const auto& edge : g["flows"]) {
    b.graph.add_flow(b.node(edge[0].as<std::string>()), b.node(edge[1].as<std::string>()));
  }
  for (const auto& ref : g["refs"]) {
    b.graph.add_function_ref(b.node(ref[0].as<std::string>()),
                             b.function(ref[1].as<std::string>()));
  }
  for (const auto& method : g["methods"]) {  // [object value, virtual method]
    b.graph.add_object_method(b.node(method[0].as<std::string>()),
                              b.function(method[1].as<std::string>()));
  }
}

}  // namespace

Result<Fixture> load_fixture(const std::string& path) {
  auto text = read_text_file(path, 1u << 20);
  if (!text) return tl::unexpected(text.error());
  Fixture fixture;
  try {
    YAML::Node root = YAML::Load(*text);
    fixture.name = root["name"] ? root["name"].as<std::string>() : path;
    // `packs`: files next to the fixture; `pack`: an inline pack.
    auto dir = std::filesystem::path(path).parent_path();
    for (const auto& file : strings_of(root["packs"])) {
      auto pack = read_text_file((dir / file).string(), 1u << 20);
      if (!pack) return tl::unexpected(pack.error());
      fixture.packs.emplace_back(file, *pack);
    }
    if (root["pack"])
      fixture.packs.emplace_back("inline-pack.yaml", root["pack"].as<std::string>());
    if (root["profile"]) fixture.profile = root["profile"].as<std::string>();
    fixture.allow = strings_of(root["allow"]);
    fixture.accepted_sanitizers = strings_of(root["accepted_sanitizers"]);
    if (root["allow_same_vendor"]) fixture.allow_same_vendor = root["allow_same_vendor"].as<bool>();
    if (root["manifest"]) fixture.manifest = root["manifest"].as<std::string>();
    fixture.kinds = strings_of(root["kinds"]);
    if (fixture.kinds.empty()) fixture.kinds = {"exfiltration-path"};
    fixture.expected = strings_of(root["expected"]);
    Builder builder{fixture.graph, {}, {}, {}, {}};
    build_graph(root["graph"], builder);
  } catch (const std::exception& e) {
    return fail(ErrorKind::kParse, path, "", e.what());
  }
  return fixture;
}

std::string summary(const flow::Finding& f) {
  std::string out =
      fmt::format("{} {} {}", flow::to_string(f.kind), f.rule, rules::to_string(f.severity));
  if (f.allowed) out += " allowed";
  if (f.source) out += " src=" + f.source->api;
  if (f.sink) out += fmt::format(" sink={}/{}", f.sink->api, rules::to_string(f.sink->vendor));
  if (f.kind == flow::FindingKind::kExfiltrationPath)
    out += fmt::format(" {}", flow::to_string(f.confidence));
  if (!f.path.empty()) {
    std::vector<std::string> names;
    for (const auto& step : f.path) names.push_back(step.function);
    out += fmt::format(" path={}", fmt::join(names, ">"));
  }
  for (const auto& chain : f.alternative_paths) {
    std::vector<std::string> names;
    for (const auto& step : chain) names.push_back(step.function);
    out += fmt::format(" alt={}", fmt::join(names, ">"));
  }
  if (!f.endpoints.empty()) out += fmt::format(" ep={}", fmt::join(f.endpoints, ","));
  return out;
}

}  // namespace cordon::testing
