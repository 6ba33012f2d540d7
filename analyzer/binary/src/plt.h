// PLT stubs: each stub in .plt/.plt.sec/.plt.got jumps through a GOT slot
// whose relocation names an import, so a call to the stub is a call to it.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "capstone_handle.h"
#include "image.h"

namespace cordon::binary {

// Stub address -> import name, for every stub whose GOT slot is named.
[[nodiscard]] std::unordered_map<std::uint64_t, std::string> find_plt_stubs(
    const Image& image, const CapstoneHandle& cs);

}  // namespace cordon::binary
