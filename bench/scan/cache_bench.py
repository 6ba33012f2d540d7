#!/usr/bin/env python3
"""`cordon scan --cache DIR`: what a rescan costs.

Usage: bench/scan/cache_bench.py BUILD_DIR [--cache DIR] [--tree DIR]

A build tree (default: every ELF file of the Debian games that
scripts/fetch-debian-games.sh fetches, copied into a temporary directory) is
scanned four times in one run: without --cache (the peer: what every scan
costs today), with an empty cache, again unchanged, and after one binary
changed (a byte appended to the largest). Prints the wall times, the
speed-ups against the first cached scan (issue 15's target: a rescan of an
unchanged tree at least 20x faster) and checks the reports are identical to
the uncached one. Nothing fetched is run.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FETCH = os.path.normpath(os.path.join(HERE, "..", "..", "scripts", "fetch-debian-games.sh"))


def scan(cordon, tree, cache, env):
    cmd = [cordon, "scan", "--format", "json", "--fail-on", "never"]
    if cache:
        cmd += ["--cache", cache]
    begin = time.monotonic()
    proc = subprocess.run(cmd + [tree], capture_output=True, check=False, env=env)
    wall = time.monotonic() - begin
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} exited {proc.returncode}: {proc.stderr[:500]!r}")
    return wall, proc.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build_dir")
    parser.add_argument("--cache", help="debian-games cache (default BUILD_DIR/debian-games)")
    parser.add_argument("--tree", help="scan this directory instead of the Debian games")
    args = parser.parse_args()
    cordon = os.path.join(args.build_dir, "bin", "cordon")
    if not os.access(cordon, os.X_OK):
        sys.exit(f"bench: {cordon}: no cordon executable (build the 'cordon' target)")
    env = dict(os.environ)
    env.pop("CORDON_REPORT_TIMES", None)  # reports comparable byte for byte
    with tempfile.TemporaryDirectory(prefix="cordon-cache-bench-") as tmp:
        tree = os.path.join(tmp, "tree")
        if args.tree:
            shutil.copytree(args.tree, tree, symlinks=True)
        else:
            games = args.cache or os.path.join(args.build_dir, "debian-games")
            proc = subprocess.run([FETCH, games], capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                sys.exit(f"bench: {FETCH} exited {proc.returncode}: the games are needed")
            for line in proc.stdout.splitlines():
                package, _, path = line.partition(" ")
                dest = os.path.join(tree, package.replace(":", "."), os.path.basename(path))
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                if not os.path.exists(dest):
                    shutil.copy(path, dest)
        files = [os.path.join(d, f) for d, _, fs in os.walk(tree) for f in fs]
        total = sum(os.path.getsize(f) for f in files)
        print(f"cordon: {cordon}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")
        print(f"tree: {len(files)} files, {total / 1048576:.1f} MB\n")
        cache = os.path.join(tmp, "cache")
        plain, want = scan(cordon, tree, None, env)
        first, report = scan(cordon, tree, cache, env)
        same = report == want
        again, report = scan(cordon, tree, cache, env)
        same = same and report == want
        largest = max(files, key=os.path.getsize)
        largest_mb = os.path.getsize(largest) / 1048576
        with open(largest, "ab") as stream:
            stream.write(b"\0")
        one, _ = scan(cordon, tree, cache, env)
        entries = sum(os.path.getsize(os.path.join(cache, f)) for f in os.listdir(cache))
    print(f"  no cache                       : {plain:7.2f} s")
    print(f"  empty cache (analyse, store)   : {first:7.2f} s  ({first / plain:.2f}x the uncached)")
    print(f"  unchanged rescan               : {again:7.2f} s  (speed-up {first / again:.1f}x; "
          f"target >= 20x: {'ok' if first / again >= 20 else 'MISSED'})")
    print(f"  one binary changed ({largest_mb:.1f} MB)  : {one:7.2f} s")
    print(f"  cache size                     : {entries / 1024:.0f} KiB")
    print(f"  reports identical to the uncached scan: {'yes' if same else 'NO'}")
    sys.exit(0 if same and first / again >= 20 else 1)


if __name__ == "__main__":
    main()
