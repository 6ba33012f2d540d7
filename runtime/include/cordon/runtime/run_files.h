// The per-run files `cordon run` bind-mounts into the title's view: a
// resolv.conf naming the DNS view, a fresh value for each device id the
// profile masks, and empty covers for denied files and the audit log. They
// live in a private temporary directory (hidden from the title) removed at exit.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cordon/support/error.h"

namespace cordon::runtime {

class RunFiles {
 public:
  // Creates a 0700 directory under $TMPDIR (or /tmp).
  [[nodiscard]] static Result<RunFiles> create();
  RunFiles(RunFiles&& other) noexcept
      : dir_(std::exchange(other.dir_, "")),
        binds_(std::move(other.binds_)),
        placeholders_(other.placeholders_),
        stand_ins_(std::move(other.stand_ins_)),
        mirrored_(other.mirrored_),
        stand_in_dirs_(other.stand_in_dirs_) {}
  RunFiles& operator=(RunFiles&&) = delete;
  RunFiles(const RunFiles&) = delete;
  ~RunFiles();

  // Writes `content` as a file to be bind-mounted over `target`.
  [[nodiscard]] Status add(const std::string& target, const std::string& content);
  // A fresh value in the shape of the file at `target` (each hex digit
  // replaced by a random one, everything else kept); added only when the
  // target exists.
  [[nodiscard]] Status mask(const std::string& target);

  // A new empty file of mode 000 to cover a denied file (not in binds()).
  [[nodiscard]] Result<std::string> placeholder();

  // The stand-in bound over a denied path `real`: for a file, an empty
  // read-only file; for a directory, a tree of the same names (directories
  // of mode 0111: searchable, not listable; files empty, mode 0444), at most
  // kMaxMirrored entries per run and kMaxDepth levels; see seal(). Its objects can be
  // opened, so the file watch sees each open of a denied path
  // (file_watch.h); none holds a byte of the original.
  [[nodiscard]] Result<std::string> stand_in(const std::string& real);

  // What the file watch reports: each stand-in object (and each mask file)
  // with the host path it stands for and why.
  struct Watched {
    std::string stand_in;
    std::string real;
    bool directory = false;
  };
  [[nodiscard]] std::vector<Watched> watched() const;
  // Makes the stand-in directories searchable only (0111), once they are
  // watched (inotify needs to read a directory to watch it).
  void seal();

  static constexpr std::size_t kMaxMirrored = 4096;
  static constexpr int kMaxDepth = 8;

  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& binds() const {
    return binds_;
  }
  [[nodiscard]] const std::string& dir() const { return dir_; }

 private:
  explicit RunFiles(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
  std::vector<std::pair<std::string, std::string>> binds_;
  int placeholders_ = 0;
  std::vector<Watched> stand_ins_;
  std::size_t mirrored_ = 0;
  int stand_in_dirs_ = 0;
  void mirror(const std::string& real, const std::string& copy, int depth);
};

// `original` with each hex digit replaced by a random one of the same case;
// 32 random hex digits and a newline when `original` is empty.
[[nodiscard]] std::string fresh_value(const std::string& original);

}  // namespace cordon::runtime
