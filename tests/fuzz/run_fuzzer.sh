#!/bin/sh
# Runs a libFuzzer target over its seed corpus without writing to it.
#   run_fuzzer.sh FUZZER runs=N|seconds=S SEED_CORPUS_DIR [libFuzzer options...]
# runs=N: a smoke run (ctest); seconds=S: a longer session. New inputs go to a
# scratch corpus (kept, and printed, with seconds=S: copy the interesting ones
# into the seed corpus); a crash leaves its input in the current directory
# (crash-*), which is the regression input to add to the unit tests.
set -eu
fuzzer=$1
budget=$2
seeds=$3
shift 3
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cordon-fuzz.XXXXXX")
case "$budget" in
  runs=*) limit="-runs=${budget#runs=}"; trap 'rm -rf "$scratch"' EXIT ;;
  seconds=*) limit="-max_total_time=${budget#seconds=}"; echo "scratch corpus: $scratch" ;;
  *) echo "run_fuzzer.sh: budget must be runs=N or seconds=S" >&2; exit 2 ;;
esac
# -seed=1 for the smoke run: the same inputs on every CI run.
"$fuzzer" "$limit" -seed=1 -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$@" "$scratch" "$seeds"
