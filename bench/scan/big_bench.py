#!/usr/bin/env python3
"""`cordon scan` at AAA scale (issue 15): the largest Debian binary, growth
up to it, and a directory of games under -j.

Usage: bench/scan/big_bench.py BUILD_DIR [--big FILE] [--fetch DIR]
                               [--growth FILE...] [--tree DIR] [--skip-big]

1. The largest binary: --big FILE, else Debian's chromium (297 MB, 236 MB of
   .text, nearly no unwind tables) fetched with `apt-get download chromium`
   and unpacked with `dpkg-deb -x` into --fetch DIR (default
   /var/tmp/cordon-bench-big; nothing fetched is run). In the same run, one
   after the other under `nice -n 10`: `objdump -d --no-show-raw-insn` to
   /dev/null and `cordon scan --format json`. Prints both wall and CPU times,
   their ratio (issue 15's target: <= 0.5 for a 300 MB executable), cordon's
   peak RSS (target <= 3 GB), coverage (stats.covered_bytes / code_bytes),
   and the bytes of peak RSS per instruction and per code byte.
2. Growth: the same scan on binaries from ~1 MB of code to the largest (by
   default Debian files every build machine has, libxul from firefox-esr
   when it was fetched beside chromium, and the largest), and the exponent k
   of a least-squares fit seconds ~ code_bytes^k, and of peak RSS.
3. --tree DIR: the directory scanned with -j1 and -jN (N: the CPUs), the
   speed-up, and a check that both JSON reports are byte-identical.

One measurement at a time (the machine may be shared); exit 1 when a target
is missed.
"""
import argparse
import glob
import json
import math
import os
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"
NICE = ["nice", "-n", "10"]
GROWTH = ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/bin/git", "/usr/bin/cmake",
          "/usr/lib/llvm-14/lib/libclang-cpp.so.14", "/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1"]
PACKAGES = {"chromium": "usr/lib/chromium/chromium",
            "firefox-esr": "usr/lib/firefox-esr/libxul.so"}


def timed(cmd, stdout=subprocess.DEVNULL):
    """(wall seconds, peak RSS bytes, CPU seconds) of cmd under GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        full = NICE + [GNU_TIME, "-o", t.name, "-f", "%M %U %S"] + cmd
        begin = time.monotonic()
        proc = subprocess.run(full, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False)
        wall = time.monotonic() - begin
        if proc.returncode not in (0, 1):
            sys.exit(f"bench: {' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
        fields = t.read().split()
    return wall, int(fields[-3]) * 1024, float(fields[-2]) + float(fields[-1])


def scan(cordon, target, tmp, extra=()):
    report = os.path.join(tmp, "report.json")
    wall, rss, cpu = timed([cordon, "scan", "--quiet", "--format", "json", "-o", report,
                            "--fail-on", "never", *extra, target])
    with open(report, encoding="utf-8") as f:
        data = json.load(f)
    return wall, rss, cpu, data


def fetch(directory):
    """The chromium (and libxul) files, fetched and unpacked when missing."""
    os.makedirs(directory, exist_ok=True)
    found = {}
    for package, inner in PACKAGES.items():
        path = os.path.join(directory, package, inner)
        if not os.path.exists(path):
            subprocess.run(["apt-get", "download", package], cwd=directory, check=True,
                           stdout=subprocess.DEVNULL)
            debs = sorted(glob.glob(os.path.join(directory, f"{package}_*.deb")))
            subprocess.run(["dpkg-deb", "-x", debs[-1], os.path.join(directory, package)],
                           check=True)
            for deb in debs:
                os.unlink(deb)
        found[package] = path
    return found


def mb(n):
    return n / 1048576


def versus_objdump(cordon, big, tmp):
    obj_wall, obj_rss, obj_cpu = timed(["objdump", "-d", "--no-show-raw-insn", big])
    wall, rss, cpu, data = scan(cordon, big, tmp)
    t = data["targets"][0]
    if t["status"] != "ok":
        sys.exit(f"bench: cordon could not scan {big}: {t['error']}")
    st = t["stats"]
    insn, code, covered = st["instructions"], st["code_bytes"], st["covered_bytes"]
    ratio = wall / obj_wall
    print(f"{big}: {mb(os.path.getsize(big)):.0f} MB file, {mb(code):.1f} MB of code, "
          f"{insn} instructions, {st['functions']} functions")
    print(f"  objdump -d --no-show-raw-insn : {obj_wall:7.1f} s wall, {obj_cpu:7.1f} s CPU, "
          f"{mb(obj_rss):6.0f} MB peak")
    print(f"  cordon scan --format json     : {wall:7.1f} s wall, {cpu:7.1f} s CPU, "
          f"{mb(rss):6.0f} MB peak")
    print(f"  ratio cordon / objdump        : {ratio:7.2f} wall, {cpu / obj_cpu:.2f} CPU "
          f"(target <= 0.50: {'ok' if ratio <= 0.5 else 'MISSED'})")
    print(f"  peak RSS                      : {rss / 2**30:7.2f} GiB (target <= 3 GiB: "
          f"{'ok' if rss <= 3 * 2**30 else 'MISSED'}); {rss / max(insn, 1):.0f} bytes per "
          f"instruction, {rss / max(code, 1):.1f} per code byte")
    print(f"  coverage                      : {100 * covered / max(code, 1):7.2f}% "
          f"({covered} of {code} bytes)")
    return ratio <= 0.5 and rss <= 3 * 2**30, (code, wall, cpu, rss, st, big)


def fit_exponent(points):
    logs = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(logs) < 3:
        return None
    mx = sum(x for x, _ in logs) / len(logs)
    my = sum(y for _, y in logs) / len(logs)
    return sum((x - mx) * (y - my) for x, y in logs) / sum((x - mx) ** 2 for x, _ in logs)


def growth(cordon, files, tmp, known):
    """known: rows already measured (the large binary's scan is not repeated)."""
    rows = list(known)
    for path in files:
        if any(os.path.realpath(r[5]) == os.path.realpath(path) for r in rows):
            continue
        wall, rss, cpu, data = scan(cordon, path, tmp)
        t = data["targets"][0]
        if t["status"] != "ok":
            print(f"  skipped {path}: {t['error']}")
            continue
        rows.append((t["stats"]["code_bytes"], wall, cpu, rss, t["stats"], path))
        print(f"  measured {path}: {wall:.1f} s wall, {cpu:.1f} s CPU, {mb(rss):.0f} MB peak",
              flush=True)
    rows.sort()
    print("\ngrowth with code size (one run each):")
    print(f"  {'code MB':>8} {'insns':>10} {'wall s':>7} {'CPU s':>7} {'s/MB':>6} "
          f"{'RSS MB':>7} {'B/insn':>7} {'cover':>7}  binary")
    for code, wall, cpu, rss, st, path in rows:
        print(f"  {mb(code):8.1f} {st['instructions']:10d} {wall:7.1f} {cpu:7.1f} "
              f"{wall / mb(code):6.2f} {mb(rss):7.0f} {rss / st['instructions']:7.0f} "
              f"{100 * st['covered_bytes'] / code:6.1f}%  {path}")
    k = fit_exponent([(r[0], r[1]) for r in rows])
    k_cpu = fit_exponent([(r[0], r[2]) for r in rows])
    k_mem = fit_exponent([(r[0], r[3]) for r in rows])
    if k is not None:
        print(f"  fit over {len(rows)} binaries, {mb(rows[0][0]):.1f} to {mb(rows[-1][0]):.0f} MB "
              f"of code: wall ~ size^{k:.2f}, CPU ~ size^{k_cpu:.2f}, peak RSS ~ size^{k_mem:.2f} "
              f"(1.00 is linear)")
    return k


def jobs_speedup(cordon, tree, tmp):
    n = os.cpu_count() or 1
    w1, r1, c1, d1 = scan(cordon, tree, tmp, ["-j", "1"])
    j1 = json.dumps(d1, sort_keys=False)
    wn, rn, cn, dn = scan(cordon, tree, tmp, ["-j", str(n)])
    same = j1 == json.dumps(dn, sort_keys=False)
    targets = d1["targets"]
    code = sum(t["stats"]["code_bytes"] for t in targets)
    print(f"\n{tree}: {len(targets)} targets, {mb(code):.0f} MB of code")
    print(f"  -j1 : {w1:7.1f} s wall, {c1:7.1f} s CPU, {mb(r1):6.0f} MB peak")
    print(f"  -j{n} : {wn:7.1f} s wall, {cn:7.1f} s CPU, {mb(rn):6.0f} MB peak; speed-up {w1 / wn:.2f}x; "
          f"reports {'identical' if same else 'DIFFER'}")
    return same


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build_dir")
    parser.add_argument("--big", help="the large binary (default: Debian's chromium, fetched)")
    parser.add_argument("--fetch", default="/var/tmp/cordon-bench-big",
                        help="where chromium and firefox-esr are unpacked")
    parser.add_argument("--growth", nargs="+", metavar="FILE", help="files for the growth fit")
    parser.add_argument("--tree", help="a directory of games for the -j speed-up")
    parser.add_argument("--skip-big", action="store_true", help="no objdump comparison")
    args = parser.parse_args()
    cordon = os.path.join(args.build_dir, "bin", "cordon")
    if not os.access(cordon, os.X_OK):
        sys.exit(f"bench: {cordon}: no cordon executable")
    print(f"cordon: {cordon}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}\n")
    fetched = {} if args.big else fetch(args.fetch)
    big = args.big or fetched["chromium"]
    ok, known = True, []
    with tempfile.TemporaryDirectory(prefix="cordon-big-") as tmp:
        if not args.skip_big:
            met, row = versus_objdump(cordon, big, tmp)
            ok, known = ok and met, [row]
        files = args.growth or [p for p in GROWTH if os.path.exists(p)] + \
            [p for p in (fetched.get("firefox-esr"), big) if p]
        k = growth(cordon, files, tmp, known)
        if k is not None and k > 1.2:
            print(f"growth exponent {k:.2f} is above 1.2: worse than linear")
            ok = False
        if args.tree:
            ok = jobs_speedup(cordon, args.tree, tmp) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
