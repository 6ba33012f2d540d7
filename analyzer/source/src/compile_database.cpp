// compile_commands.json -> CompileDatabase: JSON through nlohmann-json, shell
// splitting of `command`, path resolution and duplicate collapsing.
#include "cordon/source/compile_database.h"

#include <filesystem>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "cordon/support/file_reader.h"
#include "cordon/support/strings.h"

namespace cordon::source {
namespace {

namespace fs = std::filesystem;

// Large exports (Unreal) reach hundreds of MiB; beyond this it is hostile.
constexpr std::size_t kMaxDatabaseBytes = std::size_t{1} << 30;

bool is_windows_compiler(std::string_view word) {
  std::string base = to_lower(fs::path(std::string(word)).filename().string());
  return base == "cl" || base == "cl.exe" || base == "clang-cl" || base == "clang-cl.exe";
}

std::string absolute_in(const std::string& path, const std::string& base) {
  fs::path p(path);
  if (p.is_relative()) p = fs::path(base) / p;
  return p.lexically_normal().string();
}

Result<std::string> string_field(const nlohmann::json& entry, const char* key,
                                 const std::string& file, std::size_t index) {
  auto found = entry.find(key);
  if (found == entry.end()) {
    return fail(ErrorKind::kParse, file, "entry " + std::to_string(index),
                std::string("missing key '") + key + "'");
  }
  if (!found->is_string()) {
    return fail(ErrorKind::kParse, file, "entry " + std::to_string(index),
                std::string("key '") + key + "' is not a string");
  }
  return found->get<std::string>();
}

Result<std::vector<std::string>> entry_arguments(const nlohmann::json& entry,
                                                 const std::string& file, std::size_t index) {
  auto where = "entry " + std::to_string(index);
  if (auto args = entry.find("arguments"); args != entry.end()) {
    if (!args->is_array() || args->empty()) {
      return fail(ErrorKind::kParse, file, where, "'arguments' is not a non-empty array");
    }
    std::vector<std::string> out;
    out.reserve(args->size());
    for (const auto& arg : *args) {
      if (!arg.is_string()) {
        return fail(ErrorKind::kParse, file, where, "'arguments' holds a non-string");
      }
      out.push_back(arg.get<std::string>());
    }
    return out;
  }
  auto command = entry.find("command");
  if (command == entry.end()) {
    return fail(ErrorKind::kParse, file, where, "missing key 'command' or 'arguments'");
  }
  if (!command->is_string()) {
    return fail(ErrorKind::kParse, file, where, "key 'command' is not a string");
  }
  const auto& text = command->get_ref<const std::string&>();
  auto first = split_command_line(text, /*windows=*/false);
  if (!first.empty() && is_windows_compiler(first.front())) {
    first = split_command_line(text, /*windows=*/true);
  }
  if (first.empty()) return fail(ErrorKind::kParse, file, where, "'command' is empty");
  return first;
}

}  // namespace

std::vector<std::string> split_command_line(const std::string& command, bool windows) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (windows) {
      // CommandLineToArgvW: backslashes are literal unless they precede a quote.
      if (c == '\\') {
        std::size_t run = 0;
        while (i < command.size() && command[i] == '\\') {
          ++run;
          ++i;
        }
        if (i < command.size() && command[i] == '"') {
          word.append(run / 2, '\\');
          if (run % 2 == 1) {
            word.push_back('"');
          } else {
            quote = quote == 0 ? '"' : 0;
          }
        } else {
          word.append(run, '\\');
          --i;
        }
        in_word = true;
        continue;
      }
      if (c == '"') {
        quote = quote == 0 ? '"' : 0;
        in_word = true;
        continue;
      }
    } else {
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.push_back(c);
        }
        continue;
      }
      if (c == '\\' && i + 1 < command.size()) {
        char next = command[i + 1];
        // Inside double quotes only these are escapes; elsewhere every char is.
        if (quote == 0 || next == '"' || next == '\\' || next == '$' || next == '`') {
          word.push_back(next);
          ++i;
          in_word = true;
          continue;
        }
      }
      if (c == '\'' && quote == 0) {
        quote = '\'';
        in_word = true;
        continue;
      }
      if (c == '"') {
        quote = quote == 0 ? '"' : 0;
        in_word = true;
        continue;
      }
    }
    if (quote == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    word.push_back(c);
    in_word = true;
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

Result<CompileDatabase> load_compile_database(const std::string& path) {
  std::error_code ec;
  std::string file = path;
  if (fs::is_directory(path, ec)) file = (fs::path(path) / "compile_commands.json").string();
  auto text = read_text_file(file, kMaxDatabaseBytes);
  if (!text) return fail(text.error());

  nlohmann::json root;
  try {
    root = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::parse_error& e) {
    return fail(ErrorKind::kParse, file, "byte " + std::to_string(e.byte),
                "not a JSON compile database (malformed JSON)");
  }
  if (!root.is_array()) {
    return fail(ErrorKind::kParse, file, "",
                "not a compile database: the top level is not an array");
  }

  CompileDatabase db;
  db.path = fs::absolute(fs::path(file), ec).lexically_normal().string();
  std::string base = fs::path(db.path).parent_path().string();
  std::set<std::pair<std::string, std::vector<std::string>>> seen;
  for (std::size_t i = 0; i < root.size(); ++i) {
    const auto& entry = root[i];
    if (!entry.is_object()) {
      return fail(ErrorKind::kParse, file, "entry " + std::to_string(i), "not an object");
    }
    auto directory = string_field(entry, "directory", file, i);
    if (!directory) return fail(directory.error());
    auto source = string_field(entry, "file", file, i);
    if (!source) return fail(source.error());
    auto arguments = entry_arguments(entry, file, i);
    if (!arguments) return fail(arguments.error());

    CompileEntry out;
    out.directory = absolute_in(*directory, base);
    out.file = absolute_in(*source, out.directory);
    out.arguments = std::move(*arguments);
    out.index = i;
    if (!seen.emplace(out.file, out.arguments).second) {
      ++db.duplicates;
      continue;
    }
    db.entries.push_back(std::move(out));
  }
  return db;
}

}  // namespace cordon::source
