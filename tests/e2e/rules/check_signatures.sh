#!/bin/sh
# check_signatures.sh CORDON FIXTURES
# `cordon rules check --verbose` checks every pack entry against the public
# declarations on this machine:
#  1. the built-in packs fit them (exit 0, no fault), every declaration set
#     parses (the headers ./setup installs are there), and at least
#     $CORDON_MIN_CHECKED entries were checked against a real declaration;
#  2. the references the check could not match to their entry's names in a
#     cited file that is on the machine are exactly FIXTURES/signatures/
#     unmatched-references.txt (the list we keep: it only shrinks);
#  3. a pack that contradicts real declarations fails with exit 2 and one
#     fault per bad entry (FIXTURES/signatures/bad/expect.txt), and an entry
#     no header declares is listed as unverified.
set -u
cordon=$1
fixtures=$2
min_checked=${CORDON_MIN_CHECKED:-190}
status=0
fail() { echo "FAIL: $*"; status=1; }

out=$("$cordon" rules check --verbose 2>&1)
rc=$?
[ "$rc" -eq 0 ] || fail "rules check --verbose on the built-in packs exited $rc"
printf '%s\n' "$out" | grep -q '^skipped declarations:' &&
  fail "a declaration set was skipped: $(printf '%s\n' "$out" | grep '^skipped declarations:')"
summary=$(printf '%s\n' "$out" | grep '^signatures: ')
[ -n "$summary" ] || fail "no 'signatures:' summary line"
checked=$(printf '%s\n' "$summary" | sed -n 's/^signatures: \([0-9]*\) entries checked.*/\1/p')
[ "${checked:-0}" -ge "$min_checked" ] || fail "only ${checked:-0} entries checked (want >= $min_checked)"
printf '%s\n' "$summary" | grep -q ', 0 faults ' || fail "faults: $summary"
for set in glibc libcurl openssl libraries json-c mingw-w64 mingw-w64-wininet sentry-native cjson; do
  printf '%s\n' "$summary" | grep -Eq "(: |, )$set(,|\)|$)" || fail "declaration set '$set' not parsed"
done
printf '%s\n' "$out" | sed -n 's/^unmatched reference: //p' > "${TMPDIR:-/tmp}/unmatched.$$"
if ! diff -u "$fixtures/signatures/unmatched-references.txt" "${TMPDIR:-/tmp}/unmatched.$$"; then
  fail "unmatched references differ from the kept list"
fi
rm -f "${TMPDIR:-/tmp}/unmatched.$$"

bad=$fixtures/signatures/bad
err=$("$cordon" rules check --verbose "$bad" 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "rules check --verbose $bad exited $rc, expected 2"
while IFS= read -r want; do
  [ -n "$want" ] || continue
  printf '%s\n' "$err" | grep -qF -- "error: $bad/$want" || fail "missing on stderr: error: $bad/$want"
done < "$bad/expect.txt"
faults=$(printf '%s\n' "$err" | grep -c 'does not fit the declaration')
wanted=$(grep -c . "$bad/expect.txt")
[ "$faults" -eq "$wanted" ] || fail "$faults faults, expected $wanted"
"$cordon" rules check --verbose "$bad" 2>/dev/null |
  grep -qx 'unverified: fixture.signatures.unverified (fixture_signatures_nowhere_declared)' ||
  fail "the undeclared entry is not listed as unverified"
[ "$status" -eq 0 ] || { echo "output was:"; printf '%s\n' "$out" | grep -v '^unverified:'; printf '%s\n' "$err"; }
exit "$status"
