// Loading an executable image: sniff the format, hand the bytes to the ELF or
// PE loader. Every loader validates through Expected-returning LLVM calls or
// bounded reads; a malformed file gives an Error, never a crash.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cordon/support/error.h"
#include "image.h"

namespace cordon::binary {

// `bytes` must outlive the returned Image (sections view into it).
[[nodiscard]] Result<Image> load_image(std::span<const std::uint8_t> bytes,
                                       const std::string& input, const ImageLimits& limits);

[[nodiscard]] Result<Image> load_elf(std::span<const std::uint8_t> bytes, const std::string& input,
                                     const ImageLimits& limits);
[[nodiscard]] Result<Image> load_pe(std::span<const std::uint8_t> bytes, const std::string& input,
                                    const ImageLimits& limits);

// Function starts from the FDEs of an .eh_frame section mapped at `address`.
// Stops at the first malformed record (what came before it is kept); at most
// `max_starts` are added.
void parse_eh_frame(std::span<const std::uint8_t> section, std::uint64_t address,
                    std::uint64_t max_starts, std::vector<std::uint64_t>& starts);

}  // namespace cordon::binary
