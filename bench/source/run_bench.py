#!/usr/bin/env python3
"""cordon scan --compdb against clang -fsyntax-only on a real C++ code base.

The code base is JUCE 7 (Debian's juce-modules-source-data: the C++ framework
many audio tools and games build on): nine modules that need no system
library headers, about 180,000 lines, parsed as their unity translation
units. The package is fetched with `apt-get download` into the work
directory (no install) unless --juce points at an unpacked modules folder.

Both tools get the same compile database and the same parallelism (-j). The
script prints both wall-clock times, the ratio (the issue asks for <= 1.5)
and each side's peak RSS (per process: clang's largest unit, cordon's one
process), and exits 1 when the ratio is over the limit.
"""
import argparse
import glob
import json
import os
import shlex
import subprocess
import sys
import time

MODULES = ["juce_core", "juce_events", "juce_data_structures", "juce_cryptography",
           "juce_audio_basics", "juce_dsp", "juce_osc", "juce_analytics", "juce_box2d"]
FLAGS = ["-std=c++17", "-DJUCE_GLOBAL_MODULE_SETTINGS_INCLUDED=1", "-DJUCE_USE_CURL=0",
         "-DJUCE_WEB_BROWSER=0", "-DJUCE_STANDALONE_APPLICATION=1"]
LIMIT = 1.5


def fetch_juce(work):
    modules = os.path.join(work, "root", "usr", "share", "juce", "modules")
    if os.path.isdir(modules):
        return modules
    os.makedirs(work, exist_ok=True)
    subprocess.run(["apt-get", "download", "juce-modules-source-data"], cwd=work, check=True,
                   stdout=subprocess.DEVNULL)
    deb = sorted(glob.glob(os.path.join(work, "juce-modules-source-data_*.deb")))[-1]
    subprocess.run(["dpkg-deb", "-x", deb, os.path.join(work, "root")], check=True)
    return modules


def count_lines(modules):
    total = 0
    for module in MODULES:
        for path in glob.glob(os.path.join(modules, module, "**", "*"), recursive=True):
            if path.endswith((".h", ".cpp", ".c")):
                with open(path, "rb") as handle:
                    total += handle.read().count(b"\n")
    return total


def write_database(work, modules):
    entries = []
    for module in MODULES:
        source = os.path.join(modules, module, module + ".cpp")
        entries.append({"directory": work, "file": source,
                        "arguments": ["/usr/bin/c++", *FLAGS, "-I" + modules, "-c", source,
                                      "-o", module + ".o"]})
    path = os.path.join(work, "compile_commands.json")
    with open(path, "w") as handle:
        json.dump(entries, handle, indent=1)
    return path, entries


def wait_all(processes):
    """Waits for every process; returns the largest max RSS (KiB) and failures."""
    peak, failed = 0, 0
    for process in processes:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = max(peak, usage.ru_maxrss)
        failed += process.returncode != 0
    return peak, failed


def run_clang(clang, entries, jobs):
    """clang -fsyntax-only per entry, at most `jobs` at a time."""
    started = time.monotonic()
    pending = list(entries)
    running, peak, failed = [], 0, 0
    while pending or running:
        while pending and len(running) < jobs:
            entry = pending.pop(0)
            args = [a for a in entry["arguments"][1:] if a != "-c"]
            out = args.index("-o")
            del args[out:out + 2]
            running.append(subprocess.Popen([clang, "-fsyntax-only", *args],
                                            cwd=entry["directory"], stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL))
        pid, status, usage = os.wait4(-1, 0)
        peak = max(peak, usage.ru_maxrss)
        failed += os.waitstatus_to_exitcode(status) != 0
        running = [p for p in running if p.pid != pid]
    return time.monotonic() - started, peak, failed


def run_cordon(command):
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, _ = wait_all([process])
    seconds = time.monotonic() - started
    return seconds, peak, process.returncode, process.stderr.read().decode(errors="replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cordon", help="the cordon executable (scan --compdb)")
    parser.add_argument("--frontend", help="source_frontend_bench instead of cordon")
    parser.add_argument("--clang", default="clang++-14")
    parser.add_argument("--work", default=os.path.join(os.getcwd(), "bench-source-work"))
    parser.add_argument("--juce", help="an unpacked JUCE modules folder")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    options = parser.parse_args()
    if not options.cordon and not options.frontend:
        parser.error("give --cordon or --frontend")

    work = os.path.abspath(options.work)
    modules = options.juce or fetch_juce(work)
    database, entries = write_database(work, modules)
    lines = count_lines(modules)

    clang_seconds, clang_rss, clang_failed = run_clang(options.clang, entries, options.jobs)
    if options.cordon:
        command = [options.cordon, "scan", "--compdb", database, "-j", str(options.jobs),
                   "--format", "json", "-o", os.devnull, "--fail-on", "never"]
    else:
        command = [options.frontend, database, "-j", str(options.jobs)]
    cordon_seconds, cordon_rss, cordon_status, cordon_err = run_cordon(command)

    ratio = cordon_seconds / clang_seconds if clang_seconds > 0 else float("inf")
    name = "cordon scan --compdb" if options.cordon else "source front end"
    print(f"code base: JUCE 7 modules ({len(entries)} units, {lines} lines), -j {options.jobs}")
    print(f"clang -fsyntax-only : {clang_seconds:8.2f} s  peak RSS {clang_rss / 1024:8.1f} MiB"
          f"  ({clang_failed} units failed)")
    print(f"{name:20s}: {cordon_seconds:8.2f} s  peak RSS {cordon_rss / 1024:8.1f} MiB"
          f"  (exit {cordon_status})")
    print(f"ratio               : {ratio:8.2f}  (limit {LIMIT})")
    if cordon_status not in (0, 1):
        print(cordon_err.strip(), file=sys.stderr)
        return 2
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
