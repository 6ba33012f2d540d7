// The binary front end: ELF, PE/COFF and Mach-O (x86-64, AArch64) loaded
// with LLVM's Object library, disassembled with Capstone, lifted into a flow::ProgramGraph.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cordon/flow/program_graph.h"
#include "cordon/support/error.h"

namespace cordon::binary {

// True when the first bytes look like an object file format cordon knows of
// (ELF, PE/MZ, COFF, Mach-O thin or universal): such files are targets (possibly unsupported
// ones, reported as errors); anything else is skipped silently in a directory.
[[nodiscard]] bool looks_like_binary(std::span<const std::uint8_t> header);

struct FrontEndOptions {
  unsigned jobs = 1;                                     // threads for disassembly
  std::uint64_t max_instructions_per_function = 200000;  // junk bytes cannot hang it
  std::uint64_t max_file_bytes = 2ull << 30;
  // Symbols plus relocations a file may declare; more is a kLimit error.
  std::uint64_t max_symbols = 4'000'000;
  // The architecture of a universal (fat) Mach-O file to scan, as
  // universal_slices() names it; empty for every other file.
  std::string slice;
};

struct UniversalSliceInfo {
  std::string arch;       // "x86_64", "x86_64h", "arm64", "arm64e", "i386", ...
  bool analysed = false;  // an x86-64 or arm64 slice, which cordon scans
};

// The slices of a universal Mach-O file, in header order; an empty list for
// any other file. A hostile universal header (slices outside the file,
// overlapping) is an Error naming the file.
[[nodiscard]] Result<std::vector<UniversalSliceInfo>> universal_slices(
    const std::string& path, std::uint64_t max_file_bytes);

// How a slice of a universal file is named as a target: "path[arch]".
[[nodiscard]] std::string slice_target_name(const std::string& path, const std::string& arch);

struct BinaryGraph {
  std::string format;  // "elf", "pe" or "macho"
  std::string arch;    // "x86_64" or "aarch64"
  flow::ProgramGraph graph;
  std::uint64_t function_count = 0;
  std::uint64_t instruction_count = 0;
  // Executable bytes in the file, and those analysed: decoded inside a
  // function, read as PLT stubs, or checked to be alignment padding.
  std::uint64_t code_bytes = 0;
  std::uint64_t covered_bytes = 0;
};

// The executable bytes `path` (or its universal file's `slice`) declares,
// read from its section headers only: what a scan's memory grows with, known
// before the scan. 0 for a file that cannot be read as an object file.
[[nodiscard]] std::uint64_t code_bytes_estimate(const std::string& path, const std::string& slice,
                                                std::uint64_t max_file_bytes);

// Loads, disassembles and lifts `path`. A truncated, hostile or unsupported
// file gives an Error naming the file and the reason (never a crash or hang).
[[nodiscard]] Result<BinaryGraph> build_binary_graph(const std::string& path,
                                                     const FrontEndOptions& options);

}  // namespace cordon::binary
