#!/bin/sh
# `cordon scan` speed against objdump on SuperTuxKart, and growth with size.
# Usage: bench/scan/run.sh BUILD_DIR [--repeat N] [--cache DIR] [--large]
# See bench/README.md; the work is in scan_bench.py beside this script.
set -eu
if [ $# -lt 1 ]; then
  echo "usage: bench/scan/run.sh BUILD_DIR [--repeat N] [--cache DIR] [--large]" >&2
  exit 2
fi
exec python3 "$(dirname "$0")/scan_bench.py" "$@"
