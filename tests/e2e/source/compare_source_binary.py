#!/usr/bin/env python3
"""Every sample title scanned as source gives the exfiltration paths of its
-O0 binary, and the ones samples/expected.yaml lists for the source variant.

For each title the script writes a compile database holding just that
title's -O0 compile command, taken from the compile_commands.json CMake
wrote for the build (so the flags are the real ones), runs
`cordon scan --compdb` on it and `cordon scan` on the -O0 binary, and
compares the exfiltration-path findings as (source api, sink api, severity)
sets. It also checks the source scan against expected.yaml: the exact set of
(source, sink, severity, allowed) of the title's paths (paths optional in the
source variant may be missing), no path at all for the clean titles, and
every finding's path steps carrying file and line.

Exit status: 0 pass, 1 fail, 77 skip (no PyYAML, or the samples not built).
"""
import argparse
import json
import os
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("SKIP: PyYAML is not installed for this Python")
    sys.exit(77)


def scan(cordon, args):
    run = subprocess.run([cordon, "scan", "--format", "json", "--fail-on", "never", *args],
                         capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise RuntimeError(f"cordon scan {' '.join(args)} exited {run.returncode}: "
                           f"{run.stderr.strip()}")
    return json.loads(run.stdout)


def paths(report):
    return [f for f in report["findings"] if f["kind"] == "exfiltration-path"]


# A callgraph-confidence path is a lead: the profile's `lead` severity
# (medium), a cross-platform one high. Compared as the flow it would be
# proven, so a front end that proves what the other only suspects differs in
# confidence, not in the decision.
PROVEN = {"medium": "high", "high": "critical"}


def key(finding):
    severity = finding["severity"]
    if finding["confidence"] == "callgraph" and not finding["allowed"]:
        severity = PROVEN.get(severity, severity)
    return (finding["source"]["api"], finding["sink"]["api"], severity)


def expected_paths(entry, variant):
    out, optional = set(), set()
    for path in entry.get("paths") or []:
        fields = dict(path)
        fields.update((path.get("override") or {}).get(variant) or {})
        item = (fields["source"], fields["sink"], fields["severity"], fields["allowed"])
        (optional if variant in (path.get("optional_in") or []) else out).add(item)
    return out, optional


def title_database(build_dir, work_dir, title, file):
    with open(os.path.join(build_dir, "compile_commands.json"), encoding="utf-8") as stream:
        entries = json.load(stream)
    mine = [e for e in entries
            if e["file"].endswith("/samples/titles/" + file)
            and f"sample_{title}_O0.dir" in (e.get("command") or " ".join(e.get("arguments", [])))]
    if len(mine) != 1:
        raise RuntimeError(f"{title}: want one -O0 compile command for {file}, found {len(mine)}")
    folder = os.path.join(work_dir, title)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "compile_commands.json"), "w", encoding="utf-8") as stream:
        json.dump(mine, stream, indent=1)
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--title", action="append", help="only these titles")
    args = parser.parse_args()

    with open(args.expected, encoding="utf-8") as stream:
        doc = yaml.safe_load(stream)
    o0 = doc["variants"]["O0"]
    failures = []
    checked = 0
    for title, entry in doc["titles"].items():
        if args.title and title not in args.title:
            continue
        if entry["file"].endswith(".m"):
            continue  # Objective-C titles: Mach-O builds only, no compile database entry
        binary = os.path.join(args.build_dir, o0.format(title=title))
        if not os.path.exists(binary):
            print(f"SKIP: {binary} is not built")
            return 77
        database = title_database(args.build_dir, args.work_dir, title, entry["file"])
        source_report = scan(args.cordon, ["--compdb", database])
        binary_report = scan(args.cordon, [binary])
        from_source = sorted(set(map(key, paths(source_report))))
        from_binary = sorted(set(map(key, paths(binary_report))))
        checked += 1
        # A path expected.yaml marks optional in the O0 binary (an interface
        # call the binary cannot follow) may be found by the source scan alone.
        _, optional_o0 = expected_paths(entry, "O0")
        optional_o0 = {item[:3] for item in optional_o0}
        if sorted(set(from_source) - optional_o0) != sorted(set(from_binary) - optional_o0):
            failures.append(f"{title}: source gives {from_source}, -O0 binary gives {from_binary}")

        want, optional = expected_paths(entry, "source")
        got = {key(f) + (f["allowed"],) for f in paths(source_report)}
        if not want <= got or not got <= want | optional:
            failures.append(f"{title}: source paths {sorted(got)}, expected.yaml wants "
                            f"{sorted(want)} (optional {sorted(optional)})")
        if entry.get("clean") and got:
            failures.append(f"{title}: clean title, yet paths {sorted(got)}")
        for target in source_report["targets"]:
            if target["format"] != "source" or target["arch"] is not None:
                failures.append(f"{title}: target {target['path']} is not format source, arch null")
        for finding in paths(source_report):
            for step in finding["path"]:
                if not step.get("file") or not step.get("line"):
                    failures.append(f"{title}: path step {step} has no file and line")
        print(f"{title}: source {from_source} binary {from_binary}")

    for failure in failures:
        print("FAIL: " + failure)
    print(f"{checked - len({f.split(':')[0] for f in failures})} passed, "
          f"{len({f.split(':')[0] for f in failures})} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
