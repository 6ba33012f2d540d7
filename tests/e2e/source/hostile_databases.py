#!/usr/bin/env python3
"""`cordon scan --compdb` on hostile compile databases: one clear error line
and exit status 2, never a crash; a unit that cannot be parsed is a target
with status error while the other units are still scanned and reported."""
import argparse
import json
import os
import shutil
import subprocess
import sys


def run(cordon, *args):
    return subprocess.run([cordon, "scan", *args], capture_output=True, text=True, timeout=60)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    args.fixtures = os.path.abspath(args.fixtures)
    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    failures = []

    def check(name, condition, detail):
        if not condition:
            failures.append(f"{name}: {detail}")

    def database(name, content):
        folder = os.path.join(args.work_dir, name)
        os.makedirs(folder)
        with open(os.path.join(folder, "compile_commands.json"), "w", encoding="utf-8") as out:
            out.write(content if isinstance(content, str) else json.dumps(content))
        return folder

    # Not JSON, not an array, an entry without its file: exit 2, one line naming the file.
    for name, content, words in [
            ("not_json", "{ this is not json", "not a JSON compile database"),
            ("not_array", '{"directory": "/"}', "the top level is not an array"),
            ("no_file", '[{"directory": "/", "command": "cc -c a.c"}]', "entry 0: missing key 'file'")]:
        folder = database(name, content)
        result = run(args.cordon, "--compdb", folder)
        check(name, result.returncode == 2, f"exit {result.returncode}, want 2")
        lines = result.stderr.strip().splitlines()
        check(name, len(lines) == 1 and "compile_commands.json" in lines[0] and words in lines[0],
              f"stderr {result.stderr!r}")
        check(name, "Traceback" not in result.stderr and "Sanitizer" not in result.stderr,
              "crashed")

    # No database in the directory.
    empty = os.path.join(args.work_dir, "empty")
    os.makedirs(empty)
    result = run(args.cordon, "--compdb", empty)
    check("empty", result.returncode == 2 and "compile_commands.json" in result.stderr,
          f"exit {result.returncode}, stderr {result.stderr!r}")

    # A missing unit next to a good one and a broken one (relative directory,
    # duplicate entry): exit 2 naming the missing file; the others are reported.
    sdk = os.path.join(args.fixtures, "sdk")
    good = os.path.join(args.fixtures, "virtual_dispatch", "main.cpp")
    broken = os.path.join(args.fixtures, "syntax_error", "broken.cpp")
    entries = [
        {"directory": ".", "file": "gone.cpp", "command": "c++ -c gone.cpp -o gone.o"},
        {"directory": ".", "file": good, "arguments": ["c++", "-I" + sdk, "-c", good]},
        {"directory": ".", "file": good, "arguments": ["c++", "-I" + sdk, "-c", good]},
        {"directory": "sub", "file": broken, "arguments": ["c++", "-I" + sdk, "-c", broken]},
    ]
    folder = database("mixed", entries)
    report_path = os.path.join(folder, "report.json")
    result = run(args.cordon, "--compdb", folder, "--format", "json", "-o", report_path)
    check("mixed", result.returncode == 2, f"exit {result.returncode}, want 2 ({result.stderr!r})")
    check("mixed", os.path.join(folder, "gone.cpp") in result.stderr and
          "no such file or directory" in result.stderr, f"stderr {result.stderr!r}")
    with open(report_path, encoding="utf-8") as stream:
        report = json.load(stream)
    units = {t["path"]: t for t in report["targets"] if t["format"] == "source"}
    check("mixed", units.get(os.path.join(folder, "gone.cpp"), {}).get("status") == "error",
          f"targets {sorted(units)}")
    check("mixed", units.get(good, {}).get("status") == "ok", f"targets {sorted(units)}")
    check("mixed", units.get(broken, {}).get("status") == "ok", f"targets {sorted(units)}")
    for target in units.values():
        check("mixed", target["arch"] is None, f"target {target['path']} has an arch")

    for failure in failures:
        print("FAIL: " + failure)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
