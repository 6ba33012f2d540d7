#include "cordon/report/scan_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/SHA256.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cordon/report/json_report.h"
#include "cordon/report/scan_report_reader.h"
#include "cordon/support/file_reader.h"

namespace cordon::report {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic = "cordon-scan-cache 1";
// The header line: magic, key, payload digest, and the newline.
constexpr std::size_t kHeaderBytes = kMagic.size() + 1 + 64 + 1 + 64 + 1;
// Files a rules tree may hold before it is refused (a directory named by
// mistake, e.g. /).
constexpr std::size_t kMaxTreeFiles = 100'000;
constexpr std::uintmax_t kMaxTreeBytes = std::uintmax_t{1} << 30;

std::string hex_of(llvm::StringRef digest) {
  std::string out;
  out.reserve(digest.size() * 2);
  for (char c : digest) out += fmt::format("{:02x}", static_cast<unsigned char>(c));
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  llvm::SHA256 hash;
  hash.update(llvm::StringRef(bytes.data(), bytes.size()));
  return hex_of(hash.final());
}

bool is_hex_key(std::string_view key) {
  return key.size() == 64 && std::all_of(key.begin(), key.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The whole of a regular file, opened without following a symlink and
// without waiting on a FIFO; nullopt for anything else or too large.
std::optional<std::string> read_entry(const std::string& path, std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  if (st.st_size < 0 || static_cast<std::uint64_t>(st.st_size) > max_bytes) return std::nullopt;
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t got = ::read(fd, text.data() + done, text.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return std::nullopt;  // shrank while read: not a whole entry
    done += static_cast<std::size_t>(got);
  }
  return text;
}

std::optional<std::uint64_t> unsigned_field(const nlohmann::json& stats, const char* name) {
  auto it = stats.find(name);
  if (it == stats.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<std::uint64_t>();
}

// The stats the entry's one target carries (the reader leaves them out).
std::optional<flow::TargetStats> parse_stats(const std::string& payload) {
  nlohmann::json doc = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  auto targets = doc.find("targets");
  if (targets == doc.end() || !targets->is_array() || targets->size() != 1) return std::nullopt;
  const nlohmann::json& target = (*targets)[0];
  if (!target.is_object()) return std::nullopt;
  auto stats = target.find("stats");
  if (stats == target.end() || !stats->is_object()) return std::nullopt;
  flow::TargetStats out;
  auto functions = unsigned_field(*stats, "functions");
  auto instructions = unsigned_field(*stats, "instructions");
  auto code = unsigned_field(*stats, "code_bytes");
  auto covered = unsigned_field(*stats, "covered_bytes");
  if (!functions || !instructions || !code || !covered) return std::nullopt;
  out.functions = *functions;
  out.instructions = *instructions;
  out.code_bytes = *code;
  out.covered_bytes = *covered;
  return out;
}

// The one-target report an entry holds (seconds 0, no warnings: both are
// this run's, set by the caller).
std::string payload_of(const flow::TargetResult& target,
                       const std::vector<flow::Finding>& findings) {
  flow::ScanReport report;
  report.targets.push_back(target);
  report.targets.back().stats.seconds = 0.0;
  report.targets.back().warnings.clear();
  report.findings = findings;
  return render_json(report);
}

}  // namespace

struct KeyHasher::State {
  llvm::SHA256 hash;
};

KeyHasher::KeyHasher() : state_(std::make_unique<State>()) {}
KeyHasher::~KeyHasher() = default;

void KeyHasher::field(std::string_view bytes) {
  const std::uint64_t size = bytes.size();
  std::array<std::uint8_t, 8> length{};
  for (std::size_t i = 0; i < length.size(); ++i) {
    length[i] = static_cast<std::uint8_t>(size >> (8 * i));
  }
  state_->hash.update(llvm::ArrayRef<std::uint8_t>(length.data(), length.size()));
  state_->hash.update(llvm::StringRef(bytes.data(), bytes.size()));
}

Status KeyHasher::tree(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    field("missing");
    return {};
  }
  std::vector<std::pair<std::string, std::string>> files;  // relative name, full path
  if (fs::is_regular_file(status)) {
    files.emplace_back("", path);
  } else if (fs::is_directory(status)) {
    fs::recursive_directory_iterator it(path, ec);
    if (ec) return fail(ErrorKind::kIo, path, "", "cannot read the directory: " + ec.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) return fail(ErrorKind::kIo, path, "", "cannot read the directory: " + ec.message());
      std::error_code type_ec;
      if (!it->is_regular_file(type_ec) || type_ec) continue;
      if (files.size() >= kMaxTreeFiles) {
        return fail(ErrorKind::kLimit, path, "", "more files than a rules directory holds");
      }
      files.emplace_back(fs::relative(it->path(), path, ec).string(), it->path().string());
    }
  }
  std::sort(files.begin(), files.end());
  field("tree");
  std::uintmax_t total = 0;
  for (const auto& [name, full] : files) {
    auto text = read_text_file(full, static_cast<std::size_t>(kMaxTreeBytes - total));
    if (!text) return fail(text.error());
    total += text->size();
    field(name);
    field(*text);
  }
  return {};
}

std::string KeyHasher::hex() {
  return hex_of(state_->hash.final());
}

Result<ScanCache> ScanCache::open(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return fail(ErrorKind::kIo, dir, "", "cannot create the cache directory: " + ec.message());
  if (!fs::is_directory(dir, ec)) {
    return fail(ErrorKind::kIo, dir, "", "the cache path is not a directory");
  }
  return ScanCache(dir);
}

std::string ScanCache::entry_path(const std::string& key) const {
  return (fs::path(dir_) / (key + ".json")).string();
}

std::optional<CachedTarget> ScanCache::load(const std::string& key, const std::string& path,
                                            const std::string& sha256) const {
  if (!is_hex_key(key)) return std::nullopt;
  auto text = read_entry(entry_path(key), kMaxScanBytes + kHeaderBytes);
  if (!text || text->size() < kHeaderBytes) return std::nullopt;
  const std::string_view all(*text);
  const std::string expected_head = fmt::format("{} {} ", kMagic, key);
  if (all.substr(0, expected_head.size()) != expected_head || all[kHeaderBytes - 1] != '\n') {
    return std::nullopt;
  }
  const std::string_view digest = all.substr(expected_head.size(), 64);
  const std::string payload(all.substr(kHeaderBytes));
  if (sha256_hex(payload) != digest) return std::nullopt;
  auto report = parse_scan_report(payload, entry_path(key));
  if (!report || report->targets.size() != 1) return std::nullopt;
  auto stats = parse_stats(payload);
  if (!stats) return std::nullopt;
  CachedTarget out;
  out.target = std::move(report->targets.front());
  out.target.stats = *stats;
  out.findings = std::move(report->findings);
  if (!out.target.ok || out.target.path != path || out.target.sha256 != sha256) return std::nullopt;
  for (const auto& f : out.findings) {
    if (f.target != path) return std::nullopt;
  }
  // Whatever the reader does not carry back would be lost: the entry must
  // be exactly what these results render to.
  if (payload_of(out.target, out.findings) != payload) return std::nullopt;
  return out;
}

Status ScanCache::store(const std::string& key, const flow::TargetResult& target,
                        const std::vector<flow::Finding>& findings) const {
  if (!is_hex_key(key)) return fail(ErrorKind::kValidation, dir_, "", "bad cache key");
  if (!target.ok) return {};
  const std::string payload = payload_of(target, findings);
  if (payload.size() > kMaxScanBytes) return {};  // too large to read back: not kept
  const std::string text = fmt::format("{} {} {}\n", kMagic, key, sha256_hex(payload)) + payload;
  std::string temp = (fs::path(dir_) / fmt::format(".{}.XXXXXX", key)).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0)
    return fail(ErrorKind::kIo, dir_, "", "cannot write a cache entry: " + errno_text(errno));
  std::size_t done = 0;
  int error = 0;
  while (done < text.size()) {
    const ssize_t put = ::write(fd, text.data() + done, text.size() - done);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) {
      error = put < 0 ? errno : EIO;
      break;
    }
    done += static_cast<std::size_t>(put);
  }
  // Readable by the other scans that share the directory (mkstemp makes 0600).
  if (error == 0 && ::fchmod(fd, 0644) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temp.c_str(), entry_path(key).c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temp.c_str());
    return fail(ErrorKind::kIo, dir_, "", "cannot write a cache entry: " + errno_text(error));
  }
  return {};
}

}  // namespace cordon::report
