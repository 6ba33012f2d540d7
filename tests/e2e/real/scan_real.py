#!/usr/bin/env python3
"""Scans one real Debian game executable with the real `cordon scan` and checks
the report against tests/e2e/real/expected.yaml.

The game is fetched by scripts/fetch-debian-games.sh into --cache (idempotent,
so only the first run downloads). When apt cannot reach the Debian mirror the
fetch script exits 3 and this test exits 77, which CTest reports as skipped.

Every expectation in expected.yaml was first checked on the binary itself
(nm -D, strings, objdump -d) and against the game's public source; see
docs/real-titles.md. This script never runs a fetched program.
"""
import argparse
import ipaddress
import json
import os
import subprocess
import sys
import tempfile
import time

import yaml

SKIP = 77


def fail(game, message):
    print(f"real.{game}: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def fetch(args):
    """Returns the absolute path of the game's main executable."""
    proc = subprocess.run([args.fetch, args.cache, args.game], capture_output=True, text=True,
                          timeout=600, check=False)
    sys.stderr.write(proc.stderr)
    if proc.returncode == 3:
        print(f"real.{args.game}: SKIP: the Debian package could not be fetched "
              "(no route to the Debian mirror?)", file=sys.stderr)
        sys.exit(SKIP)
    if proc.returncode != 0:
        fail(args.game, f"{args.fetch} exited {proc.returncode}")
    for line in proc.stdout.splitlines():
        package, _, path = line.partition(" ")
        if package == args.game:
            return path
    fail(args.game, f"{args.fetch} printed no path for {args.game}")
    return None


def scan(args, exe, extra):
    with tempfile.TemporaryDirectory(prefix="cordon-real-") as tmp:
        report_path = os.path.join(tmp, "report.json")
        cmd = [args.cordon, "scan", "--format", "json", "-o", report_path, "--fail-on", "never"]
        cmd += extra + [exe]
        begin = time.monotonic()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout,
                                  check=False)
        except subprocess.TimeoutExpired:
            fail(args.game, f"cordon scan took longer than {args.timeout} s")
        seconds = time.monotonic() - begin
        print(f"real.{args.game}: {' '.join(cmd)}: exit {proc.returncode}, {seconds:.1f} s",
              file=sys.stderr)
        if proc.returncode != 0:
            fail(args.game, f"cordon scan exited {proc.returncode}: {proc.stderr.strip()}")
        with open(report_path, encoding="utf-8") as f:
            return json.load(f)


def of_kind(report, kind):
    return [f for f in report["findings"] if f["kind"] == kind]


def check_target(game, report, exe, want):
    targets = report["targets"]
    if len(targets) != 1:
        fail(game, f"{len(targets)} targets in the report, expected 1")
    t = targets[0]
    if t["status"] != "ok" or t["error"] is not None:
        fail(game, f"target status {t['status']}: {t['error']}")
    if os.path.realpath(t["path"]) != os.path.realpath(exe):
        fail(game, f"target path {t['path']} is not {exe}")
    arch = want.get("arch", "x86_64")
    if (t["format"], t["arch"]) != ("elf", arch):
        fail(game, f"target is {t['format']}/{t['arch']}, expected elf/{arch}")
    stats = t["stats"]
    # Lower bounds from objdump: a scanner that silently gives up on part of
    # the .text would fall under them.
    for key in ("functions", "instructions"):
        if stats[key] < want[f"min_{key}"]:
            fail(game, f"stats.{key} is {stats[key]}, expected at least {want[f'min_{key}']}")


def check_network(game, report, want):
    if "network_sinks" not in want:
        return
    apis = sorted({f["sink"]["api"] for f in of_kind(report, "network-capability")})
    if apis != sorted(want["network_sinks"]):
        fail(game, f"network-capability sinks {apis}, expected {sorted(want['network_sinks'])}")


def check_endpoints(game, report, want):
    found = set()
    for f in of_kind(report, "endpoint"):
        found.update(f["endpoints"])
    for endpoint in want.get("endpoints", []):
        if endpoint not in found:
            fail(game, f"endpoint {endpoint!r} not reported; reported: {sorted(found)}")
    for endpoint in want.get("not_endpoints", []):
        if endpoint in found:
            fail(game, f"{endpoint!r} reported as an endpoint, but it is not one")
    if "named_endpoints" in want:
        named = sorted(e for e in found if not is_ip_endpoint(e))
        if named != sorted(want["named_endpoints"]):
            fail(game, f"endpoints naming a host {named}, expected {sorted(want['named_endpoints'])}")


def is_ip_endpoint(text):
    """An IP literal, with or without scheme, brackets or port."""
    host = text.split("://", 1)[-1].split("/", 1)[0]
    if host.startswith("["):
        host = host[1:host.find("]")]
    elif host.count(":") == 1:
        host = host.split(":")[0]
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def check_sources(game, report, want):
    """Every sensitive source the binary calls appears once: on a path or on its own."""
    if "sources" not in want:
        return
    on_paths = {f["source"]["api"] for f in of_kind(report, "exfiltration-path")}
    alone = {f["source"]["api"] for f in of_kind(report, "sensitive-source")}
    reported = sorted(on_paths | alone)
    if reported != sorted(want["sources"]):
        fail(game, f"sensitive sources {reported}, expected {sorted(want['sources'])}")


def check_paths(game, report, want):
    paths = of_kind(report, "exfiltration-path")
    if "paths" not in want:
        return  # a game judged by its labels only
    expected = want["paths"]
    if not expected and paths:
        described = [(f["source"]["api"], f["sink"]["api"]) for f in paths]
        fail(game, f"exfiltration paths {described}, expected none")
    for p in expected:
        # A labelled flow may be any chain of a finding: its path or one of
        # its alternative_paths (one finding per decision).
        def chain_matches(f, chain):
            return (chain and chain[0]["function"] == p["first"]
                    and chain[-1]["function"] == p["last"]
                    and chain[0]["address"] == p.get("source_at", chain[0]["address"])
                    and chain[-1]["address"] == p.get("sink_at", chain[-1]["address"])
                    and all(any(s["function"] == fn for s in chain) for fn in p.get("through", [])))
        match = [f for f in paths
                 if f["source"]["api"] == p["source"] and f["sink"]["api"] in p["sinks"]
                 and f["confidence"] in p["confidence"] and f["severity"] == p["severity"]
                 and any(chain_matches(f, c) for c in [f["path"]] + f.get("alternative_paths", []))]
        if p.get("known_miss"):
            # A confirmed path the scanner does not find yet: reported, not failed, and a
            # failure once it is found, so the expectation cannot go stale.
            if match:
                fail(game, f"known miss {p['source']} -> {p['sinks']} from {p['first']} is now "
                           "found: remove its known_miss in expected.yaml")
            print(f"real.{game}: KNOWN MISS {p['source']} -> {p['sinks']} from {p['first']} "
                  f"to {p['last']}: {p['known_miss']}", file=sys.stderr)
            continue
        if not match:
            described = [(f["source"]["api"], f["sink"]["api"], f["confidence"], f["severity"],
                          [s["function"] for s in f["path"]]) for f in paths]
            fail(game, f"no exfiltration path {p['source']} -> one of {p['sinks']} "
                       f"({p['confidence']}, {p['severity']}) from {p['first']} "
                       f"{p.get('source_at', '')} to {p['last']} {p.get('sink_at', '')} "
                       f"through {p.get('through', [])}; paths: {described}")


def check_labels(game, report, want):
    """Every HIGH or CRITICAL exfiltration finding (what the default gate
    fails on) is labelled TP or FP from the game's source: an unlabelled one
    fails (label it), a labelled TP that is gone fails, and a labelled FP
    still reported is printed as a known false positive (fails once gone, so
    the labels stay true)."""
    if "labels" not in want:
        return
    gate = [f for f in of_kind(report, "exfiltration-path") if f["severity"] in ("high", "critical")]

    def key(f):
        return (f["source"]["api"], f["sink"]["api"], f["path"][0]["function"] if f["path"] else "")

    labels = {(l["source"], l["sink"], l["first"]): l for l in want["labels"]}
    reported = {key(f) for f in gate}
    for f in gate:
        if key(f) not in labels:
            fail(game, f"unlabelled {f['severity']} finding {key(f)} ({f['confidence']}): read the "
                       "game's source and label it TP or FP in expected.yaml")
    tp = fp = 0
    for k, l in labels.items():
        if l["label"] == "TP":
            if k not in reported:
                fail(game, f"labelled true flow {k} is no longer reported at high or critical")
            tp += 1
        else:
            if k not in reported:
                fail(game, f"labelled false positive {k} is gone: remove its label in expected.yaml")
            print(f"real.{game}: KNOWN FP {k}: {l['reason']}", file=sys.stderr)
            fp += 1
    print(f"real.{game}: high+critical findings {tp} TP, {fp} FP", file=sys.stderr)


def check_version(game, exe, want):
    """The expectations hold for one Debian version; another needs a new look."""
    stamp = os.path.join(exe[:exe.index(f"/{game}/") + len(game) + 1], ".version")
    with open(stamp, encoding="utf-8") as f:
        version = f.read().strip()
    if version != want["version"]:
        fail(game, f"fetched {game} {version}, but expected.yaml was checked against "
                   f"{want['version']}: confirm the expectations on the new binary "
                   "(docs/real-titles.md) and update them")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--fetch", required=True, help="scripts/fetch-debian-games.sh")
    parser.add_argument("--cache", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--game", required=True,
                        help="Debian package name, or PACKAGE:ARCH for another architecture")
    parser.add_argument("--timeout", type=float, default=150)
    args = parser.parse_args()

    with open(args.expected, encoding="utf-8") as f:
        want = yaml.safe_load(f)["games"][args.game]
    exe = fetch(args)
    check_version(args.game, exe, want)
    report = scan(args, exe, want.get("scan_options", []))
    check_target(args.game, report, exe, want)
    check_network(args.game, report, want)
    check_endpoints(args.game, report, want)
    check_sources(args.game, report, want)
    check_paths(args.game, report, want)
    check_labels(args.game, report, want)
    counts = {}
    for f in report["findings"]:
        counts[f["kind"]] = counts.get(f["kind"], 0) + 1
    print(f"real.{args.game}: ok {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
