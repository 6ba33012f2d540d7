#include "compile_flags.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>

#include "cordon/support/strings.h"

namespace cordon::source {
namespace {

namespace fs = std::filesystem;

bool is_cl_driver(const std::string& compiler) {
  std::string base = to_lower(fs::path(compiler).filename().string());
  return base == "cl" || base == "cl.exe" || base == "clang-cl" || base == "clang-cl.exe";
}

std::string absolute_in(std::string_view path, const std::string& base) {
  fs::path p{std::string(path)};
  if (p.is_relative()) p = fs::path(base) / p;
  return p.lexically_normal().string();
}

// Appends rather than operator+(const char*, string&&): GCC 12 reports a
// false -Wrestrict on the latter at -O3 (GCC bug 105329).
std::string concat(std::string_view a, std::string_view b) {
  std::string out;
  out.reserve(a.size() + b.size());
  out.append(a);
  out.append(b);
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Flags whose value is a path, separate ("-I dir") or joined ("-Idir").
constexpr std::array<std::string_view, 10> kPathFlags = {
    "-I",       "-isystem", "-iquote",   "-idirafter", "-include",
    "-imacros", "-F",       "-isysroot", "--sysroot=", "-iwithprefix"};
// Flags (and their separate value) that only matter when writing outputs.
constexpr std::array<std::string_view, 6> kDroppedWithValue = {"-o",  "-MF",          "-MT",
                                                               "-MQ", "-include-pch", "-Xlinker"};
constexpr std::array<std::string_view, 7> kDropped = {
    "-c", "-M", "-MM", "-MD", "-MMD", "-MP", "-fpch-preprocess"};
// cl.exe: outputs and precompiled headers (a missing .pch would stop the parse).
constexpr std::array<std::string_view, 7> kClDroppedPrefixes = {"/Fo", "/Fd", "/Fe", "/Fp",
                                                                "/Yc", "/Yu", "/Fa"};

bool is_input(std::string_view arg, const CompileEntry& entry) {
  if (arg.empty() || arg.front() == '-') return false;
  return absolute_in(arg, entry.directory) == entry.file;
}

}  // namespace

ParseFlags parse_flags_for(const CompileEntry& entry, const std::string& resource_dir,
                           const std::vector<std::string>& extra) {
  ParseFlags out;
  const auto& argv = entry.arguments;
  out.cl_mode = !argv.empty() && is_cl_driver(argv.front());
  if (out.cl_mode) out.args.emplace_back("--driver-mode=cl");
  bool has_resource_dir = false;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    std::string_view arg = argv[i];
    bool has_next = i + 1 < argv.size();
    if (is_input(arg, entry)) continue;
    if (std::find(kDropped.begin(), kDropped.end(), arg) != kDropped.end()) continue;
    if (std::find(kDroppedWithValue.begin(), kDroppedWithValue.end(), arg) !=
        kDroppedWithValue.end()) {
      ++i;  // the value goes too
      continue;
    }
    if (starts_with(arg, "-o") || starts_with(arg, "-MF") || starts_with(arg, "-MT") ||
        starts_with(arg, "-MQ")) {
      continue;
    }
    if (out.cl_mode) {
      if (arg == "/c" || arg == "-c") continue;
      bool dropped = false;
      for (auto prefix : kClDroppedPrefixes) {
        std::string dash(prefix);
        dash[0] = '-';
        if (starts_with(arg, prefix) || starts_with(arg, dash)) dropped = true;
      }
      if (dropped) {
        out.notes.push_back(concat("dropped cl output flag ", printable(arg)));
        continue;
      }
      if ((starts_with(arg, "/Tp") || starts_with(arg, "/Tc")) && is_input(arg.substr(3), entry)) {
        continue;
      }
      if (arg == "/I" || arg == "-I") {
        if (has_next) out.args.push_back(concat("/I", absolute_in(argv[++i], entry.directory)));
        continue;
      }
      if ((starts_with(arg, "/I") || starts_with(arg, "-I")) && arg.size() > 2) {
        out.args.push_back(concat("/I", absolute_in(arg.substr(2), entry.directory)));
        continue;
      }
    }
    if (arg == "-resource-dir") has_resource_dir = true;
    bool handled = false;
    for (auto flag : kPathFlags) {
      if (arg == flag && has_next && flag.back() != '=') {
        out.args.emplace_back(arg);
        out.args.push_back(absolute_in(argv[++i], entry.directory));
        handled = true;
        break;
      }
      if (starts_with(arg, flag) && arg.size() > flag.size()) {
        // "-include" also starts with "-I": only take the longest matching flag.
        bool longer = false;
        for (auto other : kPathFlags) {
          if (other.size() > flag.size() && starts_with(arg, other)) longer = true;
        }
        if (longer) continue;
        out.args.push_back(concat(flag, absolute_in(arg.substr(flag.size()), entry.directory)));
        handled = true;
        break;
      }
    }
    if (!handled) out.args.emplace_back(arg);
  }
  if (!has_resource_dir && !resource_dir.empty()) {
    // clang-cl takes driver flags after /clang:, but -resource-dir is accepted as is.
    out.args.emplace_back("-resource-dir");
    out.args.push_back(resource_dir);
  }
  out.args.insert(out.args.end(), extra.begin(), extra.end());
  if (out.cl_mode) {
    // clang-cl reads "/work/x.cpp" as options (/w, /o...): the input goes
    // after "--" in the arguments instead of as libclang's source_filename.
    out.args.emplace_back("--");
    out.args.push_back(entry.file);
  }
  return out;
}

}  // namespace cordon::source
