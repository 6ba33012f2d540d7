#!/usr/bin/env python3
"""Fixture coverage of pack entries: scans tests/fixtures/rules/sdk-names
(small sources calling SDK names the way titles do) with `cordon scan
--compdb` and checks that every `source api -> sink api` pair of its
expected.txt is an exfiltration-path finding. A misspelled name, a wrong
argument index or a lost entry leaves its pair unfound."""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--fixtures", required=True)
    args = parser.parse_args()
    fixtures = os.path.abspath(args.fixtures)
    sources = sorted(f for f in os.listdir(fixtures) if f.endswith((".c", ".cpp")))
    with tempfile.TemporaryDirectory() as work:
        database = []
        for name in sources:
            compiler = ["c++", "-std=c++17"] if name.endswith(".cpp") else ["cc", "-std=c11"]
            database.append({"directory": fixtures, "file": os.path.join(fixtures, name),
                             "arguments": compiler + ["-c", name, "-o", os.path.join(work, name + ".o")]})
        with open(os.path.join(work, "compile_commands.json"), "w") as out:
            json.dump(database, out)
        run = subprocess.run([args.cordon, "scan", "--compdb", work, "--format", "json",
                              "--fail-on", "never"], capture_output=True, text=True, timeout=240)
    if run.returncode != 0:
        print(f"FAIL: cordon scan exited {run.returncode}\n{run.stderr}")
        return 1
    report = json.loads(run.stdout)
    bad = [t for t in report["targets"] if t["status"] != "ok"]
    if bad:
        print(f"FAIL: targets not scanned: {bad}")
        return 1
    found = set()
    for finding in report["findings"]:
        if finding["kind"] == "exfiltration-path" and finding["source"] and finding["sink"]:
            found.add((finding["source"]["api"], finding["sink"]["api"]))
    missing = []
    with open(os.path.join(fixtures, "expected.txt")) as expected:
        for line in expected:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            api, sink = (part.strip() for part in line.split("->"))
            if (api, sink) not in found:
                missing.append(line)
    for line in missing:
        print(f"FAIL: no finding {line}")
    if missing:
        print("found:", *sorted(f"{a} -> {r}" for a, r in found), sep="\n  ")
        return 1
    print(f"ok: {len(found)} source/sink pairs found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
