#!/bin/bash
# Builds cordon's Debian package with CPack, installs it with
# `apt-get install ./cordon_*.deb` into a fresh Debian 12 root (debootstrap
# minbase, as /work/shared/tools/fresh-debian-check makes one) and runs the
# installed cordon there: --version, rules check, a scan of a sample (its
# findings must equal the build tree's), and checks the package's fields,
# files, man pages and completions.
#
# The root is bootstrapped once and kept as a tarball under --cache; each run
# unpacks a fresh copy. Exit 77 (skip) with the reason when the Debian mirror
# cannot be reached or the test cannot run as root with mount namespaces.
set -euo pipefail

build= cache= sample=
while [ $# -gt 0 ]; do
  case $1 in
    --build-dir) build=$2; shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    --sample) sample=$2; shift 2 ;;
    *) echo "deb_install: unknown argument $1" >&2; exit 2 ;;
  esac
done
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot, mounts)"
for tool in cpack dpkg-deb dpkg-shlibdeps debootstrap unshare chroot; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (./setup installs it)"
done

# Everything below runs in a private mount namespace: the chroot's mounts
# vanish with it, whatever way the test ends.
if [ -z "${CORDON_DEB_TEST_INNER:-}" ]; then
  CORDON_DEB_TEST_INNER=1 exec unshare --mount --propagation private -- "$0" \
    --build-dir "$build" --cache "$cache" --sample "$sample" ||
    skip "cannot create a mount namespace"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/cordon-deb.XXXXXX")
trap 'umount -R "$work/root" 2>/dev/null || true; rm -rf "$work"' EXIT

# 1. The package.
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
debs=("$work"/pkg/cordon_*_amd64.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || fail "no cordon_<version>_amd64.deb in $(ls "$work/pkg")"
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)
echo "package: ${deb##*/}, $(stat -c %s "$deb") bytes"
echo "Depends: $depends"
[ "${deb##*/}" = "cordon_${version}_amd64.deb" ] || fail "file name ${deb##*/} does not follow cordon_<version>_amd64.deb"
[ "$(dpkg-deb -f "$deb" Architecture)" = amd64 ] || fail "Architecture is not amd64"
# The libraries the binaries link, as dpkg-shlibdeps finds them.
for lib in libc6 libstdc++6 libllvm14 libclang1-14 libcapstone4 libseccomp2 libyaml-cpp0.7 libfmt9; do
  case ", $depends" in
    *", $lib "*|*", $lib,"*|*", $lib") ;;
    *) fail "Depends does not name $lib: $depends" ;;
  esac
done
dpkg-deb -c "$deb" | awk '{print $6}' >"$work/files"
for f in ./usr/bin/cordon ./usr/libexec/cordon-analyze \
         ./usr/share/cordon/rules/profiles/air-gapped.yaml ./usr/share/cordon/rules/profiles/zero-trust.yaml \
         ./usr/share/man/man1/cordon.1.gz ./usr/share/man/man1/cordon-scan.1.gz \
         ./usr/share/man/man1/cordon-run.1.gz ./usr/share/man/man1/cordon-report.1.gz \
         ./usr/share/man/man1/cordon-rules.1.gz ./usr/share/man/man5/cordon-profiles.5.gz \
         ./usr/share/bash-completion/completions/cordon ./usr/share/zsh/vendor-completions/_cordon; do
  grep -qx -- "$f" "$work/files" || fail "the package has no $f"
done
packs_in_tree=$(ls "$build/share/cordon/rules/packs" | wc -l)
packs_in_deb=$(grep -c '^./usr/share/cordon/rules/packs/.*\.yaml$' "$work/files")
[ "$packs_in_tree" = "$packs_in_deb" ] || fail "$packs_in_deb packs in the package, $packs_in_tree built"
if grep -v '^./usr/\(bin\|libexec\|share\)\(/\|$\)' "$work/files" | grep -qv '^\./\(usr/\)\?$'; then
  fail "files outside /usr/{bin,libexec,share}: $(grep -v '^./usr/\(bin\|libexec\|share\)' "$work/files" | head -3)"
fi

# 2. A fresh Debian 12 root: bootstrapped once, unpacked fresh every run.
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
mkdir -p "$cache"
tarball=$cache/bookworm-minbase.tar
exec 9>"$cache/.lock"
flock 9
if [ ! -f "$tarball" ]; then
  echo "bootstrapping Debian 12 (minbase) from $mirror into $tarball"
  rm -rf "$cache/bootstrap"
  if ! debootstrap --variant=minbase bookworm "$cache/bootstrap" "$mirror" >"$cache/debootstrap.log" 2>&1; then
    tail -n 5 "$cache/debootstrap.log"
    rm -rf "$cache/bootstrap"
    skip "cannot bootstrap Debian 12 from $mirror (no mirror?): see $cache/debootstrap.log"
  fi
  tar -C "$cache/bootstrap" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
  rm -rf "$cache/bootstrap"
fi
flock -u 9

root=$work/root
mkdir -p "$root"
tar -C "$root" -xf "$tarball"
if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
  cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/"
  rm -f "$root/etc/apt/sources.list"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
# What the scan and the checks run: no network at all, as any title's scan.
offline() { unshare --net -- chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

offline sh -c 'command -v cordon' >/dev/null 2>&1 && fail "the fresh root already has a cordon"
cp "$deb" "$root/tmp/"
if ! in_root apt-get update >"$work/apt-update.log" 2>&1; then
  tail -n 5 "$work/apt-update.log"
  skip "apt-get update cannot reach the Debian mirror $mirror"
fi
if ! in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "./tmp/${deb##*/}" >"$work/apt-install.log" 2>&1; then
  # The install fails either for lack of a mirror (a skip) or for a bad
  # package (a failure): tell them apart by what apt said.
  if grep -q "Could not \(resolve\|connect\)\|Temporary failure\|Failed to fetch" "$work/apt-install.log"; then
    tail -n 5 "$work/apt-install.log"
    skip "apt-get install cannot fetch the dependencies from $mirror"
  fi
  tail -n 20 "$work/apt-install.log"
  fail "apt-get install ./${deb##*/} failed in a fresh Debian 12"
fi
in_root dpkg-query -W -f='${Status}\n' cordon | grep -qx "install ok installed" ||
  fail "dpkg does not list cordon as installed"

# 3. The installed cordon, from /usr/bin, offline.
[ "$(offline sh -c 'command -v cordon')" = /usr/bin/cordon ] || fail "cordon is not /usr/bin/cordon"
got=$(offline cordon --version)
[ "$got" = "cordon $version" ] || fail "cordon --version printed '$got', want 'cordon $version'"
check=$(offline cordon rules check 2>&1) || fail "cordon rules check failed: $check"
case $(printf '%s\n' "$check" | tail -n 1) in ok:*" profiles") ;; *) fail "cordon rules check printed: $check" ;; esac
want=$("$build/bin/cordon" rules check 2>&1)
[ "$check" = "$want" ] || fail "installed rules check '$check' differs from the build tree's '$want'"

cp "$sample" "$root/tmp/title"
status=0
offline cordon scan --format json -o /tmp/scan.json /tmp/title || status=$?
[ $status -le 1 ] || fail "cordon scan of the sample exited $status"
(cd "$(dirname "$sample")" && "$build/bin/cordon" scan --format json --fail-on never -o "$work/want.json" "$(basename "$sample")") ||
  fail "the build tree's cordon could not scan the sample"
python3 - "$root/tmp/scan.json" "$work/want.json" <<'PY' || fail "the installed cordon's findings differ from the build tree's"
import json, sys
got, want = (json.load(open(p)) for p in sys.argv[1:3])
def shape(report):
    return sorted((f["rule"], f["severity"], f["kind"], [s["function"] for s in f["path"]])
                  for f in report["findings"])
if not got["findings"]:
    sys.exit("the installed cordon found nothing in the sample")
if shape(got) != shape(want):
    sys.exit(f"installed: {shape(got)}\nbuild tree: {shape(want)}")
print(f"scan: {len(got['findings'])} findings, as the build tree's cordon")
PY
offline cordon scan --format sarif -o /tmp/scan.sarif /tmp/title || [ $? -le 1 ] || fail "SARIF scan failed"
offline test -s /tmp/scan.sarif || fail "no SARIF written"
# A bad command line: one error line in cordon's voice, status 2.
status=0
err=$(offline cordon scan --format xml /tmp/title 2>&1) || status=$?
[ $status = 2 ] || fail "a bad --format exited $status, want 2"
case $err in "cordon: error: --format:"*) ;; *) fail "a bad --format printed: $err" ;; esac

# Man pages and completions where man and the shells look for them.
for page in man1/cordon.1 man1/cordon-scan.1 man1/cordon-run.1 man1/cordon-report.1 \
            man1/cordon-rules.1 man5/cordon-profiles.5; do
  offline sh -c "gzip -dc /usr/share/man/$page.gz | grep -q '^\\.SH EXIT STATUS\\|^\\.SH KEYS'" ||
    fail "/usr/share/man/$page.gz is missing or has no EXIT STATUS"
done
offline bash -c 'source /usr/share/bash-completion/completions/cordon
  COMP_WORDS=(cordon scan --profile ""); COMP_CWORD=3; _cordon
  printf "%s\n" "${COMPREPLY[@]}"' >"$work/completion" || fail "the bash completion does not load"
grep -qx air-gapped "$work/completion" && grep -qx zero-trust "$work/completion" ||
  fail "the bash completion does not offer the installed profiles: $(cat "$work/completion")"

# Removal leaves nothing of the package's files.
in_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y cordon >"$work/apt-remove.log" 2>&1 ||
  fail "apt-get remove cordon failed"
[ ! -e "$root/usr/bin/cordon" ] && [ ! -e "$root/usr/share/cordon/rules/packs" ] ||
  fail "files left after apt-get remove"
echo "PASS: ${deb##*/} installs with apt-get in a fresh Debian 12 and works from /usr/bin"
