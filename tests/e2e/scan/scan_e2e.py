#!/usr/bin/env python3
"""End-to-end tests of `cordon scan` on the sample titles and on bad input.

  scan_e2e.py --cordon BIN --build-dir DIR --expected samples/expected.yaml CHECK [ARG]

CHECK is one of:
  samples VARIANT   scan samples/bin/<VARIANT>/ (a directory scan) and compare the
                    findings of every title with samples/expected.yaml: the exact
                    set of exfiltration paths (source api, platform, data, sink api,
                    severity, allowed, endpoint, confidence, path), the `also`
                    findings, the absent kinds; then the same under air-gapped
  sarif             --format sarif of the O0 samples validates against the schema
  determinism       scans of samples/bin with -j1 and -j4 give byte-identical JSON
  jobs              a directory with a broken binary among good ones under -j4 and
                    a small budget: every good target scanned, the broken one an
                    error, text report identical to -j1 with its summary table
                    (findings by severity, coverage); the progress line on a
                    terminal (targets, bytes, time left), none with --quiet or
                    without a terminal, --memory-budget's sizes and bad values
  bad-targets       empty file, garbage with an ELF magic, a missing file: status
                    error with a reason, the good target still scanned, exit 2
  parity            every title's -O2 builds as ELF x86-64 (O2s), ELF AArch64 and PE,
                    and the Mach-O x86-64 file and arm64 slice of the C titles,
                    give the same exfiltration paths: source api (a variant's
                    override in expected.yaml names the same source), sink api,
                    confidence, severity, allowed, endpoint hosts
  exit-codes        --fail-on, --baseline, -o, bad options
  directory         recursion: non-binaries skipped, symlink loops not followed
  coverage          stats.code_bytes/covered_bytes, the low-coverage warning in
                    every format, --min-coverage as a target error
  cache             --cache DIR: a rescan gives byte-identical JSON and analyses
                    nothing (no entry rewritten); a changed binary, path, profile,
                    --allow, rule pack, manifest or cordon executable is analysed
                    again (new entries) and only that; a damaged entry is a miss;
                    two scans sharing DIR at once

Exit status: 0 pass, 1 fail, 77 skip (the variant was not built).
"""

import argparse
import json
import os
import shutil
import subprocess
import struct
import sys
import tempfile
import time

try:
    import yaml
except ImportError:
    print("SKIP: PyYAML is not installed (python3-yaml, see ./setup)")
    sys.exit(77)

FAILURES = []


def fail(message):
    FAILURES.append(message)
    print("FAIL: " + message)


def run_cordon(args, cordon, expect_status=None):
    run = subprocess.run([cordon, "scan"] + args, capture_output=True, check=False, timeout=300)
    if expect_status is not None and run.returncode != expect_status:
        fail(f"cordon scan {' '.join(args)}: exit {run.returncode}, want {expect_status}; "
             f"stderr: {run.stderr.decode(errors='replace')[:2000]}")
    return run


def scan_json(args, cordon, expect_status=None):
    run = run_cordon(["--format", "json"] + args, cordon, expect_status)
    try:
        return json.loads(run.stdout.decode("utf-8")), run
    except ValueError:
        fail(f"cordon scan {' '.join(args)}: stdout is not JSON: {run.stdout[:500]!r}")
        return {"targets": [], "findings": []}, run


def endpoint_hosts(finding):
    hosts = set()
    for text in finding.get("endpoints", []):
        rest = text.split("://", 1)[1] if "://" in text else text
        host = rest.split("/", 1)[0].split("?", 1)[0]
        if host.startswith("["):
            host = host[1:].split("]", 1)[0]
        elif host.count(":") == 1:
            host = host.split(":", 1)[0]
        hosts.add(host.lower())
    return hosts


def subsequence(wanted, names):
    it = iter(names)
    return all(any(w == n for n in it) for w in wanted)


# A callgraph-confidence path is a lead (the contract): the built-in
# profiles' `lead` severity (medium), a cross-platform lead at least high;
# allowed flows stay info.
LEAD = {"critical": "high", "high": "medium", "medium": "medium", "low": "low", "info": "info"}


def path_matches(entry, finding, variant, profile):
    if finding["source"] is None or finding["sink"] is None:
        return False, "no source or sink"
    checks = [("source", finding["source"]["api"]), ("platform", finding["source"]["platform"]),
              ("data", finding["source"]["data"]), ("sink", finding["sink"]["api"])]
    for key, actual in checks:
        if entry[key] != actual:
            return False, f"{key} {actual!r} != {entry[key]!r}"
    lead = finding["confidence"] == "callgraph"
    if profile == "zero-trust":
        want = LEAD[entry["severity"]] if lead else entry["severity"]
        if want != finding["severity"]:
            return False, f"severity {finding['severity']} != {want} ({finding['confidence']})"
        if entry["allowed"] != finding["allowed"]:
            return False, f"allowed {finding['allowed']} != {entry['allowed']}"
    else:
        want = "critical" if entry["severity"] == "critical" else "high"
        if lead:
            want = LEAD[want]
        if finding["severity"] != want or finding["allowed"]:
            return False, f"air-gapped: {finding['severity']}/{finding['allowed']}, want {want}/False"
    if entry.get("endpoint") and entry["endpoint"].lower() not in endpoint_hosts(finding):
        return False, f"endpoint {entry['endpoint']} not in {finding['endpoints']}"
    if variant in ("O0", "source"):
        if entry.get("confidence_O0") == "dataflow" and finding["confidence"] != "dataflow":
            return False, f"confidence {finding['confidence']}, want dataflow"
        names = [step["function"] for step in finding["path"]]
        if not subsequence(entry.get("path_O0", []), names):
            return False, f"path {names} lacks {entry.get('path_O0')} in order"
    return True, ""


def also_matches(entry, finding):
    if entry.get("kind") and finding["kind"] != entry["kind"]:
        return False
    if entry.get("source") and (finding["source"] or {}).get("api") != entry["source"]:
        return False
    if entry.get("sink") and (finding["sink"] or {}).get("api") != entry["sink"]:
        return False
    if entry.get("endpoint") and entry["endpoint"].lower() not in endpoint_hosts(finding):
        return False
    return True


def check_title(title, spec, variant, findings, profile):
    where = f"{variant}/{title} ({profile})"
    paths = [f for f in findings if f["kind"] == "exfiltration-path"]
    entries = []
    for entry in spec.get("paths", []):
        entry = dict(entry)
        entry.update((entry.get("override") or {}).get(variant, {}))
        entries.append(entry)
    used = set()
    for finding in paths:
        reasons = []
        for index, entry in enumerate(entries):
            ok, why = path_matches(entry, finding, variant, profile)
            if ok and index not in used:
                used.add(index)
                break
            reasons.append(f"entry {index}: {why or 'already matched'}")
        else:
            fail(f"{where}: unexpected path {finding['source']['api']} -> {finding['sink']['api']} "
                 f"({finding['severity']}, {finding['confidence']}, "
                 f"{[s['function'] for s in finding['path']]}, {finding['endpoints']}): "
                 f"{'; '.join(reasons) or 'the title expects none'}")
    for index, entry in enumerate(entries):
        if index not in used and variant not in (entry.get("optional_in") or []):
            fail(f"{where}: missing path {entry['source']} -> {entry['sink']}")
    if profile != "zero-trust":
        return
    for entry in spec.get("also", []) or []:
        if not any(also_matches(entry, f) for f in findings):
            fail(f"{where}: missing finding {entry}")
    absent = spec.get("absent_kinds", []) or []
    absent = (spec.get("absent_kinds_override") or {}).get(variant, absent)
    for kind in absent:
        for f in findings:
            if f["kind"] == kind:
                fail(f"{where}: unexpected {kind} finding: {f['message']}")


def built(path):
    """Whether a variant's file exists: a slice "file[arch]" by its file."""
    if path.endswith("]") and "[" in path:
        path = path[:path.rindex("[")]
    return os.path.exists(path)


def check_samples(args, expected):
    pattern = expected["variants"][args.arg]
    directory = os.path.join(args.build_dir, os.path.dirname(pattern))
    if not os.path.isdir(directory):
        print(f"SKIP: {directory} was not built")
        return 77
    titles = {}
    for title, spec in expected["titles"].items():
        path = os.path.join(args.build_dir, pattern.format(title=title, file=spec["file"]))
        if built(path):
            titles[os.path.normpath(path)] = (title, spec)
    if not titles:
        print(f"SKIP: no sample binary of variant {args.arg}")
        return 77
    for profile in ("zero-trust", "air-gapped"):
        report, _ = scan_json(["--profile", profile, "--fail-on", "never", directory], args.cordon, 0)
        targets = {os.path.normpath(t["path"]): t for t in report["targets"]}
        for path, (title, spec) in sorted(titles.items()):
            target = targets.get(path)
            if target is None:
                fail(f"{args.arg}/{title}: not among the scanned targets")
                continue
            if target["status"] != "ok":
                fail(f"{args.arg}/{title}: status {target['status']}: {target['error']}")
                continue
            findings = [f for f in report["findings"] if os.path.normpath(f["target"]) == path]
            check_title(title, spec, args.arg, findings, profile)
    return 0


def check_sarif(args, expected):
    directory = os.path.join(args.build_dir, os.path.dirname(expected["variants"]["O0"]))
    if not os.path.isdir(directory):
        print(f"SKIP: {directory} was not built")
        return 77
    run = run_cordon(["--format", "sarif", "--fail-on", "never", directory], args.cordon, 0)
    validate = subprocess.run([sys.executable, args.validator, args.schema, "-"],
                              input=run.stdout, capture_output=True, check=False)
    sys.stdout.write(validate.stdout.decode())
    if validate.returncode != 0:
        fail("SARIF of the O0 samples is invalid: " + validate.stderr.decode())
    doc = json.loads(run.stdout)
    if not doc["runs"][0]["results"]:
        fail("SARIF of the O0 samples has no results")
    return 0


def check_determinism(args, expected):
    directory = os.path.join(args.build_dir, "samples", "bin")
    if not os.path.isdir(directory):
        print(f"SKIP: {directory} was not built")
        return 77
    scans = {}
    # (scan.jobs runs every target alone under a small --memory-budget)
    for name, extra in (("-j1", ["-j", "1"]), ("-j4", ["-j", "4"])):
        scans[name] = run_cordon(["--format", "json", "--fail-on", "never"] + extra + [directory],
                                 args.cordon, 0).stdout
    report = json.loads(scans["-j1"])
    if len(report["targets"]) < 10 or any(t["status"] != "ok" for t in report["targets"]):
        fail(f"samples/bin: {len(report['targets'])} targets, not all ok")
    for name, stdout in scans.items():
        if stdout != scans["-j1"]:
            fail(f"scans of samples/bin with -j1 and {name} gave different JSON")
    o0 = os.path.join(directory, "O0")  # SARIF: one variant keeps the test quick under ASan
    sarif1 = run_cordon(["--format", "sarif", "--fail-on", "never", o0], args.cordon, 0)
    sarif2 = run_cordon(["--format", "sarif", "--fail-on", "never", "-j", "1", o0], args.cordon, 0)
    if sarif1.stdout != sarif2.stdout:
        fail("two SARIF scans of samples/bin/O0 differ")
    return 0


PARITY_VARIANTS = ("O2s", "aarch64", "pe", "macho", "macho_arm64")
# Built for the C titles only, and only where clang, ld64.lld and llvm-lipo are.
PARTIAL_VARIANTS = ("macho", "macho_arm64")


def check_parity(args, expected):
    reports = {}
    variants = []
    for variant in PARITY_VARIANTS:
        directory = os.path.join(args.build_dir, os.path.dirname(expected["variants"][variant]))
        if not os.path.isdir(directory):
            print(f"SKIP: {directory} was not built")
            if variant in PARTIAL_VARIANTS:
                continue
            return 77
        variants.append(variant)
        if directory in reports:
            continue
        reports[directory], _ = scan_json(["--fail-on", "never", directory], args.cordon, 0)
    for title, spec in sorted(expected["titles"].items()):
        keys = {}
        for variant in variants:
            path = os.path.normpath(os.path.join(args.build_dir, expected["variants"][variant].format(
                title=title, file=spec["file"])))
            if not built(path) and (variant in PARTIAL_VARIANTS or spec["file"].endswith(".m")):
                continue  # C++ titles have no Mach-O build, Objective-C ones only that
            report = reports[os.path.join(args.build_dir,
                                          os.path.dirname(expected["variants"][variant]))]
            # A variant's own name for a source (GetAdaptersAddresses in the PE
            # build where Linux calls getifaddrs) stands for the common one.
            renamed = {}
            for entry in spec.get("paths", []):
                fields = (entry.get("override") or {}).get(variant, {})
                if "source" in fields:
                    renamed[fields["source"]] = entry["source"]
            found = set()
            for f in report["findings"]:
                if f["kind"] != "exfiltration-path" or os.path.normpath(f["target"]) != path:
                    continue
                source = renamed.get(f["source"]["api"], f["source"]["api"])
                found.add((source, f["sink"]["api"], f["confidence"], f["severity"], f["allowed"],
                           tuple(sorted(endpoint_hosts(f)))))
            keys[variant] = found
        if not keys:
            continue
        first = next(iter(keys))

        def compare(variant, reference, strip):
            # clang's Mach-O code and GCC's ELF code differ in what a path goes
            # through (stack traffic, inlining), and so may the confidence the
            # analysis reaches: the Mach-O builds must give the same paths
            # (source, sink, allowed, endpoints). Today clang's x86-64 code of
            # winsock_fingerprint gives a callgraph path (GCC's: dataflow) and
            # of xbox_console_encoder a dataflow one (GCC's: callgraph).
            def view(found):
                return {k[:2] + k[4:] for k in found} if strip else found
            got, want = view(keys[variant]), view(keys[reference])
            if got != want:
                fail(f"{title}: {variant} gives {sorted(got - want)} that "
                     f"{reference} does not, and lacks {sorted(want - got)}")

        for variant in keys:
            compare(variant, first, variant in PARTIAL_VARIANTS)
        print(f"{title}: {len(keys[first])} path(s) in {', '.join(keys)}")
    return 0


def sample(args, expected, title, variant="O0"):
    spec = expected["titles"][title]
    return os.path.join(args.build_dir, expected["variants"][variant].format(title=title, file=spec["file"]))


def check_bad_targets(args, expected):
    good = sample(args, expected, "psn_to_playfab")
    if not os.path.exists(good):
        print(f"SKIP: {good} was not built")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty")
        open(empty, "wb").close()
        garbage = os.path.join(tmp, "garbage.elf")
        with open(garbage, "wb") as stream:
            stream.write(b"\x7fELF" + bytes(range(256)) * 4)
        truncated = os.path.join(tmp, "truncated")
        with open(good, "rb") as src, open(truncated, "wb") as dst:
            dst.write(src.read(200))
        text = os.path.join(tmp, "notes.txt")
        with open(text, "w") as stream:
            stream.write("not a binary\n")
        missing = os.path.join(tmp, "missing")
        report, run = scan_json([empty, garbage, truncated, text, missing, good], args.cordon, 2)
        targets = {t["path"]: t for t in report["targets"]}
        for path in (empty, garbage, truncated, text, missing):
            target = targets.get(path)
            if target is None:
                fail(f"bad target {path} is not in the report")
            elif target["status"] != "error" or not target["error"]:
                fail(f"bad target {path}: status {target['status']}, error {target['error']!r}")
            elif "\n" in target["error"]:
                fail(f"bad target {path}: the error is not one line: {target['error']!r}")
        if targets.get(good, {}).get("status") != "ok":
            fail("the good target was not scanned next to the bad ones")
        if not any(f["kind"] == "exfiltration-path" for f in report["findings"]):
            fail("the good target's exfiltration path is missing next to bad targets")
        stderr = run.stderr.decode(errors="replace")
        for path in (empty, garbage, missing):
            if path not in stderr:
                fail(f"stderr does not name the bad target {path}: {stderr}")
    return 0


def macho_command(data, wanted):
    """File offset of the first load command `wanted` of a thin 64-bit Mach-O."""
    ncmds, = struct.unpack_from("<I", data, 16)
    at = 32
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", data, at)
        if cmd == wanted:
            return at
        at += size
    fail(f"load command 0x{wanted:x} not found")
    return None


def check_macho_hostile(args, expected):
    """Hostile Mach-O files made from the samples: each is one target error
    (status error, one line naming the file and the reason, on stderr too),
    the good slices beside them still scanned, exit 2, in bounded time."""
    thin = sample(args, expected, "psn_to_playfab", "macho")
    universal = thin[:-len("-x86_64")]
    if not os.path.exists(thin) or not os.path.exists(universal):
        print(f"SKIP: {thin} was not built")
        return 77
    with open(thin, "rb") as stream:
        good = stream.read()
    with open(universal, "rb") as stream:
        fat = stream.read()
    cases = {}
    cases["commands-past-end"] = good[:32 + 120]
    huge = bytearray(good)
    struct.pack_into("<I", huge, 16, 0xFFFFFFFF)  # ncmds
    cases["huge-ncmds"] = bytes(huge)
    huge = bytearray(good)
    struct.pack_into("<I", huge, 20, 0xFFFFFFF0)  # sizeofcmds
    cases["huge-sizeofcmds"] = bytes(huge)
    starts = bytearray(good)
    at = macho_command(good, 0x26)  # LC_FUNCTION_STARTS: data far past the end
    struct.pack_into("<II", starts, at + 8, 0x7FFFFFF0, 0x1000)
    cases["function-starts-past-end"] = bytes(starts)
    symtab = bytearray(good)
    at = macho_command(good, 0x2)  # LC_SYMTAB: 2^32-1 symbols
    struct.pack_into("<I", symtab, at + 12, 0xFFFFFFFF)
    cases["huge-nsyms"] = bytes(symtab)
    overlap = bytearray(fat)  # the first slice moved to end inside the second
    first_size, = struct.unpack_from(">I", fat, 8 + 12)
    second_offset, = struct.unpack_from(">I", fat, 8 + 20 + 8)
    struct.pack_into(">I", overlap, 8 + 8, (second_offset - first_size // 2) & ~0xFFF)
    cases["fat-overlapping-slices"] = bytes(overlap)
    past = bytearray(fat)
    struct.pack_into(">I", past, 8 + 12, 0x7FFFFFF0)  # the first slice's size
    cases["fat-slice-past-end"] = bytes(past)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in sorted(cases.items()):
            path = os.path.join(tmp, name)
            with open(path, "wb") as stream:
                stream.write(data)
            paths.append(path)
        started = time.monotonic()
        report, run = scan_json(paths + [universal], args.cordon, 2)
        elapsed = time.monotonic() - started
        if elapsed > 60:
            fail(f"the hostile Mach-O files took {elapsed:.1f} s")
        stderr = run.stderr.decode(errors="replace")
        for path in paths:
            targets = [t for t in report["targets"] if t["path"].startswith(path)]
            if not targets:
                fail(f"{path}: not in the report")
            for target in targets:
                if target["status"] != "error" or not target["error"] or "\n" in target["error"]:
                    fail(f"{target['path']}: status {target['status']}, error {target['error']!r}")
                elif path not in target["error"]:
                    fail(f"{target['path']}: the error does not name the file: {target['error']!r}")
                elif target["format"] != "macho":
                    fail(f"{target['path']}: format {target['format']}")
            if sum(1 for line in stderr.splitlines() if path + ":" in line or path + "[" in line) != 1:
                fail(f"{path}: not one error line on stderr: {stderr}")
            print(f"{os.path.basename(path)}: {targets[0]['error'] if targets else None}")
        for arch in ("x86_64", "arm64"):
            slice_path = f"{universal}[{arch}]"
            target = next((t for t in report["targets"] if t["path"] == slice_path), None)
            if target is None or target["status"] != "ok":
                fail(f"{slice_path}: not scanned beside the hostile files: {target}")
        # A slice of an architecture cordon does not analyse (the fat header
        # says i386) is no target: the other slice is, with a warning.
        old = bytearray(fat)
        struct.pack_into(">II", old, 8, 7, 3)  # CPU_TYPE_I386, CPU_SUBTYPE_I386_ALL
        old_path = os.path.join(tmp, "with-i386")
        with open(old_path, "wb") as stream:
            stream.write(old)
        report, run = scan_json(["--fail-on", "never", old_path], args.cordon, 0)
        paths = [t["path"] for t in report["targets"]]
        if paths != [old_path + "[arm64]"] or report["targets"][0]["status"] != "ok":
            fail(f"with an i386 slice: targets {report['targets']}")
        if "i386 slice is not analysed" not in run.stderr.decode(errors="replace"):
            fail(f"with an i386 slice: no warning: {run.stderr[:500]!r}")
    return 0


def check_exit_codes(args, expected):
    leaky = sample(args, expected, "psn_to_playfab")
    clean = sample(args, expected, "clean_ping")
    same = sample(args, expected, "xbox_same_vendor")
    if not all(os.path.exists(p) for p in (leaky, clean, same)):
        print("SKIP: the O0 samples were not built")
        return 77
    run_cordon([leaky], args.cordon, 1)
    run_cordon(["--fail-on", "critical", leaky], args.cordon, 1)
    run_cordon(["--fail-on", "never", leaky], args.cordon, 0)
    run_cordon([clean], args.cordon, 0)
    run_cordon(["--fail-on", "low", clean], args.cordon, 1)
    run_cordon([same], args.cordon, 0)
    run_cordon(["--profile", "air-gapped", same], args.cordon, 1)
    run_cordon(["--fail-on", "sometimes", leaky], args.cordon, 2)
    run_cordon(["--profile", "no-such-profile", leaky], args.cordon, 2)
    run_cordon([], args.cordon, 2)
    with tempfile.TemporaryDirectory() as tmp:
        baseline = os.path.join(tmp, "baseline.json")
        run_cordon(["--format", "json", "-o", baseline, leaky], args.cordon, 1)
        with open(baseline, encoding="utf-8") as stream:
            doc = json.load(stream)
        if not doc["findings"]:
            fail("the -o report has no findings")
        run_cordon(["--baseline", baseline, leaky], args.cordon, 0)
        run_cordon(["--baseline", baseline, leaky, same, clean], args.cordon, 0)
        bad = os.path.join(tmp, "bad.json")
        with open(bad, "w") as stream:
            stream.write("{")
        run_cordon(["--baseline", bad, leaky], args.cordon, 2)
        manifest = os.path.join(tmp, "manifest.yaml")
        with open(manifest, "w") as stream:
            stream.write("flows:\n  - source: sceNpGetAccountId\n    endpoint: '*.playfabapi.com'\n")
        report, _ = scan_json(["--manifest", manifest, leaky], args.cordon, 0)
        for f in report["findings"]:
            if f["kind"] == "exfiltration-path" and not f["allowed"]:
                fail(f"a declared flow is not allowed: {f['message']}")
        report, _ = scan_json([leaky, "--allow", "title-1a2b.playfabapi.com"], args.cordon, 0)
        if not any(f["kind"] == "exfiltration-path" and f["allowed"] and f["severity"] == "info"
                   for f in report["findings"]):
            fail("--allow did not allow the flow to the allowlisted endpoint")
        run_cordon([leaky, "--allow", "bad pattern"], args.cordon, 2)
        run_cordon(["-o", os.path.join(tmp, "no", "such", "dir"), leaky], args.cordon, 2)
    return 0


def check_directory(args, expected):
    good = sample(args, expected, "clean_ping")
    if not os.path.exists(good):
        print(f"SKIP: {good} was not built")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        os.makedirs(os.path.join(tree, "a", "b"))
        shutil.copy(good, os.path.join(tree, "a", "b", "title"))
        with open(os.path.join(tree, "a", "readme.txt"), "w") as stream:
            stream.write("text\n")
        open(os.path.join(tree, "empty"), "wb").close()
        os.symlink(tree, os.path.join(tree, "a", "loop"))      # a directory symlink loop
        os.symlink(os.path.join(tree, "a", "b", "title"), os.path.join(tree, "alias"))
        report, _ = scan_json([tree], args.cordon, 0)
        paths = sorted(t["path"] for t in report["targets"])
        if len(paths) != 1 or not paths[0].endswith("title") and not paths[0].endswith("alias"):
            fail(f"directory scan found {paths}, want the one binary once")
    return 0


def run_on_terminal(command):
    """Runs command with stderr on a pseudo-terminal (stdout a pipe); returns
    (exit status, stdout bytes, what reached the terminal)."""
    import pty
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer has closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    stdout = proc.stdout.read()
    proc.wait(timeout=300)
    os.close(master)
    return proc.returncode, stdout, seen


def check_jobs(args, expected):
    titles = ("psn_to_playfab", "clean_ping", "xbox_same_vendor", "machine_id_udp6")
    goods = [sample(args, expected, t) for t in titles]
    if not all(os.path.exists(p) for p in goods):
        print("SKIP: the O0 samples were not built")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "build")
        os.makedirs(os.path.join(tree, "bin"))
        for title, good in zip(titles, goods):
            shutil.copy(good, os.path.join(tree, "bin", title))
        broken = os.path.join(tree, "bin", "broken.so")
        with open(goods[0], "rb") as src, open(broken, "wb") as dst:
            dst.write(src.read(300))  # an ELF header whose sections are cut off
        base = ["--fail-on", "never", tree]
        one = run_cordon(["-j", "1"] + base, args.cordon, 2)
        for extra in (["-j", "4"], ["-j", "4", "--memory-budget", "20M"],
                      ["-j", "3", "--memory-budget", "1K"]):
            other = run_cordon(extra + base, args.cordon, 2)
            if other.stdout != one.stdout:
                fail(f"text reports of -j1 and {' '.join(extra)} differ")
        report, _ = scan_json(["-j", "4", "--memory-budget", "1"] + base, args.cordon, 2)
        status = {os.path.basename(t["path"]): t["status"] for t in report["targets"]}
        want = {t: "ok" for t in titles}
        want["broken.so"] = "error"
        if status != want:
            fail(f"-j4 with a broken target: statuses {status}, want {want}")
        text = one.stdout.decode()
        summary = text[text.find("\nsummary\n"):]
        if "\nsummary\n" not in text:
            fail(f"no summary table at the end of the text report: {text[-1500:]}")
        else:
            header = summary.splitlines()[2].split()
            if header != ["critical", "high", "medium", "low", "info", "allowed", "coverage",
                          "target"]:
                fail(f"summary header {header}")
            rows = {}
            for line in summary.splitlines()[3:]:
                fields = line.split()
                if len(fields) == 8 and fields[7].startswith(tree):
                    rows[os.path.basename(fields[7])] = fields[:7]
            if sorted(rows) != sorted(want):
                fail(f"summary rows {sorted(rows)}, want {sorted(want)}")
            else:
                if rows["broken.so"][6] != "error":
                    fail(f"the broken target's row {rows['broken.so']}")
                leaky = rows["psn_to_playfab"]
                # Its cross-platform identity path is critical; every title here has code.
                if int(leaky[0]) < 1 or not all(r[6].endswith("%") for t, r in rows.items()
                                                  if t != "broken.so"):
                    fail(f"summary rows {rows}")
                counted = {t: sum(int(n) for n in r[:6]) for t, r in rows.items()}
                per_target = {t: 0 for t in want}
                for f in report["findings"]:
                    per_target[os.path.basename(f["target"])] += 1
                if counted != per_target:
                    fail(f"summary counts {counted}, findings per target {per_target}")
        # The progress line: on a terminal only, never with --quiet.
        code, stdout, seen = run_on_terminal([args.cordon, "scan", "-j", "2"] + base)
        shown = seen.decode(errors="replace")
        if code != 2 or stdout != one.stdout:
            fail(f"under a terminal: exit {code}, or a different report")
        if "5/5 targets" not in shown or " of code, " not in shown or " left " not in shown:
            fail(f"no progress line on the terminal: {shown[:1000]!r}")
        if "\r\x1b[K" not in shown[shown.rfind("targets, "):]:
            fail(f"the progress line is not cleared before the messages: {shown[-300:]!r}")
        code, _, seen = run_on_terminal([args.cordon, "scan", "--quiet", "-j", "2"] + base)
        if b"targets, " in seen:
            fail(f"--quiet still draws the progress line: {seen[:500]!r}")
        if tree.encode() not in seen:
            fail("--quiet hid the target error")
        if b"targets, " in one.stderr:
            fail("a progress line on stderr that is not a terminal")
        # Sizes as people write them; nonsense is a usage error.
        for size in ("512M", "4GiB", "1g", "100000"):
            run_cordon(["--memory-budget", size, "--fail-on", "never", goods[1]], args.cordon, 0)
        for size in ("lots", "-1G", "12X"):
            run = run_cordon(["--memory-budget", size, goods[1]], args.cordon, 2)
            if b"memory-budget" not in run.stderr:
                fail(f"--memory-budget {size}: the error does not name the option: {run.stderr!r}")
    return 0


JUNK_PROGRAM = r'''
#include <stdio.h>
/* 16 KiB of bytes that decode as nothing, in the code section: data a
   linker put among the functions, which no scan can analyse as code. */
__asm__(".text\n.fill 16384,1,0xff\n");
int main(void) { puts("offline"); return 0; }
'''


def coverage(target):
    stats = target["stats"]
    return stats["covered_bytes"] / stats["code_bytes"] if stats["code_bytes"] else None


def check_coverage(args, expected):
    leaky = sample(args, expected, "psn_to_playfab")
    compiler = shutil.which("gcc") or shutil.which("cc")
    if not os.path.exists(leaky) or compiler is None:
        print("SKIP: the O0 samples or a C compiler are missing")
        return 77
    report, _ = scan_json(["--fail-on", "never", leaky], args.cordon, 0)
    target = report["targets"][0]
    if not target["stats"]["code_bytes"] or coverage(target) < 0.9:
        fail(f"a compiled sample is not covered: {target['stats']}")
    if target["warnings"]:
        fail(f"a fully covered sample has warnings: {target['warnings']}")
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "junk.c")
        junk = os.path.join(tmp, "junk")
        with open(source, "w") as stream:
            stream.write(JUNK_PROGRAM)
        subprocess.run([compiler, "-O2", "-o", junk, source], check=True)
        report, run = scan_json([junk], args.cordon, 0)
        target = report["targets"][0]
        fraction = coverage(target)
        if fraction is None or fraction > 0.5 or target["status"] != "ok":
            fail(f"16 KiB of junk in .text: coverage {fraction}, status {target['status']}")
        tenths = target["stats"]["covered_bytes"] * 1000 // max(1, target["stats"]["code_bytes"])
        percent = f"{tenths // 10}.{tenths % 10}%"
        if len(target["warnings"]) != 1 or percent not in target["warnings"][0]:
            fail(f"the low-coverage warning does not name {percent}: {target['warnings']}")
        if percent not in run.stderr.decode(errors="replace"):
            fail(f"stderr does not warn of {percent}: {run.stderr[:500]!r}")
        text = run_cordon([junk], args.cordon, 0).stdout.decode()
        if f"warning: the scan analysed {percent}" not in text:
            fail(f"the text report does not warn of {percent}: {text[:800]}")
        sarif = json.loads(run_cordon(["--format", "sarif", junk], args.cordon, 0).stdout)
        invocation = sarif["runs"][0]["invocations"][0]
        notes = invocation.get("toolExecutionNotifications", [])
        if not invocation["executionSuccessful"] or [n["level"] for n in notes] != ["warning"]:
            fail(f"SARIF: want one warning notification, got {invocation}")
        props = sarif["runs"][0]["artifacts"][0].get("properties", {})
        if props.get("coveredBytes") != target["stats"]["covered_bytes"]:
            fail(f"SARIF artifact properties: {props}")
        report, run = scan_json(["--min-coverage", "0.5", junk, leaky], args.cordon, 2)
        by_path = {t["path"]: t for t in report["targets"]}
        if by_path[junk]["status"] != "error" or "--min-coverage 0.5" not in (
                by_path[junk]["error"] or ""):
            fail(f"--min-coverage 0.5: the junk target is not an error: {by_path[junk]}")
        if by_path[leaky]["status"] != "ok" or not any(
                f["target"] == leaky for f in report["findings"]):
            fail("--min-coverage 0.5: the covered target was not scanned as usual")
        run_cordon(["--min-coverage", "0.01", junk], args.cordon, 0)
        run_cordon(["--min-coverage", "1.5", junk], args.cordon, 2)
        run_cordon(["--min-coverage", "x", junk], args.cordon, 2)
    return 0


def cache_entries(cache):
    """Entry name -> (inode, mtime_ns): a rewritten entry gets a new inode."""
    out = {}
    for name in os.listdir(cache):
        st = os.stat(os.path.join(cache, name))
        out[name] = (st.st_ino, st.st_mtime_ns)
    return out


def check_cache(args, expected):
    o0 = os.path.join(args.build_dir, "samples", "bin", "O0")
    if not os.path.isdir(o0):
        print(f"SKIP: {o0} was not built")
        return 77
    env = dict(os.environ)
    env.pop("CORDON_REPORT_TIMES", None)  # seconds 0: reports comparable byte for byte
    with tempfile.TemporaryDirectory() as tmp:
        # Three titles keep the ~20 scans below cheap under the sanitizers.
        build = os.path.join(tmp, "build")
        os.makedirs(build)
        names = sorted(os.listdir(o0))
        chosen = [n for n in names if n.startswith("psn_to_playfab")]
        chosen += [n for n in names if n not in chosen][:2]
        for name in chosen:
            shutil.copy(os.path.join(o0, name), os.path.join(build, name))
        titles = sorted(os.listdir(build))
        cache = os.path.join(tmp, "cache")

        def scan(extra, cordon=args.cordon, cache_dir=cache):
            cmd = [cordon, "scan", "--format", "json", "--fail-on", "never"] + extra + [build]
            if cache_dir is not None:
                cmd[2:2] = ["--cache", cache_dir]
            run = subprocess.run(cmd, capture_output=True, check=False, timeout=300, env=env)
            if run.returncode != 0:
                fail(f"{' '.join(cmd)}: exit {run.returncode}: {run.stderr[:800]!r}")
            return run.stdout

        fresh = scan([], cache_dir=None)
        first = scan([])
        if first != fresh:
            fail("the first scan with --cache differs from a scan without it")
        entries = cache_entries(cache)
        if len(entries) != len(titles):
            fail(f"{len(titles)} targets gave {len(entries)} cache entries")
        if scan([]) != fresh:
            fail("the rescan of an unchanged build differs from the first scan")
        if cache_entries(cache) != entries:
            fail("the rescan of an unchanged build rewrote cache entries (analysed again)")

        def renewed(before):
            now = cache_entries(cache)
            return sorted(n for n in now if before.get(n) != now[n])

        # One binary changed (a byte appended: still a valid ELF).
        changed = os.path.join(build, titles[0])
        with open(changed, "ab") as stream:
            stream.write(b"\0")
        before = cache_entries(cache)
        report = json.loads(scan([]))
        if len(renewed(before)) != 1:
            fail(f"one changed binary renewed {renewed(before)}")
        if json.dumps([f for f in report["findings"] if f["target"] != changed]) != json.dumps(
                [f for f in json.loads(fresh)["findings"] if f["target"] != changed]):
            fail("the unchanged targets' findings differ after one binary changed")
        if scan([], cache_dir=None) != scan([]):
            fail("with one binary changed, the cached scan differs from a fresh one")

        # Every other input: each analyses every target again.
        extra_rules = os.path.join(os.path.dirname(args.expected), "..", "tests", "fixtures",
                                   "rules", "good")
        manifest = os.path.join(tmp, "manifest.yaml")
        with open(manifest, "w") as stream:
            stream.write("flows:\n  - source: sceNpGetAccountId\n    endpoint: '*.playfabapi.com'\n")
        variations = [["--profile", "air-gapped"], ["--allow", "title-1a2b.playfabapi.com"],
                      ["--rules", extra_rules], ["--manifest", manifest]]
        for extra in variations:
            before = cache_entries(cache)
            cached = scan(extra)
            # Every target missed (a stale hit would renew fewer), so this
            # report is a fresh analysis; its rescan must give the same bytes.
            if len(renewed(before)) != len(titles):
                fail(f"{extra}: {len(renewed(before))} of {len(titles)} targets analysed again")
            if cached != scan(extra):
                fail(f"{extra}: the cached rescan differs from the analysis")
        with open(manifest, "a") as stream:
            stream.write("  - source: gethostname\n    endpoint: '*.sentry.io'\n")
        before = cache_entries(cache)
        scan(["--manifest", manifest])
        if len(renewed(before)) != len(titles):
            fail("an edited manifest did not analyse the targets again")
        # The same content under another path: its own entry.
        moved = os.path.join(build, titles[-1] + ".copy")
        shutil.copy(os.path.join(build, titles[-1]), moved)
        before = cache_entries(cache)
        scan([])
        if renewed(before) == [] or len(renewed(before)) != 1:
            fail(f"a copied binary renewed {renewed(before)}, want its own entry")
        os.remove(moved)

        # Another cordon executable (the analyser's bytes changed).
        inst = os.path.join(tmp, "inst")
        bin_dir = os.path.dirname(os.path.realpath(args.cordon))
        for part in ("bin", "libexec", "share"):
            src = os.path.join(os.path.dirname(bin_dir), part)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(inst, part), symlinks=True)
        analyser = os.path.join(inst, "libexec", "cordon-analyze")
        if os.path.exists(analyser):
            with open(analyser, "ab") as stream:
                stream.write(b"\0")
            before = cache_entries(cache)
            scan([], cordon=os.path.join(inst, "bin", os.path.basename(args.cordon)))
            if len(renewed(before)) != len(titles):
                fail(f"another cordon executable: {len(renewed(before))} of {len(titles)} "
                     f"targets analysed again")

        # Damaged entries are misses, rewritten; the report is the fresh one.
        want = scan([], cache_dir=None)
        cache = os.path.join(tmp, "damaged")
        scan([], cache_dir=cache)
        names = sorted(cache_entries(cache))
        damage = [b"", b"cordon-scan-cache 1 garbage\n", None]
        good = {}
        for name, bad in zip(names, damage):
            path = os.path.join(cache, name)
            with open(path, "rb") as stream:
                good[path] = stream.read()
            if bad is None:
                bad = good[path].replace(b'"severity": "', b'"severity": "x', 1)
            with open(path, "wb") as stream:
                stream.write(bad)
        if scan([], cache_dir=cache) != want:
            fail("damaged cache entries changed the report")
        for path, text in good.items():
            with open(path, "rb") as stream:
                if stream.read() != text:
                    fail(f"the damaged entry {os.path.basename(path)} was not rewritten")

        # Two scans at once sharing an empty cache.
        shared = os.path.join(tmp, "shared")
        cmd = [args.cordon, "scan", "--format", "json", "--fail-on", "never", "-j", "1",
               "--cache", shared, build]
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
                 for _ in range(2)]
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            if proc.returncode != 0 or out != want:
                fail(f"concurrent scans sharing a cache: exit {proc.returncode}, {err[:500]!r}")
        if len(cache_entries(shared)) != len(titles) or scan([], cache_dir=shared) != want:
            fail("concurrent scans left the shared cache incomplete or wrong")

        # A cache path that is a file.
        run = run_cordon(["--cache", manifest, changed], args.cordon, 2)
        if manifest not in run.stderr.decode(errors="replace"):
            fail(f"--cache FILE: the error does not name it: {run.stderr[:300]!r}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--schema")
    parser.add_argument("--validator")
    parser.add_argument("check")
    parser.add_argument("arg", nargs="?")
    args = parser.parse_args()
    with open(args.expected, encoding="utf-8") as stream:
        expected = yaml.safe_load(stream)
    checks = {"samples": check_samples, "sarif": check_sarif, "determinism": check_determinism,
              "parity": check_parity,
              "macho-hostile": check_macho_hostile,
              "bad-targets": check_bad_targets, "exit-codes": check_exit_codes,
              "directory": check_directory, "coverage": check_coverage, "cache": check_cache,
              "jobs": check_jobs}
    status = checks[args.check](args, expected)
    if status == 77:
        return 77
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
