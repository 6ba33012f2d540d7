#include "cli/output_file.h"

#include <cstdio>
#include <fstream>

namespace cordon::cli {

Status write_output(const std::optional<std::string>& path, const std::string& text) {
  if (!path) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return {};
  }
  std::ofstream out(*path, std::ios::binary | std::ios::trunc);
  if (!out) return fail(ErrorKind::kIo, *path, "", "cannot open the output file for writing");
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return fail(ErrorKind::kIo, *path, "", "cannot write the report");
  return {};
}

}  // namespace cordon::cli
