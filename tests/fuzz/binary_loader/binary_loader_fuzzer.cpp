// libFuzzer target: any bytes through the loader and, when they load, the
// whole front end (disassembly, lifting, graph). A crash, a leak, a sanitizer
// report or a hang is a bug; an Error is the expected answer to junk.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

#include "cordon/binary/binary_front_end.h"
#include "graph_builder.h"
#include "loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> bytes(data, size);
  cordon::binary::ImageLimits limits;
  limits.max_symbols = 100000;
  auto image = cordon::binary::load_image(bytes, "fuzz-input", limits);
  if (!image) return 0;
  cordon::binary::FrontEndOptions options;
  options.max_instructions_per_function = 20000;
  auto graph = cordon::binary::build_graph(*image, "fuzz-input", options);
  (void)graph;
  return 0;
}
