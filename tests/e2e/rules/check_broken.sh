#!/bin/sh
# check_broken.sh CORDON FIXTURE_DIR
# Runs `cordon rules check FIXTURE_DIR` and asserts exit status 2 and, for
# each line of FIXTURE_DIR/expect.txt ("file:line:column: reason", or its
# start), a stderr line "error: FIXTURE_DIR/<that text>".
set -u
cordon=$1
dir=$2
err=$("$cordon" rules check "$dir" 2>&1 >/dev/null)
rc=$?
if [ "$rc" -ne 2 ]; then
  echo "FAIL: cordon rules check $dir exited $rc, expected 2"
  printf '%s\n' "$err"
  exit 1
fi
status=0
while IFS= read -r want; do
  [ -n "$want" ] || continue
  if ! printf '%s\n' "$err" | grep -qF -- "error: $dir/$want"; then
    echo "FAIL: missing on stderr: error: $dir/$want"
    status=1
  fi
done < "$dir/expect.txt"
if [ "$status" -ne 0 ]; then
  echo "stderr was:"
  printf '%s\n' "$err"
fi
exit "$status"
