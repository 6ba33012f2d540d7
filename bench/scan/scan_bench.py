#!/usr/bin/env python3
"""`cordon scan` speed: against objdump on SuperTuxKart, and across sizes.

Usage: bench/scan/run.sh BUILD_DIR [--repeat N] [--cache DIR] [--large]
                          [--versus FILE] [--growth FILE...]

1. On SuperTuxKart's `supertuxkart` (fetched with scripts/fetch-debian-games.sh),
   in the same run and alternating: `objdump -d --no-show-raw-insn` (output to
   /dev/null) and a full `cordon scan --format json` (load, disassemble, lift,
   paths, report). Prints both wall times (best of --repeat), their ratio,
   cordon's peak RSS (GNU time's %M) and throughput (stats.instructions from
   the report / wall seconds). Targets from issue 3: ratio <= 1, RSS < 400 MB.
2. Growth with size: the same scan on binaries from 0.2 to 14 MB of .text
   (sizes from `size -A`), with seconds per MB of .text and the exponent k of
   a least-squares fit seconds ~ size^k (k = 1 is linear).

The report goes to a file in a temporary directory rather than /dev/null so
its stats can be read; writing it costs milliseconds. Nothing fetched is run.
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FETCH = os.path.normpath(os.path.join(HERE, "..", "..", "scripts", "fetch-debian-games.sh"))
GNU_TIME = "/usr/bin/time"

# Host binaries every cordon build machine has (see /work/main/setup), beside
# the fetched games. Missing ones are skipped.
HOST_BINARIES = ["/usr/bin/ninja", "/usr/bin/bash", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
                 "/usr/bin/git", "/usr/bin/cmake"]
LARGE_BINARIES = ["/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1"]


def text_bytes(path):
    out = subprocess.run(["size", "-A", path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if fields and fields[0] == ".text":
            return int(fields[1])
    return 0


def timed(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd under GNU time; returns (wall seconds, peak RSS KiB, cpu seconds)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        full = [GNU_TIME, "-o", t.name, "-f", "%M %U %S"] + cmd
        begin = time.monotonic()
        proc = subprocess.run(full, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False)
        wall = time.monotonic() - begin
        if proc.returncode not in (0, 1):
            sys.exit(f"bench: {' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()}")
        fields = t.read().split()
    rss, user, system = int(fields[-3]), float(fields[-2]), float(fields[-1])
    return wall, rss, user + system


def scan(cordon, target, tmp):
    report = os.path.join(tmp, "report.json")
    wall, rss, cpu = timed([cordon, "scan", "--format", "json", "-o", report, "--fail-on", "never",
                            target])
    with open(report, encoding="utf-8") as f:
        data = json.load(f)
    t = data["targets"][0]
    if t["status"] != "ok":
        sys.exit(f"bench: cordon could not scan {target}: {t['error']}")
    return wall, rss, cpu, t["stats"]


def fetch_games(cache):
    proc = subprocess.run([FETCH, cache], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        sys.exit(f"bench: {FETCH} exited {proc.returncode}: the games are needed")
    games = {}
    for line in proc.stdout.splitlines():
        package, _, path = line.partition(" ")
        games.setdefault(package, path)  # the first line per package is its main executable
    return games


def versus_objdump(cordon, stk, repeat, tmp):
    best_obj = best_scan = math.inf
    rss_max = 0
    cpu_scan = cpu_obj = 0.0
    stats = None
    for _ in range(repeat):
        wall, _, cpu = timed(["objdump", "-d", "--no-show-raw-insn", stk])
        if wall < best_obj:
            best_obj, cpu_obj = wall, cpu
        wall, rss, cpu, stats = scan(cordon, stk, tmp)
        if wall < best_scan:
            best_scan, cpu_scan = wall, cpu
        rss_max = max(rss_max, rss)
    mb = text_bytes(stk) / 1048576
    ratio = best_scan / best_obj
    insn = stats["instructions"]
    print(f"{os.path.basename(stk)}: {os.path.getsize(stk) / 1048576:.1f} MB file, {mb:.1f} MB .text, "
          f"{insn} instructions, {stats['functions']} functions (best of {repeat})")
    print(f"  objdump -d --no-show-raw-insn : {best_obj:7.2f} s wall, {cpu_obj:.2f} s CPU")
    print(f"  cordon scan --format json     : {best_scan:7.2f} s wall, {cpu_scan:.2f} s CPU")
    print(f"  ratio cordon / objdump        : {ratio:7.2f}   (target <= 1.00: "
          f"{'ok' if ratio <= 1.0 else 'MISSED'}); CPU-time ratio {cpu_scan / cpu_obj:.2f}")
    print(f"  cordon peak RSS               : {rss_max / 1024:7.1f} MB (target < 400 MB: "
          f"{'ok' if rss_max < 400 * 1024 else 'MISSED'})")
    print(f"  throughput                    : {insn / best_scan / 1e6:7.2f} M instructions/s "
          f"(report stats.instructions / wall)")
    return ratio <= 1.0 and rss_max < 400 * 1024


def fit_exponent(points):
    """Least-squares slope k of log(y) = k log(x) + c over (x, y) points."""
    logs = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(logs) < 3:
        return None
    mx = sum(x for x, _ in logs) / len(logs)
    my = sum(y for _, y in logs) / len(logs)
    return sum((x - mx) * (y - my) for x, y in logs) / sum((x - mx) ** 2 for x, _ in logs)


def growth(cordon, binaries, repeat, tmp):
    """Prints time and memory against size; returns (time exponent, memory exponent)."""
    rows = []
    for path in binaries:
        size = text_bytes(path)
        if size == 0:
            continue
        best, cpu, rss, stats = math.inf, 0.0, 0, None
        for _ in range(repeat):
            wall, r, c, st = scan(cordon, path, tmp)
            if wall < best:
                best, cpu, stats = wall, c, st
            rss = max(rss, r)
        rows.append((size, best, rss, stats, path, cpu))
    rows.sort()
    print(f"\ngrowth with size (best of {repeat}; seconds per MB of .text should stay flat):")
    print(f"  {'.text MB':>8} {'insns':>9} {'seconds':>8} {'s/MB':>6} {'CPU s':>7} "
          f"{'M insn/s':>8} {'RSS MB':>7}  binary")
    for size, wall, rss, stats, path, cpu in rows:
        mb = size / 1048576
        print(f"  {mb:8.2f} {stats['instructions']:9d} {wall:8.2f} {wall / mb:6.2f} {cpu:7.2f} "
              f"{stats['instructions'] / wall / 1e6:8.2f} {rss / 1024:7.1f}  {path}")
    # Least-squares fit of log(seconds) = k log(size) + c over the binaries of
    # at least 1 MB of .text; below that the fixed start-up (rule packs) dominates.
    big = [row for row in rows if row[0] >= 1 << 20]
    k = fit_exponent([(s, w) for s, w, _, _, _, _ in big])
    if k is None:
        return None, None
    per_mb = [w / (s / 1048576) for s, w, _, _, _, _ in big]
    print(f"  fit over {len(big)} binaries >= 1 MB: seconds ~ size^{k:.2f} "
          f"(1.00 is linear); s/MB from {min(per_mb):.2f} to {max(per_mb):.2f}")
    # Memory: the peak RSS above the smallest scan's (the shared libraries and
    # rule packs every run loads), against size.
    fixed = min(rss for _, _, rss, _, _, _ in rows)
    k_mem = fit_exponent([(s, rss - fixed) for s, _, rss, _, _, _ in big])
    if k_mem is not None:
        per_mb = [(rss - fixed) / 1024 / (s / 1048576) for s, _, rss, _, _, _ in big]
        print(f"  peak RSS above the smallest scan's {fixed / 1024:.0f} MB ~ size^{k_mem:.2f} "
              f"(1.00 is linear); MB per MB of .text from {min(per_mb):.1f} to {max(per_mb):.1f}")
    return k, k_mem


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build_dir")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--cache", help="debian-games cache (default BUILD_DIR/debian-games)")
    parser.add_argument("--large", action="store_true", help="also scan libLLVM-14 (48 MB .text)")
    parser.add_argument("--versus", metavar="FILE",
                        help="compare with objdump on FILE instead of supertuxkart")
    parser.add_argument("--growth", metavar="FILE", nargs="+",
                        help="measure growth on these files instead of the default set")
    args = parser.parse_args()

    cordon = os.path.join(args.build_dir, "bin", "cordon")
    if not os.access(cordon, os.X_OK):
        sys.exit(f"bench: {cordon}: no cordon executable (build the 'cordon' target)")
    for tool in (GNU_TIME, shutil.which("objdump"), shutil.which("size")):
        if not tool or not os.access(tool, os.X_OK):
            sys.exit("bench: needs GNU time (/usr/bin/time, package 'time') and binutils")
    games = fetch_games(args.cache or os.path.join(args.build_dir, "debian-games"))
    print(f"cordon: {cordon}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}\n")
    with tempfile.TemporaryDirectory(prefix="cordon-bench-") as tmp:
        ok = versus_objdump(cordon, args.versus or games["supertuxkart"], args.repeat, tmp)
        if args.growth:
            binaries = args.growth
        else:
            binaries = [p for p in HOST_BINARIES if os.path.exists(p)]
            binaries += [games[g] for g in ("teeworlds-server", "minetest-server", "0ad",
                                            "supertuxkart")]
        if args.large:
            binaries += [p for p in LARGE_BINARIES if os.path.exists(p)]
        k, k_mem = growth(cordon, [os.path.realpath(p) for p in binaries], args.repeat, tmp)
    if k is not None and k > 1.2:
        print(f"growth exponent {k:.2f} is above 1.2: worse than linear")
        ok = False
    if k_mem is not None and k_mem > 1.2:
        print(f"memory growth exponent {k_mem:.2f} is above 1.2: worse than linear")
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
