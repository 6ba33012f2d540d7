#include "cordon/runtime/audit_log.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <vector>

#include <nlohmann/json.hpp>

namespace cordon::runtime {
namespace {

using sandbox::Family;
using sandbox::Operation;

std::string_view socket_family_name(int family) {
  switch (family) {
    case AF_UNIX:
      return "unix";
    case AF_INET:
      return "inet";
    case AF_INET6:
      return "inet6";
    case AF_NETLINK:
      return "netlink";
    case AF_PACKET:
      return "packet";
    default:
      return "null";
  }
}

std::string family_of(const sandbox::Event& e) {
  switch (e.request.op) {
    case Operation::kSocket:
      return std::string(socket_family_name(e.request.socket_family));
    case Operation::kExec:
    case Operation::kSyscall:
    case Operation::kDns:
      return "null";
    case Operation::kConnect:
    case Operation::kSendto:
    case Operation::kSendmsg:
    case Operation::kBind:
    case Operation::kSetsockopt:
    case Operation::kListen:
    case Operation::kAccept:
      return std::string(sandbox::family_name(e.request.address.family));
  }
  return "null";
}

std::string address_of(const sandbox::Event& e) {
  switch (e.request.op) {
    case Operation::kExec:
      return e.request.name;
    case Operation::kSyscall:
    case Operation::kDns:
    case Operation::kSocket:
      return "";
    case Operation::kConnect:
    case Operation::kSendto:
    case Operation::kSendmsg:
    case Operation::kBind:
    case Operation::kSetsockopt:
    case Operation::kListen:
    case Operation::kAccept:
      return e.request.address.address_text();
  }
  return "";
}

std::string destination_of(const sandbox::Event& e) {
  switch (e.request.op) {
    case Operation::kExec:
      return "";
    case Operation::kSyscall:
      return e.decision.rule;
    case Operation::kDns:
      return "dns " + e.request.name;
    case Operation::kSocket:
    case Operation::kSetsockopt:
      return e.decision.rule;
    case Operation::kConnect:
    case Operation::kSendto:
    case Operation::kSendmsg:
    case Operation::kBind:
    case Operation::kListen:
    case Operation::kAccept:
      break;
  }
  std::string where = e.decision.host.empty() ? address_of(e) : e.decision.host;
  if (e.request.address.port != 0) where += ":" + std::to_string(e.request.address.port);
  return where;
}

}  // namespace

std::string format_timestamp(const timespec& when) {
  tm parts{};
  gmtime_r(&when.tv_sec, &parts);
  char text[96];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<long>(when.tv_nsec / 1000));
  return text;
}

namespace {

// Appends `text` as a JSON string exactly as nlohmann::json's dump (compact,
// invalid UTF-8 replaced) writes it. The common case, printable ASCII
// without quote or backslash, is copied as it is; anything else goes
// through nlohmann::json, so escaping and replacement stay the library's.
void append_string(std::string& out, std::string_view text) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

template <typename Number>
void append_number(std::string& out, Number value) {
  char digits[24];
  const auto end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
  out.append(digits, end);
}

}  // namespace

std::string format_audit_line(const sandbox::Event& e, std::string_view profile,
                              const timespec& when) {
  // Written by hand rather than through a json object: this runs for every
  // event before the title's call is answered. Field order is the contract's.
  std::string line;
  line.reserve(256 + e.exe.size());
  line += "{\"ts\":";
  append_string(line, format_timestamp(when));
  line += ",\"pid\":";
  append_number(line, e.request.pid);
  line += ",\"exe\":";
  append_string(line, e.exe);
  line += ",\"event\":";
  append_string(line, sandbox::operation_name(e.request.op));
  line += ",\"family\":";
  append_string(line, family_of(e));
  line += ",\"address\":";
  append_string(line, address_of(e));
  line += ",\"port\":";
  append_number(line, e.request.address.port);
  line += ",\"host\":";
  append_string(line, e.request.op == Operation::kDns ? e.request.name : e.decision.host);
  line += ",\"verdict\":";
  append_string(line, sandbox::verdict_name(e.decision.verdict));
  line += ",\"rule\":";
  append_string(line, e.decision.rule);
  line += ",\"profile\":";
  append_string(line, profile);
  line += "}\n";
  return line;
}

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::optional<std::string>& path,
                                                 std::string profile) {
  UniqueFd file;
  if (path) {
    file.reset(::open(path->c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
    if (!file)
      return fail(ErrorKind::kIo, *path, "", "cannot open audit log: " + errno_text(errno));
  }
  return std::unique_ptr<AuditLog>(new AuditLog(std::move(file), std::move(profile)));
}

void AuditLog::record(const sandbox::Event& event) {
  std::string line;
  if (file_) {  // without a file only the summary's counts are kept
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    line = format_audit_line(event, profile_, now);
  }
  std::lock_guard lock(mutex_);
  ++by_verdict_[event.decision.verdict];
  if (event.request.op != Operation::kExec)
    ++by_destination_[{destination_of(event), event.decision.verdict}];
  if (!file_) return;
  // One write per line: O_APPEND keeps concurrent writers' lines whole.
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(file_.get(), line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ++write_errors_;
      return;
    }
    done += static_cast<std::size_t>(n);
  }
}

std::size_t AuditLog::write_errors() const {
  std::lock_guard lock(mutex_);
  return write_errors_;
}

std::string AuditLog::summary(std::size_t limit) const {
  std::lock_guard lock(mutex_);
  const auto count = [&](sandbox::Verdict v) {
    const auto it = by_verdict_.find(v);
    return it == by_verdict_.end() ? std::size_t{0} : it->second;
  };
  std::string text = "cordon: run: " + std::to_string(count(sandbox::Verdict::kAllow)) +
                     " allowed, " + std::to_string(count(sandbox::Verdict::kDeny)) + " denied, " +
                     std::to_string(count(sandbox::Verdict::kAudit)) + " audited\n";
  std::vector<std::pair<std::size_t, std::string>> rows;
  for (const auto& [key, n] : by_destination_) {
    if (key.second == sandbox::Verdict::kAllow) continue;  // the summary is about what was stopped
    rows.emplace_back(n, std::string(sandbox::verdict_name(key.second)) + " " + key.first);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i)
    text += "cordon:   " + rows[i].second + " (" + std::to_string(rows[i].first) + ")\n";
  if (rows.size() > limit)
    text += "cordon:   ... " + std::to_string(rows.size() - limit) + " more\n";
  return text;
}

}  // namespace cordon::runtime
