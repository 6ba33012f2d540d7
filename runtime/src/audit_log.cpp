#include "cordon/runtime/audit_log.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
    case Operation::kOpen:
      return "file";
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
    case Operation::kOpen:
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
    case Operation::kOpen:
      return e.request.name;
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

pid_t namespace_pid(pid_t pid) {
  if (pid <= 0) return pid;
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/status", static_cast<int>(pid));
  UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
  if (!fd) return pid;
  char buffer[4096];
  const ssize_t n = ::read(fd.get(), buffer, sizeof(buffer) - 1);
  if (n <= 0) return pid;
  buffer[n] = '\0';
  const char* line = std::strstr(buffer, "\nNSpid:");
  if (line == nullptr) return pid;
  const char* end = std::strchr(line + 1, '\n');
  long last = pid;
  for (const char* p = line + 7; p != nullptr && (end == nullptr || p < end);) {
    char* next = nullptr;
    const long value = std::strtol(p, &next, 10);
    if (next == p) break;
    last = value;
    p = next;
  }
  return static_cast<pid_t>(last);
}

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
  return std::unique_ptr<AuditLog>(
      new AuditLog(std::move(file), path.value_or(""), std::move(profile)));
}

bool AuditLog::record(const sandbox::Event& event) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return record_at(event, now);
}

bool AuditLog::record_at(const sandbox::Event& event, const timespec& when) {
  std::string line;
  // The supervisor sees cordon's pid numbering; the line names the process
  // as the title (and its own logs) see it. Without a file only the
  // summary is kept, and it makes do with cordon's numbering.
  const pid_t pid = file_ ? namespace_pid(event.request.pid) : event.request.pid;
  if (file_) {
    sandbox::Event local = event;
    local.request.pid = pid;
    line = format_audit_line(local, profile_, when);
  }
  // The summary names what was stopped, so allowed attempts are only
  // counted; the key is built outside the lock.
  const bool stopped = event.decision.verdict != sandbox::Verdict::kAllow;
  RepeatKey key;
  if (stopped) {
    key = RepeatKey{pid,
                    event.exe,
                    event.request.op,
                    family_of(event),
                    destination_of(event),
                    event.decision.verdict,
                    event.decision.rule};
  }
  std::lock_guard lock(mutex_);
  ++by_verdict_[event.decision.verdict];
  if (stopped) {
    auto it = repeats_.find(key);
    if (it == repeats_.end() && repeats_.size() < kNamedDestinations)
      it = repeats_.emplace(std::move(key), RepeatCount{0, when, when}).first;
    if (it == repeats_.end()) {
      ++unnamed_[event.decision.verdict];
    } else {
      RepeatCount& r = it->second;
      ++r.count;
      const auto before = [](const timespec& a, const timespec& b) {
        return a.tv_sec != b.tv_sec ? a.tv_sec < b.tv_sec : a.tv_nsec < b.tv_nsec;
      };
      // Threads record concurrently: the lock orders them, not their clocks.
      if (before(when, r.first)) r.first = when;
      if (before(r.last, when)) r.last = when;
    }
  }
  if (!file_) return true;
  // One write per line: O_APPEND keeps concurrent writers' lines whole. A
  // short write (the disk filled up mid-line) is cut back, so the log never
  // holds a torn line that a later one would be glued to.
  const off_t before = lseek(file_.get(), 0, SEEK_END);
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(file_.get(), line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (first_error_ == 0) first_error_ = n < 0 ? errno : ENOSPC;
      ++write_errors_;
      if (done != 0 && before >= 0) (void)!ftruncate(file_.get(), before);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string AuditLog::first_write_error() const {
  std::lock_guard lock(mutex_);
  return first_error_ == 0 ? "" : errno_text(first_error_);
}

std::string AuditLog::displaced() const {
  if (!file_ || path_.empty()) return "";
  struct stat mine {};
  struct stat there {};
  if (fstat(file_.get(), &mine) != 0) return "";
  if (mine.st_nlink == 0) return "it was unlinked during the run";
  if (::stat(path_.c_str(), &there) != 0) return "it was moved away during the run";
  if (there.st_dev != mine.st_dev || there.st_ino != mine.st_ino)
    return "it was replaced by another file during the run";
  return "";
}

std::size_t AuditLog::write_errors() const {
  std::lock_guard lock(mutex_);
  return write_errors_;
}

namespace {

// "10:00:00.123": the summary's times, UTC, to the millisecond.
std::string time_of_day(const timespec& when) {
  const std::string full = format_timestamp(when);  // 2026-11-28T10:00:00.123456Z
  return full.substr(11, 12);
}

std::string repeat_line(const RepeatKey& key, const RepeatCount& count) {
  std::string text = std::to_string(count.count) + "x " +
                     std::string(sandbox::verdict_name(key.verdict)) + " " +
                     std::string(sandbox::operation_name(key.op));
  if (key.family != "null") text += " " + key.family;
  // The rule is often the destination itself ("setsockopt:IP_OPTIONS").
  if (!key.destination.empty() && key.destination != key.rule) text += " " + key.destination;
  if (!key.rule.empty()) text += " rule " + key.rule;
  text += ", pid " + std::to_string(key.pid);
  if (!key.exe.empty()) text += " " + key.exe;
  text += ", " + time_of_day(count.first);
  if (count.count > 1) text += " .. " + time_of_day(count.last);
  return text + " UTC";
}

}  // namespace

std::string AuditLog::summary(std::size_t limit) const {
  std::lock_guard lock(mutex_);
  const auto count = [&](sandbox::Verdict v) {
    const auto it = by_verdict_.find(v);
    return it == by_verdict_.end() ? std::size_t{0} : it->second;
  };
  std::string text = "cordon: run: " + std::to_string(count(sandbox::Verdict::kAllow)) +
                     " allowed, " + std::to_string(count(sandbox::Verdict::kDeny)) + " denied, " +
                     std::to_string(count(sandbox::Verdict::kAudit)) + " audited\n";
  std::vector<const std::pair<const RepeatKey, RepeatCount>*> rows;
  rows.reserve(repeats_.size());
  for (const auto& entry : repeats_) rows.push_back(&entry);
  std::sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
    return a->second.count != b->second.count ? a->second.count > b->second.count
                                              : a->first < b->first;
  });
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i)
    text += "cordon:   " + repeat_line(rows[i]->first, rows[i]->second) + "\n";
  if (rows.size() > limit) {
    std::size_t events = 0;
    for (std::size_t i = limit; i < rows.size(); ++i) events += rows[i]->second.count;
    text += "cordon:   ... " + std::to_string(rows.size() - limit) + " more groups (" +
            std::to_string(events) + " attempts); the audit log has each\n";
  }
  for (const auto& [verdict, n] : unnamed_) {
    text += "cordon:   " + std::string(sandbox::verdict_name(verdict)) +
            " attempts after the first " + std::to_string(kNamedDestinations) + " groups (" +
            std::to_string(n) + ")\n";
  }
  return text;
}

}  // namespace cordon::runtime
