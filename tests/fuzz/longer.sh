#!/bin/sh
# A longer libFuzzer session of the audit-log reader or the binary loader on
# a g++ build (their CMake libFuzzer targets need a clang build of the whole
# project): clang++ compiles the fuzzer entry and the parsing sources with
# -fsanitize=fuzzer,address,undefined (coverage comes from those) and links
# the rest from the build's static libraries.
#   tests/fuzz/longer.sh audit_log|binary_loader [SECONDS] [BUILD_DIR] [SEEDS]
# Defaults: 600 s, build/release, the seed corpus (binary_loader: none in the
# tree; pass a directory of small ELF/PE/Mach-O files, e.g. the samples).
# New inputs go to a scratch corpus; a crash or timeout leaves its input in
# the current directory. The dns_message target has its own: dns_message/fuzz.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
target=$1
seconds=${2:-600}
build=$(cd "${3:-$src/build/release}" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/cordon-longer.XXXXXX")
cxx=$(command -v clang++-14 || command -v clang++)
flags="-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined"
case "$target" in
  audit_log)
    seeds=${4:-$here/audit_log/corpus}
    "$cxx" $flags -I"$src/analyzer/join/include" -I"$src/analyzer/join/src" \
      -I"$src/analyzer/report/include" -I"$src/rules/include" -I"$src/support/include" \
      -I"$src/analyzer/flow/include" \
      "$here/audit_log/audit_log_fuzzer.cpp" "$src/analyzer/join/src/audit_input.cpp" \
      "$src/analyzer/join/src/observations.cpp" -o "$out/fuzzer" \
      "$build/analyzer/join/libcordon_join.a" "$build/analyzer/report/libcordon_report.a" \
      "$build/rules/libcordon_rules.a" "$build/support/libcordon_support.a" -lfmt -lyaml-cpp
    extra="" ;;
  binary_loader)
    seeds=${4:?binary_loader needs a seed directory of small binaries}
    b="$src/analyzer/binary/src"
    "$cxx" $flags -I"$src/analyzer/binary/include" -I"$b" -I"$src/analyzer/flow/include" \
      -I"$src/support/include" -I"$src/rules/include" -isystem /usr/lib/llvm-14/include \
      -isystem /usr/include/capstone "$here/binary_loader/binary_loader_fuzzer.cpp" \
      "$b/elf_loader.cpp" "$b/pe_loader.cpp" "$b/macho_loader.cpp" "$b/loader.cpp" \
      "$b/eh_frame.cpp" -o "$out/fuzzer" "$build/analyzer/binary/libcordon_binary.a" \
      "$build/analyzer/flow/libcordon_flow.a" "$build/rules/libcordon_rules.a" \
      "$build/support/libcordon_support.a" -L/usr/lib/llvm-14/lib -lLLVM-14 -lcapstone \
      -lseccomp -lfmt -lyaml-cpp -pthread
    extra="-max_len=65536" ;;
  *) echo "longer.sh: target must be audit_log or binary_loader" >&2; exit 2 ;;
esac
echo "fuzzer: $out/fuzzer"
exec "$here/run_fuzzer.sh" "$out/fuzzer" "seconds=$seconds" "$seeds" $extra
