#!/bin/sh
# Fetches one npm package at a pinned version with `npm pack` (the npm
# registry's own client) and unpacks it into a cache, for `cordon scan` tests
# on native modules nobody here wrote (steamworks.js's N-API modules).
#
#   scripts/fetch-npm-package.sh CACHE_DIR NAME@VERSION SHA256
#
# SHA256 is the packed tarball's digest: a tarball that differs is refused.
# Layout: CACHE_DIR/npm/NAME-VERSION/package/... (the tarball's files) and
# CACHE_DIR/npm/NAME-VERSION/.sha256 once unpacked. Idempotent: an unpacked
# package is not fetched again, so a filled cache works without a network.
# Concurrent runs on one cache serialise on CACHE_DIR/.npm-lock.
#
# Standard output: "NAME@VERSION <absolute path of the package directory>".
# Exit status: 0 done; 2 bad usage; 77 no npm or no registry answered (tests
# skip); 1 anything else (a digest mismatch, a broken tarball, a full disk).
#
# Security: nothing fetched is run here (`npm pack --ignore-scripts` runs no
# install script and installs nothing); cordon only reads the files.
set -eu

if [ $# -ne 3 ]; then
  echo "usage: $0 CACHE_DIR NAME@VERSION SHA256" >&2
  exit 2
fi
cache=$1
spec=$2
want=$3
name=${spec%@*}
version=${spec##*@}
if [ -z "$name" ] || [ -z "$version" ] || [ "$name" = "$spec" ]; then
  echo "$0: NAME@VERSION expected, got $spec" >&2
  exit 2
fi
for tool in tar sha256sum flock; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$0: $tool is missing" >&2
    exit 1
  fi
done

mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
dir="$cache/npm/$(echo "$name" | tr '/' '+')-$version"
exec 9>"$cache/.npm-lock"
flock 9

if [ -f "$dir/.sha256" ] && [ "$(cat "$dir/.sha256")" = "$want" ] && [ -d "$dir/package" ]; then
  echo "$spec $dir/package"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "$0: npm is not installed: cannot fetch $spec" >&2
  exit 77
fi
work=$(mktemp -d "$cache/.npm-fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A private npm cache and no config of the user's: nothing outside CACHE_DIR changes.
if ! (cd "$work" && HOME="$work" npm_config_cache="$work/.npm" \
      timeout 180 npm pack --ignore-scripts --silent "$spec" >"$work/name" 2>"$work/err"); then
  echo "$0: npm pack $spec failed (no registry?):" >&2
  cat "$work/err" >&2
  exit 77
fi
tarball="$work/$(tail -n 1 "$work/name")"
got=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$got" != "$want" ]; then
  echo "$0: $spec: sha256 $got, expected $want" >&2
  exit 1
fi
rm -rf "$dir"
mkdir -p "$dir"
tar -xzf "$tarball" -C "$dir" --no-same-owner --no-same-permissions
echo "$want" >"$dir/.sha256"
echo "$spec $dir/package"
