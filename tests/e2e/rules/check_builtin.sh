#!/bin/sh
# check_builtin.sh CORDON GOOD_FIXTURE_DIR
# The built-in packs and profiles validate (exit 0, the summary line), a good
# extra pack adds exactly its own counts, and missing inputs exit 2.
set -u
cordon=$1
good=$2
fail() { echo "FAIL: $*"; exit 1; }
summary='^ok: [0-9]+ packs, [0-9]+ api entries, [0-9]+ endpoint entries \([0-9]+ patterns\), 2 profiles$'

out=$("$cordon" rules check 2>&1) || fail "rules check on the built-in packs exited $?: $out"
printf '%s\n' "$out" | grep -Eq '^profile air-gapped: environment drops [0-9]+ name patterns \(.*\*_TOKEN.*\), keeps ' ||
  fail "rules check does not show the environment policy: $out"
out=$(printf '%s\n' "$out" | tail -n 1)
printf '%s\n' "$out" | grep -Eq "$summary" || fail "unexpected summary: $out"

# The good fixture holds 1 pack, 2 api entries, 1 endpoint entry, 1 pattern.
with=$("$cordon" rules check "$good" 2>&1) || fail "rules check $good exited $?: $with"
with=$(printf '%s\n' "$with" | tail -n 1)
set -- $(printf '%s\n' "$out" | tr -c '0-9\n' ' ')
p=$1 a=$2 e=$3 n=$4
expect="ok: $((p + 1)) packs, $((a + 2)) api entries, $((e + 1)) endpoint entries ($((n + 1)) patterns), 2 profiles"
[ "$with" = "$expect" ] || fail "with $good: got '$with', expected '$expect'"

err=$("$cordon" rules check /nonexistent/packs 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "missing directory: exit $rc, expected 2"
[ "$err" = "cordon: error: /nonexistent/packs: no such directory
cordon: error: rules check: 1 fault" ] || fail "missing directory: stderr was: $err"

err=$(CORDON_RULES_DIR=/nonexistent "$cordon" rules list 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "bad CORDON_RULES_DIR: exit $rc, expected 2"
case "$err" in
  "cordon: error: /nonexistent/packs: built-in rules directory not found (from CORDON_RULES_DIR)"*) ;;
  *) fail "bad CORDON_RULES_DIR: stderr was: $err" ;;
esac

# rules list exits 2 with the faults when a pack does not validate.
broken=$(dirname "$good")/broken/unknown-key
err=$("$cordon" rules list --format json "$broken" 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "rules list on a broken pack: exit $rc, expected 2"
printf '%s\n' "$err" | grep -qF "error: $broken/pack.yaml:6:5: unknown key 'platfrom' in source entry" ||
  fail "rules list on a broken pack: stderr was: $err"
echo "ok"
