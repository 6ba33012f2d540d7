#include "llvm_error.h"

#include <cctype>

namespace cordon::binary {

std::string llvm_error_text(llvm::Error error) {
  std::string text = llvm::toString(std::move(error));
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace cordon::binary
