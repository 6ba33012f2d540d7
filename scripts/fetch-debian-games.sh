#!/bin/sh
# Fetches real Debian game packages with `apt-get download` and unpacks only
# their ELF files (executables and the shared objects shipped beside them)
# with `dpkg-deb -x` into a cache, for `cordon scan` tests and benchmarks on
# binaries nobody here wrote. No data package is fetched: the scanner needs
# the code only.
#
#   scripts/fetch-debian-games.sh [--runtime] [CACHE_DIR] [PACKAGE[:ARCH]...]
#
# CACHE_DIR defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/cordon/debian-games.
# PACKAGE defaults to every game below, for the host's architecture.
# PACKAGE:ARCH (e.g. minetest-server:arm64) fetches the build of another
# Debian architecture, for scanning only: apt reads that architecture's
# package index into CACHE_DIR/.apt-ARCH (its own lists, cache and an empty
# status file), so the host's dpkg and apt configuration stay untouched (no
# `dpkg --add-architecture`). Layout of the cache:
#
#   CACHE_DIR/<package>/usr/...     the package's ELF files at their
#                                   installed paths (nothing else)
#   CACHE_DIR/<package>/.version    the Debian version unpacked there
#   CACHE_DIR/<package>/.elf-files  the ELF files' paths in the directory
#   CACHE_DIR/<package>:<arch>/...  the same for another architecture
#
# --runtime (for `cordon run` tests of the servers, not for scanning): also
# unpacks what teeworlds-server and minetest-server need to start from the
# cache (and the teeworlds and openttd clients): their data packages (maps,
# Lua builtin and games, graphics) under the same
# CACHE_DIR/<package>/usr/share/..., the shared libraries Debian 12 hosts
# lack (LuaJIT, LevelDB with Snappy, libspatialindex) in CACHE_DIR/<package>/runtime-lib
# (use it as LD_LIBRARY_PATH), and links at the places each binary searches
# for its data relative to itself. Other games have no runtime recipe.
#
# Standard output: one line per game, "<package> <absolute path of its main
# executable>", then every other ELF file unpacked, in the same form; with
# --runtime also "<package>:lib <dir>" and "<package>:data <dir>".
# Messages go to standard error.
#
# Idempotent: a package whose .version stamp and main executable are already
# in the cache is neither downloaded nor unpacked again, so a filled cache
# works without any network. `apt-get update` runs only when apt-cache does
# not know a package. Concurrent runs on one cache serialise on a lock file.
#
# Exit status: 0 done; 2 bad usage; 3 apt could not fetch a package (no
# route to the Debian mirror, unknown package): tests turn this one into a
# skip; 1 anything else (a broken .deb, a missing tool, a full disk).
#
# Security: nothing fetched is ever run here. Whoever runs these programs
# later must do it inside a network namespace (`unshare -n` or
# `cordon run --profile air-gapped`): they announce themselves to master
# servers and upload reports. tests/e2e/realrun/ runs the two servers under
# `cordon run` inside a network namespace of its own, with only loopback.
set -eu

# package:main executable (path inside the package).
GAMES="0ad:usr/games/pyrogenesis
minetest-server:usr/lib/minetest/minetestserver
teeworlds-server:usr/games/teeworlds-server
teeworlds:usr/games/teeworlds
supertuxkart:usr/games/supertuxkart
freeciv-server:usr/games/freeciv-server
bzflag-server:usr/games/bzfs
xmoto:usr/games/xmoto
megaglest:usr/games/megaglest
armagetronad-dedicated:usr/games/armagetronad-dedicated.real
ioquake3-server:usr/lib/ioquake3/ioq3ded
pokerth-server:usr/games/pokerth_server
redeclipse-server:usr/lib/games/redeclipse/redeclipse-server
openttd:usr/games/openttd"

die() {
  code=$1
  shift
  echo "fetch-debian-games: error: $*" >&2
  exit "$code"
}

note() { echo "fetch-debian-games: $*" >&2; }

usage() {
  echo "usage: fetch-debian-games.sh [--runtime] [CACHE_DIR] [PACKAGE...]" >&2
  echo "packages: $(echo "$GAMES" | cut -d: -f1 | tr '\n' ' ')" >&2
  exit 2
}

main_exe_of() {
  echo "$GAMES" | awk -F: -v p="${1%%:*}" '$1 == p { print $2 }'
}

# The architecture part of PACKAGE:ARCH, empty for the host's.
arch_of() {
  case "$1" in
    *:*) echo "${1#*:}" ;;
    *) echo "" ;;
  esac
}

is_elf() {
  # The four magic bytes \177ELF; od is in coreutils, file(1) may be absent.
  [ -f "$1" ] && [ ! -L "$1" ] && [ "$(od -An -c -N4 "$1" 2>/dev/null | tr -d ' ')" = '177ELF' ]
}

# package:extra Debian packages it needs to start (--runtime): the servers,
# and the clients tests/e2e/realrun/client_test.py runs on a display.
RUNTIME="teeworlds-server:teeworlds-data
minetest-server:minetest-data libluajit-5.1-2 libleveldb1d libsnappy1v5 libspatialindex6
teeworlds:teeworlds-data
openttd:openttd-data openttd-opengfx"

runtime=no
case "${1:-}" in
  -h | --help) usage ;;
  --runtime)
    runtime=yes
    shift
    ;;
  -*) usage ;;
esac

cache=""
if [ $# -gt 0 ] && [ -z "$(main_exe_of "$1")" ]; then
  cache=$1
  shift
fi
[ -n "$cache" ] || cache=${XDG_CACHE_HOME:-$HOME/.cache}/cordon/debian-games
packages=$*
[ -n "$packages" ] || packages=$(echo "$GAMES" | cut -d: -f1)
for p in $packages; do
  [ -n "$(main_exe_of "$p")" ] || { echo "fetch-debian-games: unknown game package '$p'" >&2; usage; }
  case "$(arch_of "$p")" in
    '' | [a-z]*[a-z0-9]) ;;
    *) echo "fetch-debian-games: bad architecture in '$p'" >&2; usage ;;
  esac
  if [ "$runtime" = yes ] && [ -n "$(arch_of "$p")" ]; then
    echo "fetch-debian-games: --runtime is for host builds, not '$p'" >&2
    usage
  fi
done

for tool in apt-get apt-cache dpkg-deb flock od; do
  command -v "$tool" >/dev/null 2>&1 || die 1 "'$tool' not found (install apt, dpkg and util-linux)"
done

mkdir -p "$cache" || die 1 "cannot create cache directory '$cache'"
cache=$(cd "$cache" && pwd)

# One fetch at a time per cache: CTest runs the real-title tests in parallel.
exec 9>"$cache/.lock"
flock 9

# apt-get as root downloads as the unprivileged _apt user, which cannot write
# into a private temporary directory; download as root then (no code runs).
apt_opts="-o Acquire::Retries=0 -o Acquire::http::Timeout=30 -q"
[ "$(id -u)" != 0 ] || apt_opts="$apt_opts -o APT::Sandbox::User=root"

# apt options for PACKAGE[:ARCH]: another architecture gets an apt state of
# its own in the cache (lists, archives, an empty dpkg status).
apt_arch_opts() {
  arch=$(arch_of "$1")
  [ -n "$arch" ] || return 0
  state=$cache/.apt-$arch
  mkdir -p "$state/lists/partial" "$state/cache/archives/partial" || die 1 "cannot create '$state'"
  echo "-o APT::Architecture=$arch -o APT::Architectures::=$arch -o Dir::State::Lists=$state/lists \
-o Dir::Cache=$state/cache -o Dir::State::status=/dev/null"
}

updated=""
ensure_known() {
  arch_opts=$(apt_arch_opts "$1")
  name=${1%%:*}
  # shellcheck disable=SC2086
  apt-cache $arch_opts show "$name" >/dev/null 2>&1 && return 0
  arch=$(arch_of "$1")
  if [ -n "$arch" ]; then
    # Another architecture's index lives in the cache: no root needed.
    case " $updated " in *" $arch "*) ;; *)
      updated="$updated $arch"
      note "reading the Debian package index for $arch into $cache/.apt-$arch"
      # shellcheck disable=SC2086
      apt-get $apt_opts $arch_opts update >&2 || die 3 "apt-get update ($arch) failed: no route to the Debian mirror?"
      ;;
    esac
    # shellcheck disable=SC2086
    apt-cache $arch_opts show "$name" >/dev/null 2>&1 || die 3 "no Debian package '$1' in the configured apt sources"
    return 0
  fi
  case " $updated " in *" host "*) ;; *)
    updated="$updated host"
    note "apt does not know '$1'; running apt-get update"
    if [ "$(id -u)" = 0 ]; then
      # shellcheck disable=SC2086
      apt-get $apt_opts update >&2 || die 3 "apt-get update failed: no route to the Debian mirror?"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      # shellcheck disable=SC2086
      sudo -n apt-get $apt_opts update >&2 || die 3 "apt-get update failed: no route to the Debian mirror?"
    else
      die 3 "apt does not know '$1' and apt-get update needs root"
    fi
    ;;
  esac
  apt-cache show "$1" >/dev/null 2>&1 || die 3 "no Debian package '$1' in the configured apt sources"
}

# download PACKAGE DIR: one .deb of PACKAGE into DIR; prints its path. Runs
# in a command substitution, so callers call ensure_known first (it records
# that apt-get update already ran).
download() {
  note "downloading $1"
  arch_opts=$(apt_arch_opts "$1")
  # shellcheck disable=SC2086
  if ! (cd "$2" && apt-get $apt_opts $arch_opts download "${1%%:*}" >&2); then
    die 3 "apt-get download $1 failed: no route to the Debian mirror?"
  fi
  found=$(ls "$2/${1%%:*}"_*.deb 2>/dev/null | head -n 1)
  [ -n "$found" ] || die 3 "apt-get download $1 produced no .deb"
  echo "$found"
}

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

# The library packages (lib*) PACKAGE depends on, recursively, that dpkg has
# not installed here: the server must start on a machine that lacks them
# (libpq5 for minetest-server on a fresh Debian), whatever this one has.
missing_libs() {
  todo=$1
  seen=" $1 "
  while [ -n "$todo" ]; do
    next=""
    for p in $todo; do
      for d in $(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
        --no-replaces --no-enhances "$p" 2>/dev/null |
        awk '$1 == "Depends:" || $1 == "|Depends:" { print $2 }' | sed 's/:any$//' | grep '^lib'); do
        case "$seen" in *" $d "*) continue ;; esac
        seen="$seen$d "
        installed "$d" && continue
        echo "$d"
        next="$next $d"
      done
    done
    todo=$next
  done
}

fetch_runtime() {
  pkg=$1
  extras=$(echo "$RUNTIME" | awk -F: -v p="$pkg" '$1 == p { print $2 }')
  [ -n "$extras" ] || return 0
  dest=$cache/$pkg
  [ -f "$dest/.runtime" ] && [ "$(head -n 1 "$dest/.runtime")" = "$extras" ] && return 0
  listed=$extras
  ensure_known "$pkg"
  for lib in $(missing_libs "$pkg"); do
    case " $extras " in *" $lib "*) ;; *) extras="$extras $lib" ;; esac
  done
  work=$(mktemp -d "$cache/.runtime-$pkg.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT INT TERM
  mkdir -p "$dest/runtime-lib"
  for extra in $extras; do
    ensure_known "$extra"
    deb=$(download "$extra" "$work")
    case "$extra" in
      lib*)
        dpkg-deb -x "$deb" "$work/lib-root" || die 1 "$deb: dpkg-deb -x failed"
        find "$work/lib-root" \( -type f -o -type l \) -name '*.so*' -exec cp -P {} "$dest/runtime-lib/" \;
        ;;
      *) dpkg-deb -x "$deb" "$dest" || die 1 "$deb: dpkg-deb -x failed" ;;
    esac
  done
  # Where each game looks for its data relative to its own binary
  # (teeworlds: <bindir>/data; minetest: <bindir>/../share/minetest;
  # openttd: baseset/, lang/, ai/, game/ and scripts/ beside the binary).
  case "$pkg" in
    teeworlds-server | teeworlds) ln -sfn ../share/games/teeworlds/data "$dest/usr/games/data" ;;
    openttd)
      for sub in ai baseset game lang scripts; do
        ln -sfn "../share/games/openttd/$sub" "$dest/usr/games/$sub"
      done
      ;;
    minetest-server)
      mkdir -p "$dest/usr/lib/share"
      ln -sfn ../../share/games/minetest "$dest/usr/lib/share/minetest"
      ;;
  esac
  printf '%s\n%s\n' "$listed" "$extras" >"$dest/.runtime"
  rm -rf "$work"
  trap - EXIT INT TERM
  note "$pkg runtime ($extras) unpacked into $dest"
}

fetch_one() {
  pkg=$1
  main=$(main_exe_of "$pkg")
  dest=$cache/$pkg
  if [ -f "$dest/.version" ] && is_elf "$dest/$main"; then
    note "$pkg $(cat "$dest/.version") already in $dest"
    return 0
  fi
  work=$(mktemp -d "$cache/.fetch-$pkg.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT INT TERM
  ensure_known "$pkg"
  deb=$(download "$pkg" "$work")
  version=$(dpkg-deb -f "$deb" Version) || die 1 "$deb: not a Debian package"
  dpkg-deb -x "$deb" "$work/root" || die 1 "$deb: dpkg-deb -x failed"
  # Keep the ELF files only, at their installed paths.
  rm -rf "$dest"
  mkdir -p "$dest"
  (cd "$work/root" && find . -type f) | while IFS= read -r f; do
    if is_elf "$work/root/$f"; then
      mkdir -p "$dest/$(dirname "$f")"
      mv "$work/root/$f" "$dest/$f"
    fi
  done
  is_elf "$dest/$main" || die 1 "$pkg $version holds no ELF file at $main"
  (cd "$dest" && find . -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort) >"$dest/.elf-files"
  echo "$version" >"$dest/.version"
  rm -rf "$work"
  trap - EXIT INT TERM
  note "$pkg $version unpacked into $dest"
}

for p in $packages; do
  fetch_one "$p"
  [ "$runtime" = no ] || fetch_runtime "$p"
done

for p in $packages; do
  echo "$p $cache/$p/$(main_exe_of "$p")"
done
for p in $packages; do
  main=$(main_exe_of "$p")
  # With --runtime the package directory also holds data; list ELF files
  # only. Testing each file takes a process (od): a client's thousands of
  # data files took 45 s, so the list is kept in .elf-files once made.
  if [ ! -f "$cache/$p/.elf-files" ]; then
    (cd "$cache/$p" && find . -type f ! -name '.*' ! -path './runtime-lib/*' | sed 's|^\./||' |
      LC_ALL=C sort) |
      while IFS= read -r f; do
        ! is_elf "$cache/$p/$f" || echo "$f"
      done >"$cache/$p/.elf-files.tmp"
    mv "$cache/$p/.elf-files.tmp" "$cache/$p/.elf-files"
  fi
  while IFS= read -r f; do
    [ "$f" = "$main" ] || echo "$p $cache/$p/$f"
  done <"$cache/$p/.elf-files"
done
if [ "$runtime" = yes ]; then
  for p in $packages; do
    [ -f "$cache/$p/.runtime" ] || continue
    echo "$p:lib $cache/$p/runtime-lib"
    case "$p" in
      teeworlds-server | teeworlds) echo "$p:data $cache/$p/usr/share/games/teeworlds/data" ;;
      openttd) echo "$p:data $cache/$p/usr/share/games/openttd" ;;
      minetest-server) echo "$p:data $cache/$p/usr/share/games/minetest" ;;
    esac
  done
fi
