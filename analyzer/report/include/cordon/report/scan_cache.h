// `cordon scan --cache DIR`: a target's results (its stats and findings),
// kept under a key that hashes everything they depend on (the target's
// path and content, cordon's executable and version, the rule packs, the
// profile, the allow list and the manifest), so a rescan of an unchanged
// binary costs its digest and one small read.
//
// The directory is untrusted input: an entry that is missing, unreadable, a
// symlink or not a regular file, too large, cut short, altered (its header
// names its key and the SHA-256 of its payload) or made for other inputs is
// a miss, never an error or another result. An entry read back must also
// render to the very bytes it holds, so nothing the reader does not carry
// back is ever lost. Entries are written to a temporary file in DIR and
// renamed into place: concurrent scans sharing DIR see whole entries or
// none.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/flow/finding.h"
#include "cordon/support/error.h"

namespace cordon::report {

// An incremental SHA-256 over length-prefixed fields (so ("ab","c") and
// ("a","bc") differ), rendered as lower-case hex.
class KeyHasher {
 public:
  KeyHasher();
  ~KeyHasher();
  KeyHasher(const KeyHasher&) = delete;
  KeyHasher& operator=(const KeyHasher&) = delete;

  void field(std::string_view bytes);
  // Every regular file under `path` (or `path` itself), by relative name and
  // content, in name order; a missing path is hashed as missing. Symlinks to
  // files are followed (a rules directory may link its packs).
  Status tree(const std::string& path);
  [[nodiscard]] std::string hex();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

struct CachedTarget {
  flow::TargetResult target;
  std::vector<flow::Finding> findings;
};

class ScanCache {
 public:
  // Creates DIR (and its parents) when missing.
  [[nodiscard]] static Result<ScanCache> open(const std::string& dir);

  // The entry for `key`, when it is whole and was made for `path` with
  // content `sha256`; stats.seconds is 0.
  [[nodiscard]] std::optional<CachedTarget> load(const std::string& key, const std::string& path,
                                                 const std::string& sha256) const;
  // Keeps an ok target's results (stats.seconds is not kept).
  [[nodiscard]] Status store(const std::string& key, const flow::TargetResult& target,
                             const std::vector<flow::Finding>& findings) const;

  [[nodiscard]] const std::string& dir() const { return dir_; }

 private:
  explicit ScanCache(std::string dir) : dir_(std::move(dir)) {}
  [[nodiscard]] std::string entry_path(const std::string& key) const;
  std::string dir_;
};

}  // namespace cordon::report
