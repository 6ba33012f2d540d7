#!/bin/sh
# A longer fuzzing session of the DNS message parser (default 10 minutes):
#   tests/fuzz/dns_message/fuzz.sh [SECONDS] [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-600}
build=${2:-$here/../../../build/release}
exec "$here/../run_fuzzer.sh" "$build/tests/fuzz/dns_message/bin/dns_message_fuzzer" \
  "seconds=$seconds" "$here/corpus" -jobs=1
