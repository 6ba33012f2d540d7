// interface_methods on hand-built graphs: a virtual call on what an accessor
// returned is named Class::method by its slot, for each way the packs say
// which interface an accessor returns (a version string argument, a fixed
// version, a context whose init function calls another accessor) and through
// a function that returns an accessor's result; anything else stays unnamed.
// The names are matched by the rules, and a rule's argN skips `this`.
#include <doctest/doctest.h>

#include "cordon/flow/program_graph.h"
#include "cordon/rules/rule_set.h"
#include "interface_calls.h"
#include "site_resolver.h"
#include "value_graph.h"

namespace cordon::flow {
namespace {

const char* const kPack = R"(pack: demo-interfaces
description: interface accessors for tests
sources:
  - id: demo.user-id
    apis: [ "demo::IUser::GetUserId" ]
    platform: steam
    data: identity
    carries: [ ret, "*arg0" ]
    description: the user id
    reference: https://example.com/demo
accessors:
  - id: demo.accessor.by-version
    apis: [ Demo_CreateInterface ]
    version_arg: 1
    description: returns the interface its second argument names
    reference: https://example.com/demo
  - id: demo.accessor.fixed
    apis: [ Demo_User_v002 ]
    version: DemoUser002
    description: returns one interface
    reference: https://example.com/demo
  - id: demo.accessor.context
    apis: [ Demo_ContextInit ]
    context_arg: 0
    description: returns the object the context's init function gets
    reference: https://example.com/demo
interfaces:
  - id: demo.interface.user-002
    class: demo::IUser
    versions: [ DemoUser002, DEMO_USER_2 ]
    methods: [ GetHandle, GetStat, GetStat, GetUserId ]
    description: the user interface
    reference: https://example.com/demo
)";

struct Builder {
  ProgramGraph graph{"probe"};
  FunctionId main = graph.add_function(Function{"main", "", {}, false, 0});

  CallId call(FunctionId caller, const std::string& name, int args,
              std::optional<FunctionId> callee = std::nullopt) {
    CallSite site;
    site.caller = caller;
    site.callee_name = name;
    site.callee = callee;
    site.indirect = name.empty() && !callee;
    return graph.add_call(std::move(site), args);
  }
  // A string literal passed as argument `index` of `c`.
  void pass_string(FunctionId function, CallId c, int index, const std::string& text) {
    NodeId s = graph.add_node(Node{NodeKind::kString, function, 0, 0});
    graph.add_string(StringRef{function, s, text, {}});
    graph.add_flow(s, graph.calls()[c].args[static_cast<std::size_t>(index)]);
  }
  CallId virtual_call(CallId object_from, std::int64_t offset) {
    CallId c = call(main, "", 3);
    graph.add_virtual_call(c, graph.calls()[object_from].result, offset);
    return c;
  }
};

}  // namespace

TEST_CASE("virtual calls on accessors' objects are named by slot") {
  auto rules = rules::RuleSet::from_texts({{"p.yaml", kPack}});
  REQUIRE_MESSAGE(rules, (rules ? "" : rules.error().front().message()));
  Builder b;
  // Demo_CreateInterface(handle, "DemoUser002")->slot 3, ->slot 0.
  CallId by_version = b.call(b.main, "Demo_CreateInterface", 2);
  b.pass_string(b.main, by_version, 1, "DemoUser002");
  CallId user_id = b.virtual_call(by_version, 24);
  CallId handle = b.virtual_call(by_version, 0);
  CallId misaligned = b.virtual_call(by_version, 12);
  CallId past_end = b.virtual_call(by_version, 32);
  // An unknown version names nothing.
  CallId other = b.call(b.main, "Demo_CreateInterface", 2);
  b.pass_string(b.main, other, 1, "DemoUser003");
  CallId other_slot = b.virtual_call(other, 24);
  // A fixed-version accessor (through its PLT name).
  CallId fixed = b.call(b.main, "Demo_User_v002@plt", 0);
  CallId stat = b.virtual_call(fixed, 8);
  // A function of the title returning an accessor's result as it is.
  FunctionId wrapper = b.graph.add_function(Function{"get_user", "", {}, false, 0});
  CallId inner = b.call(wrapper, "Demo_CreateInterface", 2);
  b.pass_string(wrapper, inner, 1, "DEMO_USER_2");
  b.graph.add_flow(b.graph.calls()[inner].result, b.graph.return_value(wrapper));
  CallId wrapped = b.call(b.main, "get_user", 0, wrapper);
  CallId wrapped_slot = b.virtual_call(wrapped, 16);
  // A context whose first word is an init function calling an accessor.
  FunctionId init = b.graph.add_function(Function{"init_user", "", {}, true, 1});
  CallId init_call = b.call(init, "Demo_CreateInterface", 2);
  b.pass_string(init, init_call, 1, "DemoUser002");
  NodeId context = b.graph.global("0x4000");
  b.graph.add_function_ref(context, init);
  CallId context_init = b.call(b.main, "Demo_ContextInit", 1);
  b.graph.add_flow(context, b.graph.calls()[context_init].args[0]);
  CallId context_slot = b.virtual_call(context_init, 24);
  // An object kept in a stack slot (-O0): the slot holds one accessor's result.
  NodeId slot = b.graph.add_node(Node{NodeKind::kLocal, b.main, 0, 0});
  b.graph.add_flow(b.graph.calls()[by_version].result, slot);
  CallId spilled = b.call(b.main, "", 3);
  b.graph.add_virtual_call(spilled, slot, 24);
  // A slot that held two calls' results (reused) names nothing.
  NodeId reused = b.graph.add_node(Node{NodeKind::kLocal, b.main, 0, 0});
  b.graph.add_flow(b.graph.calls()[by_version].result, reused);
  b.graph.add_flow(b.graph.calls()[fixed].result, reused);
  CallId reused_slot = b.call(b.main, "", 3);
  b.graph.add_virtual_call(reused_slot, reused, 24);
  // An object from a call the packs do not know.
  CallId unknown = b.call(b.main, "make_widget", 0);
  CallId unknown_slot = b.virtual_call(unknown, 24);

  const auto names = interface_methods(b.graph, *rules);
  auto name_of = [&names](CallId c) {
    auto it = names.find(c);
    return it == names.end() ? std::string("-") : it->second;
  };
  CHECK(name_of(user_id) == "demo::IUser::GetUserId");
  CHECK(name_of(handle) == "demo::IUser::GetHandle");
  CHECK(name_of(misaligned) == "-");
  CHECK(name_of(past_end) == "-");
  CHECK(name_of(other_slot) == "-");
  CHECK(name_of(stat) == "demo::IUser::GetStat");
  CHECK(name_of(wrapped_slot) == "demo::IUser::GetStat");
  CHECK(name_of(context_slot) == "demo::IUser::GetUserId");
  CHECK(name_of(unknown_slot) == "-");
  CHECK(name_of(spilled) == "demo::IUser::GetUserId");
  CHECK(name_of(reused_slot) == "-");
  CHECK(names.size() == 6);

  // The rules match the name; the object is `this`, so *arg0 is args[1]'s memory.
  const auto resolved = resolve_calls(b.graph, *rules);
  REQUIRE(resolved[user_id].entries.size() == 1);
  CHECK(resolved[user_id].entries.front()->id == "demo.user-id");
  CHECK(resolved[user_id].api == "demo::IUser::GetUserId");
  CHECK(resolved[handle].entries.empty());
  const CallSite& site = b.graph.calls()[user_id];
  CHECK(site.method);
  CHECK(value_nodes(site, *rules::parse_value_ref("*arg0")) ==
        std::vector<NodeId>{site.arg_pointees[1]});
  CHECK(value_nodes(site, *rules::parse_value_ref("this")) == std::vector<NodeId>{site.args[0]});
}

}  // namespace cordon::flow
