#!/usr/bin/env python3
"""Function discovery without unwind tables, on a real Debian game executable.

  stripped_unwind.py --cordon BIN --fetch SCRIPT --cache DIR --game NAME

Fetches the game (scripts/fetch-debian-games.sh; exit 77 without a mirror),
removes .eh_frame and .eh_frame_hdr with objcopy, and scans both files. The
stripped scan must analyse at least 90% of the instructions `objdump -d`
finds in the original and at least 90% of its code bytes, and give the same
HIGH and CRITICAL findings as the original (by kind, rule, severity, source,
sink and endpoints: function names and ids may differ where a function's
bounds do). Lower findings that differ are printed, not failed: a callgraph
lead names the first of equally short call chains, which may change with
the functions' bounds (ioq3ded's getpwuid lead reaches getaddrinfo or, as
short, gethostbyname through NET_OpenSocks: both real).
Nothing fetched is ever run.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def fail(game, message):
    print(f"real.stripped.{game}: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def fetch(args):
    proc = subprocess.run([args.fetch, args.cache, args.game], capture_output=True, text=True,
                          timeout=600, check=False)
    sys.stderr.write(proc.stderr)
    if proc.returncode == 3:
        print("SKIP: the Debian package could not be fetched", file=sys.stderr)
        sys.exit(SKIP)
    if proc.returncode != 0:
        fail(args.game, f"{args.fetch} exited {proc.returncode}")
    for line in proc.stdout.splitlines():
        package, _, path = line.partition(" ")
        if package == args.game:
            return path
    fail(args.game, "the fetch printed no path")
    return None


def objdump_instructions(path):
    """Instructions `objdump -d` decodes (executable sections, padding included)."""
    proc = subprocess.Popen(["objdump", "-d", "--no-show-raw-insn", path],
                            stdout=subprocess.PIPE)
    count = 0
    for line in proc.stdout:
        # --no-show-raw-insn: "  401000:\tpush   %rbp"
        if re.match(rb"^\s+[0-9a-f]+:\t\S", line):
            count += 1
    proc.wait()
    return count


def scan(cordon, path):
    proc = subprocess.run([cordon, "scan", "--format", "json", "--fail-on", "never", path],
                          capture_output=True, timeout=600, check=False)
    if proc.returncode != 0:
        return None, proc.stderr.decode(errors="replace")
    return json.loads(proc.stdout), None


GATING = ("high", "critical")


def verdicts(report, gating):
    """The findings as a reviewer decides on them, independent of function bounds."""
    out = set()
    for f in report["findings"]:
        if (f["severity"] in GATING) != gating:
            continue
        source = f["source"] or {}
        sink = f["sink"] or {}
        out.add((f["kind"], f["rule"], f["severity"], source.get("api"), sink.get("api"),
                 sink.get("rule"), tuple(sorted(f["endpoints"])), f["allowed"]))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--fetch", required=True)
    parser.add_argument("--cache", required=True)
    parser.add_argument("--game", required=True)
    args = parser.parse_args()
    if shutil.which("objcopy") is None or shutil.which("objdump") is None:
        print("SKIP: binutils (objcopy, objdump) are not installed")
        return SKIP
    exe = fetch(args)
    with tempfile.TemporaryDirectory(prefix="cordon-stripped-") as tmp:
        stripped = os.path.join(tmp, os.path.basename(exe))
        subprocess.run(["objcopy", "--remove-section", ".eh_frame", "--remove-section",
                        ".eh_frame_hdr", exe, stripped], check=True)
        original, error = scan(args.cordon, exe)
        if original is None:
            fail(args.game, f"the original did not scan: {error}")
        bare, error = scan(args.cordon, stripped)
        if bare is None:
            fail(args.game, f"the stripped copy did not scan: {error}")
        objdump = objdump_instructions(exe)
    stats = bare["targets"][0]["stats"]
    kept = original["targets"][0]["stats"]
    print(f"real.stripped.{args.game}: objdump -d {objdump} instructions; original "
          f"{kept['functions']} functions, {kept['instructions']} instructions, "
          f"{kept['covered_bytes']}/{kept['code_bytes']} bytes; without unwind tables "
          f"{stats['functions']} functions, {stats['instructions']} instructions, "
          f"{stats['covered_bytes']}/{stats['code_bytes']} bytes")
    if stats["instructions"] < 0.9 * objdump:
        fail(args.game, f"{stats['instructions']} instructions, under 90% of objdump's {objdump}")
    if stats["covered_bytes"] < 0.9 * stats["code_bytes"]:
        fail(args.game, f"covered {stats['covered_bytes']} of {stats['code_bytes']} code bytes")
    if bare["targets"][0]["warnings"]:
        fail(args.game, f"warnings: {bare['targets'][0]['warnings']}")
    want, got = verdicts(original, False), verdicts(bare, False)
    if want != got:
        print(f"real.stripped.{args.game}: note: lower findings differ: only in the original "
              f"{sorted(want - got)}; only without unwind tables {sorted(got - want)}")
    want, got = verdicts(original, True), verdicts(bare, True)
    if want != got:
        fail(args.game, f"HIGH/CRITICAL findings differ: only in the original "
                        f"{sorted(want - got)}; only without unwind tables {sorted(got - want)}")
    print(f"real.stripped.{args.game}: ok, coverage {stats['covered_bytes'] / stats['code_bytes']:.1%}, "
          f"{len(got)} HIGH/CRITICAL findings as in the original")
    return 0


if __name__ == "__main__":
    sys.exit(main())
