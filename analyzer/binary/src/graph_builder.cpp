#include "graph_builder.h"

#include <fmt/format.h>
#include <malloc.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "arch_traits.h"
#include "capstone_handle.h"
#include "coverage.h"
#include "demangle.h"
#include "gap_sweep.h"
#include "lift_runner.h"
#include "parallel.h"
#include "plt.h"
#include "syscalls.h"

namespace cordon::binary {
namespace {

constexpr int kMaxRounds = 16;
// Discovery passes after the named starts (each: references, pointers or
// the gap sweep, then lifting), the first kPrecisePasses one start per gap.
constexpr int kMaxDiscoveryPasses = 64;
constexpr int kPrecisePasses = 8;
constexpr int kMaxThunkDepth = 4;
constexpr std::size_t kTrimBytes = 64u << 20;

// The bodies of the functions unwind tables describe: is an address inside
// one (past its first byte)?
class UnwindBodies {
 public:
  explicit UnwindBodies(std::vector<CodeRange> ranges) : ranges_(std::move(ranges)) {
    std::sort(ranges_.begin(), ranges_.end(),
              [](const CodeRange& a, const CodeRange& b) { return a.begin < b.begin; });
    reach_.reserve(ranges_.size());
    std::uint64_t reach = 0;
    for (const CodeRange& r : ranges_) {
      reach = std::max(reach, r.end);
      reach_.push_back(reach);
    }
  }
  [[nodiscard]] bool inside(std::uint64_t address) const {
    // The last range beginning before `address`; ranges may nest or overlap,
    // so the furthest end of all ranges up to it decides.
    auto it = std::lower_bound(ranges_.begin(), ranges_.end(), address,
                               [](const CodeRange& r, std::uint64_t a) { return r.begin < a; });
    if (it == ranges_.begin()) return false;
    return reach_[static_cast<std::size_t>(it - ranges_.begin()) - 1] > address;
  }

 private:
  std::vector<CodeRange> ranges_;
  std::vector<std::uint64_t> reach_;  // the furthest end among ranges_[0..i]
};
constexpr std::uint64_t kMaxDataWords = 8u << 20;
constexpr flow::CallId kDroppedCall = 0xffffffffu;

bool usable_name(const std::string& name) {
  return !name.empty() && name[0] != '$' && name.rfind(".L", 0) != 0;
}

// Ranks symbols naming the same address: functions before data, exported
// before local, then the shorter (un-suffixed) name.
bool better_symbol(const Symbol& a, const Symbol& b) {
  if (a.function != b.function) return a.function;
  if (a.exported != b.exported) return a.exported;
  if (a.name.size() != b.name.size()) return a.name.size() < b.name.size();
  return a.name < b.name;
}

class Builder {
 public:
  Builder(const Image& image, const std::string& target, const FrontEndOptions& options)
      : image_(image),
        options_(options),
        out_{"", "", flow::ProgramGraph(target), 0, 0, 0, 0},
        coverage_(image) {}

  Result<BinaryGraph> run() {
    out_.format = image_.format == Format::kElf  ? "elf"
                  : image_.format == Format::kPe ? "pe"
                                                 : "macho";
    out_.arch = arch_traits(image_.arch).name;
    context_.image = &image_;
    context_.decoded = &coverage_;
    context_.max_instructions = options_.max_instructions_per_function;
    context_.abi = abi_of(image_.format, image_.arch);
    context_.convention = calling_convention(context_.abi);
    auto cs = CapstoneHandle::open(image_.arch);
    if (!cs) return fail(cs.error());
    context_.plt_stubs = find_plt_stubs(image_, *cs);
    index_symbols();
    context_.starts = initial_starts();
    if (auto lifted = lift_from(context_.starts); !lifted) return fail(lifted.error());
    if (auto found = discover(); !found) return fail(found.error());
    // Discovery's rounds left freed result vectors and sweep buffers in every
    // arena: return them before the graph is built beside the lifted code.
    malloc_trim(0);
    out_.code_bytes = coverage_.code_bytes();
    out_.covered_bytes = coverage_.covered_bytes();
    std::sort(functions_.begin(), functions_.end(),
              [](const LiftedFunction& a, const LiftedFunction& b) { return a.start < b.start; });
    reserve_graph();
    add_functions();
    index_thunks();
    // The data scans read only the image and the function index, so they
    // run beside the merge (which is serial); what they find is added after
    // it, in the same order as before, so node ids do not change.
    DataRefs data_refs;
    std::vector<UrlCandidate> urls;
    auto scan_data = [&] {
      data_refs = find_data_function_refs();
      urls = find_data_urls();
    };
    {
      std::jthread scanner;
      if (options_.jobs > 1) {
        scanner = std::jthread(scan_data);
      } else {
        scan_data();
      }
      for (std::size_t i = 0; i < functions_.size(); ++i) {
        merge(static_cast<flow::FunctionId>(i));
        release_merged(functions_[i]);
      }
    }
    out_.function_count = functions_.size();
    // The scanner has joined: nothing reads the lifted functions any more.
    functions_ = {};
    malloc_trim(0);
    add_data_function_refs(data_refs);
    add_unreferenced_urls(urls);
    out_.graph.compact_edges();
    out_.graph.instruction_count = out_.instruction_count;
    return std::move(out_);
  }

 private:
  void index_symbols() {
    for (const Symbol& s : image_.symbols) {
      if (!usable_name(s.name)) continue;
      auto [it, inserted] = symbol_at_.try_emplace(s.address, &s);
      if (!inserted && better_symbol(s, *it->second)) it->second = &s;
    }
  }

  // Lifts `pending` (already in the starts), then the call targets they
  // reveal, round after round; marks what was decoded.
  Status lift_from(std::vector<std::uint64_t> pending) {
    for (int round = 0; round < kMaxRounds && !pending.empty(); ++round) {
      auto lifted = lift_functions(context_, pending, std::max(1u, options_.jobs));
      if (!lifted) return fail(lifted.error());
      std::vector<std::uint64_t> found;
      for (auto& f : *lifted) {
        found.insert(found.end(), f.new_starts.begin(), f.new_starts.end());
        f.new_starts = {};
        for (const LocalNode& n : f.nodes) {
          if (n.kind != LocalKind::kFunction) continue;
          const std::uint64_t target = f.refs[n.aux].key;
          if (!context_.is_start(target)) code_refs_.push_back(target);
        }
        for (const auto& [begin, end] : f.extents) coverage_.mark(begin, end);
        f.extents = {};
        functions_.push_back(std::move(f));
      }
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
      pending.clear();
      for (auto a : found) {
        if (!context_.is_start(a)) pending.push_back(a);
      }
      add_starts(pending);
    }
    return {};
  }

  void add_starts(const std::vector<std::uint64_t>& more) {
    if (more.empty()) return;
    context_.starts.insert(context_.starts.end(), more.begin(), more.end());
    std::sort(context_.starts.begin(), context_.starts.end());
    context_.starts.erase(std::unique(context_.starts.begin(), context_.starts.end()),
                          context_.starts.end());
  }

  // Function discovery past the starts the file names (symbols, entry,
  // exports, init/fini arrays, unwind tables, .pdata) and the direct calls
  // they make: code addresses the lifted code takes (callbacks) and data
  // holds (vtables, callback tables, relocated pointers), then the linear
  // sweep of the gaps nothing reached. Each pass lifts what it found, and
  // the calls that reveals, before looking again; only code no lifted
  // function decoded becomes a start, so a function already analysed is
  // never cut in two.
  //
  // Code inside a function an unwind table describes is that function's,
  // never a start of its own: jump-table cases, landing pads and blocks the
  // lifter did not reach there would each become a "function" running to
  // the end of its host, decoded again (supertuxkart: 32k functions became
  // 76k and the scan 2.5x slower). Discovery looks only outside them.
  Status discover() {
    auto cs = CapstoneHandle::open(image_.arch, /*detail=*/false);
    if (!cs) return fail(cs.error());
    const UnwindBodies described(image_.unwind_ranges);
    std::vector<std::uint64_t> pointers = data_code_pointers();
    for (int pass = 0; pass < kMaxDiscoveryPasses; ++pass) {
      // Padding first: a reference into padding is no function.
      mark_padding(*cs);
      std::vector<std::uint64_t> found;
      auto consider = [&](std::uint64_t a) {
        if (!context_.is_start(a) && !coverage_.covered(a) && !described.inside(a) &&
            looks_like_code(image_, *cs, a)) {
          found.push_back(a);
        }
      };
      for (std::uint64_t a : code_refs_) consider(a);
      code_refs_ = {};
      for (std::uint64_t a : pointers) consider(a);
      pointers = {};
      if (found.empty()) {
        GapSweepOptions options;
        // One start per gap while few passes were made: each start's
        // descent claims its own blocks first. Then many, to finish a
        // binary whose gaps hold many unreached functions in bounded time.
        options.starts_per_gap = pass < kPrecisePasses ? 1 : 256;
        found = sweep_gaps(image_, coverage_, *cs, options).starts;
        std::erase_if(found, [&](std::uint64_t a) { return described.inside(a); });
      }
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
      if (found.empty()) return {};
      add_starts(found);
      if (auto lifted = lift_from(found); !lifted) return fail(lifted.error());
    }
    mark_padding(*cs);
    return {};
  }

  void mark_padding(const CapstoneHandle& cs) {
    GapSweepOptions options;
    options.find_starts = false;
    GapSweep swept = sweep_gaps(image_, coverage_, cs, options);
    for (const auto& [begin, end] : swept.padding) coverage_.mark(begin, end);
  }

  // Pointer-sized values in data (raw, and as relocations give them) that
  // point into executable, non-stub code; sorted, unique.
  std::vector<std::uint64_t> data_code_pointers() const {
    std::uint64_t low = ~0ull;
    std::uint64_t high = 0;
    for (const Section& s : image_.sections) {
      if (!s.executable || s.plt || s.bytes.empty()) continue;
      low = std::min(low, s.address);
      high = std::max(high, s.address + s.bytes.size());
    }
    std::vector<std::uint64_t> out;
    if (low >= high) return out;
    auto consider = [&](std::uint64_t value) {
      if (value >= low && value < high && context_.is_code(value)) out.push_back(value);
    };
    std::uint64_t words = 0;
    for (const Section& s : image_.sections) {
      if (s.executable || s.bytes.empty()) continue;
      for (std::uint64_t off = (8 - s.address % 8) % 8; off + 8 <= s.bytes.size(); off += 8) {
        if (++words > kMaxDataWords) break;
        std::uint64_t value = 0;
        std::memcpy(&value, s.bytes.data() + off, 8);
        consider(value);
      }
    }
    for (const auto& [where, value] : image_.relocated_words) consider(value);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  std::vector<std::uint64_t> initial_starts() const {
    std::vector<std::uint64_t> starts;
    auto add = [&](std::uint64_t a) {
      const Section* s = image_.section_at(a);
      if (s != nullptr && s->executable && !s->plt) starts.push_back(a);
    };
    for (const Symbol& s : image_.symbols) {
      if (s.function) add(s.address);
    }
    for (auto a : image_.entry_points) add(a);
    for (auto a : image_.unwind_starts) add(a);
    for (auto a : image_.pointer_starts) add(a);
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    return starts;
  }

  // What resolve() reads of a thunk once its lifted form is gone: the call
  // it forwards through.
  void index_thunks() {
    for (std::size_t i = 0; i < functions_.size(); ++i) {
      const LiftedFunction& f = functions_[i];
      if (f.thunk && !f.calls.empty()) {
        thunk_calls_.emplace(static_cast<flow::FunctionId>(i), f.calls.front());
      }
    }
  }

  // A merged function's local graph is dead weight beside the program graph
  // it was merged into: free it, and hand the freed pages back every
  // kTrimBytes, since they sit in the lifter threads' arenas where the
  // merge's allocations never reuse them.
  // Lifting went in address order within each round and the merge goes in
  // address order, so whole pages come free as it advances.
  void release_merged(LiftedFunction& f) {
    released_bytes_ +=
        f.nodes.capacity() * sizeof(LocalNode) + f.edges.capacity() * sizeof(f.edges[0]) +
        f.calls.capacity() * sizeof(LocalCall) + f.refs.capacity() * sizeof(LocalRef);
    f.nodes = {};
    f.edges = {};
    f.refs = {};
    f.calls = {};
    f.objc_methods = {};
    if (released_bytes_ >= kTrimBytes) {
      malloc_trim(0);
      released_bytes_ = 0;
    }
  }

  void reserve_graph() {
    std::size_t nodes = 0;
    std::size_t calls = 0;
    for (const auto& f : functions_) {
      nodes += f.nodes.size();
      calls += f.calls.size();
      for (const auto& c : f.calls) nodes += 2 * static_cast<std::size_t>(c.argument_count) + 1;
    }
    out_.graph.reserve(nodes, calls, functions_.size());
  }

  void add_functions() {
    // Names first, over every thread: demangling tens of thousands of C++
    // symbols is the one costly part, and each name is independent.
    std::vector<flow::Function> named(functions_.size());
    parallel_chunks(functions_.size(), options_.jobs, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const LiftedFunction& f = functions_[i];
        flow::Function& fn = named[i];
        fn.where.address = f.start;
        fn.written_params = f.written_params;
        auto sym = symbol_at_.find(f.start);
        if (sym != symbol_at_.end()) {
          fn.linkage = sym->second->name;
          fn.name = demangle_symbol(fn.linkage).qualified;
        } else {
          fn.name = fmt::format("sub_{:x}", f.start);
        }
      }
    });
    for (std::size_t i = 0; i < functions_.size(); ++i) {
      by_address_.emplace(functions_[i].start, out_.graph.add_function(std::move(named[i])));
      out_.instruction_count += functions_[i].instructions;
    }
  }

  struct Resolved {
    std::string name;
    std::optional<flow::FunctionId> callee;
  };

  // Demangled once per import: most calls of a large C++ title go to a few
  // thousand imports, and demangling per call site was most of the merge.
  const std::string& import_name(const std::string& raw) const {
    auto [it, inserted] = import_names_.try_emplace(raw);
    if (inserted) it->second = demangle_symbol(raw).qualified;
    return it->second;
  }

  Resolved resolve(const LocalCall& c, int depth) const {
    if (c.slot != 0) {
      auto found = image_.import_slots.find(c.slot);
      if (found != image_.import_slots.end()) return {import_name(found->second), std::nullopt};
    }
    if (c.target == 0) return {};
    if (auto stub = context_.plt_stubs.find(c.target); stub != context_.plt_stubs.end()) {
      return {import_name(stub->second), std::nullopt};
    }
    auto found = by_address_.find(c.target);
    if (found == by_address_.end()) return {fmt::format("sub_{:x}", c.target), std::nullopt};
    const LiftedFunction& f = functions_[found->second];
    // A thunk stands for what it jumps to when that is an import (import
    // thunks, PLT-like stubs, veneers) or when the thunk has no name of its
    // own; a named local forwarder keeps its name, which rules may match.
    // The depth bound stops thunks that jump to each other.
    auto thunk = thunk_calls_.find(found->second);
    if (thunk != thunk_calls_.end() && depth < kMaxThunkDepth) {
      Resolved through = resolve(thunk->second, depth + 1);
      bool unnamed = symbol_at_.count(f.start) == 0;
      if (!through.name.empty() && (!through.callee || unnamed)) return through;
    }
    return {out_.graph.functions()[found->second].name, found->second};
  }

  std::string global_key(std::uint64_t address) const {
    if ((address & kGlobalMemberTag) != 0) {
      const std::uint64_t offset = (address & ~kGlobalMemberTag) >> kGlobalMemberShift;
      const std::uint64_t global = address & ((1ull << kGlobalMemberShift) - 1);
      return fmt::format("{}->0x{:x}", global_key(global), offset);
    }
    auto import = image_.import_slots.find(address);
    if (import != image_.import_slots.end()) return import_name(import->second);
    // A named data object (a copy-relocated `stderr`, a title's global):
    // its name, which rules may know (handles.yaml's standard streams).
    if (auto sym = symbol_at_.find(address); sym != symbol_at_.end() && !sym->second->function) {
      return sym->second->name;
    }
    return fmt::format("0x{:x}", address);
  }

  // The graph's node for the global at `address`, by address: the same node
  // the graph keys by name, without formatting and hashing that name for
  // each of a large title's million references.
  flow::NodeId global_node(std::uint64_t address) {
    auto [it, inserted] = global_nodes_.try_emplace(address, flow::kNoNode);
    if (inserted) it->second = out_.graph.global(global_key(address));
    return it->second;
  }

  // Argument positions a call of local function `callee` needs: up to its
  // last parameter the callee uses. The registers a calling convention
  // assigns to arguments hold whatever they held for every call; passing
  // what the callee never reads only adds nodes (and false edges).
  int used_arguments(flow::FunctionId callee) const {
    const LiftedFunction& f = functions_[callee];
    // A function that reads no parameter at all may be no function of its
    // callers' view: an ifunc resolver standing for memcpy, a stub.
    if (f.budget_exceeded || f.read_params == 0) return kMaxArgumentPositions;
    int count = 0;
    for (int i = 0; i < kMaxArgumentPositions; ++i) {
      if ((f.read_params & (1u << i)) != 0) count = i + 1;
    }
    return count;
  }

  void merge(flow::FunctionId fid) {
    LiftedFunction& f = functions_[fid];
    flow::ProgramGraph& g = out_.graph;
    std::vector<flow::CallId> call_ids;
    call_ids.reserve(f.calls.size());
    // Per call: its arguments keep the C numbering of an import (see
    // calling_convention.h), so the indirect result position is dropped;
    // and how many argument positions the graph gives it.
    std::vector<bool> c_numbering;
    c_numbering.reserve(f.calls.size());
    std::vector<int> counts;
    counts.reserve(f.calls.size());
    const int indirect_position = context_.convention.indirect_result_position();
    // An import thunk's own jump is left out: every direct caller already
    // calls the import, and a second site in the thunk would report twice.
    bool forwarder = false;
    if (f.thunk && f.calls.size() == 1 && f.calls[0].syscall < 0) {
      Resolved through = resolve(f.calls[0], 0);
      forwarder = !through.callee && !through.name.empty();
    }
    for (const LocalCall& c : f.calls) {
      c_numbering.push_back(false);
      counts.push_back(0);
      if (forwarder) {
        call_ids.push_back(kDroppedCall);
        continue;
      }
      int argument_count = c.argument_count;
      flow::CallSite site;
      site.caller = fid;
      site.where.address = c.address;
      site.tail = c.tail;
      if (c.syscall >= 0) {
        const char* name = syscall_name(image_.arch, c.syscall);
        if (name != nullptr) site.syscall = name;
      } else {
        Resolved r = resolve(c, 0);
        if (c.objc_method != 0 && c.objc_method <= f.objc_methods.size()) {
          r = {f.objc_methods[c.objc_method - 1], std::nullopt};  // a method, as an import
        }
        bool import = !r.callee && !r.name.empty() && !c.indirect;
        if (import && indirect_position >= 0) {
          c_numbering.back() = true;
          if (argument_count > indirect_position) --argument_count;
        }
        if (r.callee && !c.indirect)
          argument_count = std::min(argument_count, used_arguments(*r.callee));
        site.callee_name = std::move(r.name);
        site.callee = r.callee;
        site.indirect = c.indirect;
      }
      site.float_layout = context_.convention.positional_floats ? flow::FloatArguments::kPositional
                                                                : flow::FloatArguments::kSeparate;
      counts.back() = argument_count;
      call_ids.push_back(g.add_call(std::move(site), argument_count, c.float_argument_count));
    }
    // The graph's position of lifted argument `index` of local call `call`,
    // or -1 when the call has no such argument.
    auto c_position = [&](std::uint32_t call, int index) {
      if (!c_numbering[call]) return index;
      if (index == indirect_position) return -1;
      return index > indirect_position ? index - 1 : index;
    };
    auto position = [&](std::uint32_t call, int index) {
      int at = c_position(call, index);
      return at < counts[call] ? at : -1;
    };
    // Constants lie past the last data argument as often as not: no count bound.
    for (const LocalConstant& k : f.constants) {
      if (call_ids[k.call] == kDroppedCall) continue;
      int at = c_position(k.call, static_cast<int>(k.index));
      if (at >= 0) g.set_arg_constant(call_ids[k.call], at, k.value);
    }
    f.constants = {};
    std::vector<flow::NodeId> ids(f.nodes.size(), flow::kNoNode);
    for (std::size_t i = 0; i < f.nodes.size(); ++i) {
      const LocalNode& n = f.nodes[i];
      switch (n.kind) {
        case LocalKind::kParam:
          ids[i] = g.param(fid, static_cast<int>(n.index));
          break;
        case LocalKind::kReturn:
          ids[i] = g.return_value(fid);
          break;
        case LocalKind::kArg:
        case LocalKind::kPointee: {
          if (call_ids[n.aux] == kDroppedCall) break;
          const flow::CallSite& site = g.calls()[call_ids[n.aux]];
          if (n.index >= kFloatArgBase) {
            // Floating-point registers are numbered apart: no C renumbering.
            if (n.kind == LocalKind::kArg) ids[i] = site.float_args[n.index - kFloatArgBase];
            break;
          }
          int at = position(n.aux, n.index);
          if (at < 0) break;
          ids[i] = n.kind == LocalKind::kArg ? site.args[static_cast<std::size_t>(at)]
                                             : site.arg_pointees[static_cast<std::size_t>(at)];
          break;
        }
        case LocalKind::kResult:
          if (call_ids[n.aux] != kDroppedCall) ids[i] = g.calls()[call_ids[n.aux]].result;
          break;
        case LocalKind::kGlobal:
          ids[i] = global_node(f.refs[n.aux].key);
          break;
        case LocalKind::kTemp:
          ids[i] = g.add_node(flow::Node{flow::NodeKind::kLocal, fid, 0, 0});
          break;
        case LocalKind::kString: {
          ids[i] = g.add_node(flow::Node{flow::NodeKind::kString, fid, 0, 0});
          auto text = image_.string_at(f.refs[n.aux].key);
          g.add_string(flow::StringRef{fid, ids[i], text.value_or(""),
                                       flow::Location{f.refs[n.aux].where, {}, 0}});
          break;
        }
        case LocalKind::kFunction: {
          ids[i] = g.add_node(flow::Node{flow::NodeKind::kLocal, fid, 0, 0});
          auto target = by_address_.find(f.refs[n.aux].key);
          if (target != by_address_.end()) g.add_function_ref(ids[i], target->second);
          break;
        }
      }
    }
    for (const auto& [from, to] : f.edges) {
      if (ids[from] != flow::kNoNode && ids[to] != flow::kNoNode) g.add_flow(ids[from], ids[to]);
    }
    for (const auto& [object, table] : f.vtables) {
      if (ids[object] == flow::kNoNode) continue;
      for (flow::FunctionId method : table_methods(table)) g.add_object_method(ids[object], method);
    }
    f.vtables = {};
    for (const LocalFieldRead& read : f.field_reads) {
      g.add_field_read(ids[read.object], read.offset, ids[read.value]);
    }
    f.field_reads = {};
    for (const LocalVirtualCall& v : f.virtual_calls) {
      if (call_ids[v.call] == kDroppedCall || ids[v.object] == flow::kNoNode) continue;
      g.add_virtual_call(call_ids[v.call], ids[v.object], v.offset);
    }
    f.virtual_calls = {};
  }

  // The functions a table of virtual functions lists, from its address point
  // to the first word that is no function of this image (a pure virtual
  // slot, the next table's header). Read once per table.
  const std::vector<flow::FunctionId>& table_methods(std::uint64_t table) {
    constexpr std::size_t kMaxMethods = 512;
    auto [it, inserted] = table_methods_.try_emplace(table);
    if (!inserted) return it->second;
    for (std::size_t i = 0; i < kMaxMethods; ++i) {
      auto word = image_.pointer_at(table + 8 * i);
      if (!word) break;
      auto found = by_address_.find(*word);
      if (found == by_address_.end()) break;
      it->second.push_back(found->second);
    }
    return it->second;
  }

  // A NUL-terminated printable string with "://" in the data (ASCII, or
  // UTF-16LE of ASCII characters), in file order.
  struct UrlCandidate {
    std::uint64_t address = 0;
    std::string text;
  };
  using DataRefs = std::vector<std::pair<std::uint64_t, std::uint64_t>>;  // slot, function

  std::vector<UrlCandidate> find_data_urls() const {
    constexpr std::size_t kMinLength = 8;
    constexpr std::size_t kMaxLength = 2048;
    std::vector<UrlCandidate> out;
    for (const Section& section : image_.sections) {
      if (section.executable || section.bytes.empty()) continue;
      const auto* data = reinterpret_cast<const char*>(section.bytes.data());
      const std::size_t size = section.bytes.size();
      std::size_t start = 0;
      for (std::size_t i = 0; i < size; ++i) {
        auto c = static_cast<unsigned char>(data[i]);
        if (c >= 0x20 && c < 0x7f) continue;
        std::size_t length = i - start;
        if (c == 0 && length >= kMinLength && length <= kMaxLength) {
          std::string_view text(data + start, length);
          if (text.find("://") != std::string_view::npos) {
            out.push_back({section.address + start, std::string(text)});
          }
        }
        start = i + 1;
      }
      find_wide_urls(section, out);
    }
    return out;
  }

  // UTF-16LE URLs (L"https://..."): around each ":\0/\0/\0", the printable
  // units before it and up to a 0x0000 unit after it.
  static void find_wide_urls(const Section& section, std::vector<UrlCandidate>& out) {
    constexpr std::size_t kMinUnits = 8;
    constexpr std::size_t kMaxUnits = 2048;
    static constexpr char kMark[] = {':', 0, '/', 0, '/', 0};
    const auto* data = section.bytes.data();
    const std::size_t size = section.bytes.size();
    auto printable = [&](std::size_t at) {
      return at + 1 < size && data[at + 1] == 0 && data[at] >= 0x20 && data[at] < 0x7f;
    };
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::size_t next_free = 0;  // hits inside a URL already taken are skipped
    for (std::size_t hit = bytes.find(std::string_view(kMark, sizeof kMark)); hit != bytes.npos;
         hit = bytes.find(std::string_view(kMark, sizeof kMark), hit + 2)) {
      if (hit < next_free) continue;
      std::size_t begin = hit;
      while (begin >= 2 && printable(begin - 2) && hit - begin < 2 * kMaxUnits) begin -= 2;
      std::size_t end = hit;
      while (printable(end) && end - begin < 2 * kMaxUnits) end += 2;
      const std::size_t units = (end - begin) / 2;
      if (end + 1 >= size || data[end] != 0 || data[end + 1] != 0 || units < kMinUnits ||
          units > kMaxUnits) {
        continue;
      }
      std::string text;
      text.reserve(units);
      for (std::size_t at = begin; at < end; at += 2) text.push_back(static_cast<char>(data[at]));
      out.push_back({section.address + begin, std::move(text)});
      next_free = end;
    }
  }

  // URLs in the data that no code references (a dead URL, a table only
  // reached through pointers we could not follow): still endpoints compiled
  // into the target, reported as such, but part of no path.
  void add_unreferenced_urls(const std::vector<UrlCandidate>& candidates) {
    constexpr std::size_t kMaxUrls = 100000;
    std::unordered_set<std::string> known;
    for (const auto& ref : out_.graph.strings()) known.insert(ref.text);
    std::size_t added = 0;
    for (const UrlCandidate& url : candidates) {
      if (added >= kMaxUrls) break;
      if (!known.insert(url.text).second) continue;
      out_.graph.add_string(flow::StringRef{flow::kNoFunction, flow::kNoNode, url.text,
                                            flow::Location{url.address, {}, 0}});
      ++added;
    }
  }

  // Function pointers stored in data (callback tables, vtables, init arrays):
  // the table slot's global holds the function's address. Most data words
  // are no code address at all: a range check skips them before any lookup.
  DataRefs find_data_function_refs() const {
    if (functions_.empty()) return {};
    const std::uint64_t low = functions_.front().start;
    const std::uint64_t high = functions_.back().start;
    DataRefs refs;
    auto consider = [&](std::uint64_t where, std::uint64_t value) {
      if (value >= low && value <= high && by_address_.count(value) != 0) {
        refs.emplace_back(where, value);
      }
    };
    std::uint64_t words = 0;
    for (const Section& s : image_.sections) {
      if (s.executable || s.bytes.empty()) continue;
      for (std::uint64_t off = (8 - s.address % 8) % 8; off + 8 <= s.bytes.size(); off += 8) {
        if (++words > kMaxDataWords) break;
        std::uint64_t value = 0;
        std::memcpy(&value, s.bytes.data() + off, 8);
        consider(s.address + off, value);
      }
    }
    // Position-independent images keep these pointers in relocations.
    for (const auto& [where, value] : image_.relocated_words) consider(where, value);
    std::sort(refs.begin(), refs.end());
    refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
    return refs;
  }

  void add_data_function_refs(const DataRefs& refs) {
    for (const auto& [where, value] : refs) {
      out_.graph.add_function_ref(global_node(where), by_address_.at(value));
    }
  }

  const Image& image_;
  const FrontEndOptions& options_;
  BinaryGraph out_;
  LiftContext context_;
  CodeCoverage coverage_;
  std::vector<std::uint64_t> code_refs_;  // code addresses lifted code takes, not yet starts
  std::vector<LiftedFunction> functions_;
  // Thunks' forwarding calls by function id (see index_thunks).
  std::unordered_map<flow::FunctionId, LocalCall> thunk_calls_;
  std::size_t released_bytes_ = 0;  // freed by release_merged since the last trim
  std::unordered_map<std::uint64_t, const Symbol*> symbol_at_;
  std::unordered_map<std::uint64_t, flow::FunctionId> by_address_;
  std::unordered_map<std::uint64_t, flow::NodeId> global_nodes_;
  std::unordered_map<std::uint64_t, std::vector<flow::FunctionId>> table_methods_;
  mutable std::unordered_map<std::string, std::string> import_names_;  // raw -> qualified
};

}  // namespace

Result<BinaryGraph> build_graph(const Image& image, const std::string& target,
                                const FrontEndOptions& options) {
  Builder builder(image, target, options);
  return builder.run();
}

}  // namespace cordon::binary
