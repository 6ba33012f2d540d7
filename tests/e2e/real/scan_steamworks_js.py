#!/usr/bin/env python3
"""Scans steamworks.js's Linux N-API module (the npm package steamworks.js, a
Rust wrapper of the Steamworks SDK for Electron and Node games) with the
real `cordon scan`, and checks what issue 11 asks of it: the module reads
Steam identity and credentials (GetSteamID, GetPersonaName, session tickets)
and calls the SDK's own network functions, but sends nothing itself, so it
has no HIGH or CRITICAL exfiltration finding (its Rust formatting and
std::io machinery once gave 60 callgraph ones), at most one finding per
(source, sink) decision, and no endpoint made of a Rust panic location
("threadsafe_function.rs:749"). The package is fetched with
scripts/fetch-npm-package.sh (npm pack, pinned version and digest); without
npm or a registry the test is skipped (77). Nothing fetched is run.

  scan_steamworks_js.py --cordon PATH --fetch SCRIPT --cache DIR
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77
PACKAGE = "steamworks.js@0.4.0"
SHA256 = "877815e99217ff4ffa560476bc1bd27fc5f7bfebd6319e7d21f3cd601b131943"
MODULE = "dist/linux64/steamworksjs.linux-x64-gnu.node"
# Sources the module reads (each behind one of its N-API functions).
SOURCES = {"SteamAPI_ISteamUser_GetSteamID", "SteamAPI_ISteamFriends_GetPersonaName",
           "SteamAPI_ISteamUser_GetAuthSessionTicket"}
# SDK calls that send (Steam's own servers): capabilities, no path.
CAPABILITIES = {"SteamAPI_ISteamFriends_SetRichPresence", "SteamAPI_ISteamUserStats_SetAchievement"}


def fail(message):
    print(f"real.steamworks.js: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--fetch", required=True)
    parser.add_argument("--cache", required=True)
    args = parser.parse_args()

    proc = subprocess.run([args.fetch, args.cache, PACKAGE, SHA256], capture_output=True,
                          text=True, check=False)
    sys.stderr.write(proc.stderr)
    if proc.returncode == SKIP:
        print(f"real.steamworks.js: skipped: {PACKAGE} could not be fetched", file=sys.stderr)
        sys.exit(SKIP)
    if proc.returncode != 0:
        fail(f"{args.fetch} exited {proc.returncode}")
    package_dir = proc.stdout.split()[-1]
    module = os.path.join(package_dir, MODULE)
    if not os.path.isfile(module):
        fail(f"{module} is missing from the package")

    with tempfile.TemporaryDirectory(prefix="cordon-npm-") as tmp:
        report_path = os.path.join(tmp, "report.json")
        run = subprocess.run([args.cordon, "scan", "--format", "json", "-o", report_path,
                              "--fail-on", "never", module], capture_output=True, text=True,
                             timeout=600, check=False)
        if run.returncode != 0:
            fail(f"cordon scan exited {run.returncode}: {run.stderr.strip()}")
        with open(report_path, encoding="utf-8") as f:
            report = json.load(f)

    targets = report["targets"]
    if len(targets) != 1 or targets[0]["status"] != "ok":
        fail(f"expected one scanned target, got {targets}")
    if targets[0]["stats"]["functions"] < 1500:
        fail(f"only {targets[0]['stats']['functions']} functions found (about 2080 expected)")
    findings = report["findings"]

    loud = [f for f in findings if f["kind"] == "exfiltration-path"
            and f["severity"] in ("high", "critical")]
    if loud:
        fail("the module sends nothing itself, yet: " +
             "; ".join(f"{f['severity']} {f['source']['api']} -> {f['sink']['api']} "
                       f"({f['confidence']})" for f in loud))
    decisions = collections.Counter((f["rule"], f["sink"]["rule"]) for f in findings
                                    if f["kind"] == "exfiltration-path")
    repeated = [d for d, n in decisions.items() if n > 1]
    if repeated:
        fail(f"one finding per (source, sink) decision, repeated: {repeated}")

    sources = {f["source"]["api"] for f in findings if f["kind"] == "sensitive-source"}
    sources |= {f["source"]["api"] for f in findings if f["kind"] == "exfiltration-path"}
    if not SOURCES <= sources:
        fail(f"sources not reported: {sorted(SOURCES - sources)}")
    capabilities = {f["sink"]["api"] for f in findings if f["kind"] == "network-capability"}
    if not CAPABILITIES <= capabilities:
        fail(f"network capabilities not reported: {sorted(CAPABILITIES - capabilities)}")

    endpoints = [e for f in findings if f["kind"] == "endpoint" for e in f["endpoints"]]
    bad = [e for e in endpoints if ".rs:" in e]
    if bad:
        fail(f"Rust panic locations reported as endpoints: {bad}")
    print(f"real.steamworks.js: ok ({len(findings)} findings, "
          f"{sum(decisions.values())} exfiltration paths, none high)", file=sys.stderr)


if __name__ == "__main__":
    main()
