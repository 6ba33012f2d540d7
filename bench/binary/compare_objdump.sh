#!/bin/sh
# Front end alone versus `objdump -d --no-show-raw-insn` on the same files:
# wall and CPU seconds of both, the ratio, peak RSS and instructions/second.
# Usage: compare_objdump.sh FRONTEND_BENCH [-jN] FILE...
set -eu
bench=$1
shift
jobs=-j2
case "${1:-}" in -j*) jobs=$1; shift ;; esac
printf '%-48s %10s %8s %8s %8s %8s %6s %9s %12s\n' file instructions obj_wall obj_cpu our_wall our_cpu ratio rss_mb insn_per_s
for f in "$@"; do
  t=$(mktemp)
  /usr/bin/time -f '%e %U %S' -o "$t" objdump -d --no-show-raw-insn "$f" > /dev/null
  read -r ow ou os < "$t"
  line=$(/usr/bin/time -f '%e %U %S %M' -o "$t" "$bench" "$jobs" "$f")
  read -r cw cu cs rss < "$t"
  rm -f "$t"
  insns=$(printf '%s\n' "$line" | sed -n 's/.*instructions=\([0-9]*\).*/\1/p')
  awk -v f="$f" -v n="$insns" -v ow="$ow" -v ou="$ou" -v os="$os" -v cw="$cw" -v cu="$cu" \
      -v cs="$cs" -v rss="$rss" 'BEGIN {
    oc = ou + os; cc = cu + cs
    printf "%-48s %10d %8.2f %8.2f %8.2f %8.2f %6.2f %9.0f %12.0f\n", f, n, ow, oc, cw, cc,
           cw / (ow > 0 ? ow : 1), rss / 1024, n / (cc > 0 ? cc : 1)
  }'
done
