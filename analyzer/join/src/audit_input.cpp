#include "cordon/join/audit_input.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cordon/report/json_depth.h"
#include "cordon/support/file_reader.h"

namespace cordon::join {
namespace {

using nlohmann::json;

// An event is one flat object; anything deeper is not an event.
constexpr std::size_t kMaxDepth = 8;

// The contract's event kinds and families (CONTRACT.md, "Audit event"),
// every one `cordon run` writes.
constexpr std::array<std::string_view, 12> kEvents = {"connect", "sendto", "sendmsg", "socket",
                                                      "dns",     "bind",   "listen",  "accept",
                                                      "exec",    "open",   "syscall", "setsockopt"};
constexpr std::array<std::string_view, 7> kFamilies = {"inet",    "inet6", "unix", "packet",
                                                       "netlink", "file",  "null"};
constexpr std::array<std::string_view, 3> kVerdicts = {"allow", "deny", "audit"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view text) {
  return std::find(names.begin(), names.end(), text) != names.end();
}

class LineFields {
 public:
  LineFields(const json& object, const std::string& name, std::size_t line)
      : object_(object), name_(name), line_(line) {}

  [[nodiscard]] tl::unexpected<Error> bad(std::string reason) const {
    return fail(ErrorKind::kValidation, name_, std::to_string(line_), std::move(reason));
  }

  // `required`: absent or null is an error; else it reads as "".
  [[nodiscard]] Result<std::string> text(const char* key, bool required) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
      if (required) return bad(fmt::format("missing '{}'", key));
      return std::string();
    }
    if (!it->is_string()) return bad(fmt::format("'{}' must be a string", key));
    return it->get<std::string>();
  }

  [[nodiscard]] Result<std::int64_t> integer(const char* key, std::int64_t max,
                                             bool required) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
      if (required) return bad(fmt::format("missing '{}'", key));
      return 0;
    }
    if (!it->is_number_integer()) {
      return bad(fmt::format("'{}' must be an integer 0..{}", key, max));
    }
    // Unsigned values above int64's range read as negative here: refused too.
    if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
      return bad(fmt::format("'{}' must be an integer 0..{}", key, max));
    }
    std::int64_t value = it->get<std::int64_t>();
    if (value < 0 || value > max)
      return bad(fmt::format("'{}' must be an integer 0..{}", key, max));
    return value;
  }

 private:
  const json& object_;
  const std::string& name_;
  std::size_t line_;
};

void note_unknown(std::map<std::string, UnknownValue>& seen, const std::string& value,
                  std::size_t line) {
  auto [it, added] = seen.try_emplace(value, UnknownValue{0, line});
  ++it->second.count;
}

Result<AuditEvent> parse_event(const json& doc, const std::string& name, std::size_t line,
                               AuditSummary& summary) {
  LineFields f(doc, name, line);
  if (!doc.is_object()) return f.bad("an event must be a JSON object");
  AuditEvent e;
  e.line = line;
  struct TextField {
    const char* key;
    std::string* out;
    bool required;
  };
  for (const TextField& t :
       {TextField{"ts", &e.ts, true}, TextField{"exe", &e.exe, false},
        TextField{"event", &e.event, true}, TextField{"family", &e.family, false},
        TextField{"address", &e.address, false}, TextField{"host", &e.host, false},
        TextField{"verdict", &e.verdict, true}, TextField{"rule", &e.rule, false},
        TextField{"profile", &e.profile, false}}) {
    auto value = f.text(t.key, t.required);
    if (!value) return fail(value.error());
    *t.out = std::move(*value);
  }
  // A kind or family the contract does not name comes from a newer cordon:
  // the line is otherwise an event, so it is kept (the join shows it as
  // other activity) and the caller warns. An unknown verdict stays an error:
  // without it nothing can be said of the line.
  if (e.event.empty()) return f.bad("empty 'event'");
  if (!one_of(kEvents, e.event)) note_unknown(summary.unknown_events, e.event, line);
  if (!e.family.empty() && !one_of(kFamilies, e.family)) {
    note_unknown(summary.unknown_families, e.family, line);
  }
  if (e.family == "null") e.family.clear();
  if (!one_of(kVerdicts, e.verdict)) return f.bad(fmt::format("unknown verdict '{}'", e.verdict));
  auto pid =
      f.integer("pid", std::numeric_limits<std::int32_t>::max(), /*required=*/true);  // a pid_t
  if (!pid) return fail(pid.error());
  e.pid = *pid;
  auto port = f.integer("port", 65535, /*required=*/false);
  if (!port) return fail(port.error());
  e.port = static_cast<std::uint16_t>(*port);
  return e;
}

bool blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

}  // namespace

Result<AuditSummary> parse_audit_log(std::string_view text, const std::string& name,
                                     const AuditSink& sink) {
  AuditSummary summary;
  std::size_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    ++number;
    std::size_t end = text.find('\n', start);
    const bool last_unterminated = end == std::string_view::npos;
    if (last_unterminated) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (blank(line)) continue;
    const std::string where = std::to_string(number);
    if (auto deep = report::check_json_depth(line, kMaxDepth, name, where); !deep) {
      return fail(deep.error());
    }
    json doc = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      // A run killed mid-write leaves its last line cut short; every line
      // cordon writes ends with a newline, so only the last one can be.
      if (last_unterminated) {
        summary.truncated_line = number;
        break;
      }
      return fail(ErrorKind::kParse, name, where, "not a JSON object");
    }
    auto event = parse_event(doc, name, number, summary);
    if (!event) return fail(event.error());
    ++summary.events;
    sink(*event);
  }
  return summary;
}

Result<AuditSummary> read_audit_log(const std::string& path, const AuditSink& sink) {
  auto file = MappedFile::open(path, kMaxAuditBytes);
  if (!file) return fail(file.error());
  auto bytes = file->bytes();
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return parse_audit_log(text, path, sink);
}

}  // namespace cordon::join
