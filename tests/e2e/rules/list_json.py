#!/usr/bin/env python3
"""list_json.py CORDON GOOD_FIXTURE_DIR

`cordon rules list --format json` is ONE JSON array of entries
{id, kind, api|pattern, platform|vendor, data, pack} (the contract), with at
least 300 API entries and 70 endpoint patterns, each with an http(s)
reference. The numbers are read from the JSON itself. The text form has one
line per entry, and an extra pack's entries appear in both.
"""
import json
import subprocess
import sys

PARTIES = {"playstation", "xbox", "microsoft", "steam", "epic", "nintendo", "apple", "os",
           "third-party", "unknown"}
DATA = {"identity", "social", "device", "telemetry", "location", "payment", "credentials"}
KINDS = {"source", "sink", "propagator", "sanitizer", "endpoint", "handle", "runtime"}


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def run(*args):
    done = subprocess.run(list(args), capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        fail(f"{' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def main():
    cordon, good = sys.argv[1], sys.argv[2]
    entries = json.loads(run(cordon, "rules", "list", "--format", "json"))
    if not isinstance(entries, list):
        fail("the JSON is not an array")
    ids = set()
    api_entries = 0
    patterns = 0
    for e in entries:
        where = e.get("id", "?")
        for key in ("id", "kind", "data", "pack", "reference", "description"):
            if key not in e:
                fail(f"{where}: no '{key}'")
        if e["id"] in ids:
            fail(f"{where}: duplicate id")
        ids.add(e["id"])
        if e["kind"] not in KINDS:
            fail(f"{where}: kind {e['kind']!r}")
        if not e["reference"].startswith(("https://", "http://")):
            fail(f"{where}: reference {e['reference']!r} is not an http(s) URL")
        if e["data"] is not None and e["data"] not in DATA:
            fail(f"{where}: data {e['data']!r}")
        if e["kind"] == "endpoint":
            if not e.get("pattern") or e["pattern"] != e["patterns"][0]:
                fail(f"{where}: 'pattern' is not the first of 'patterns'")
            if e.get("vendor") not in PARTIES or "api" in e:
                fail(f"{where}: endpoint fields")
            patterns += len(e["patterns"])
            continue
        api_entries += 1
        if not e.get("api") or "pattern" in e:
            fail(f"{where}: no 'api'")
        names = e["apis"] + e["syscalls"] + e["strings"] + e.get("globals", []) + [
            str(c) for c in e.get("constants", [])] + e.get("functions", [])
        if e["api"] not in names:
            fail(f"{where}: 'api' is not one of its names")
        if e["kind"] == "source":
            if e.get("platform") not in PARTIES or e["data"] is None:
                fail(f"{where}: a source needs platform and data")
        elif e["kind"] == "sink":
            if e.get("vendor") not in PARTIES or "channel" not in e:
                fail(f"{where}: a sink needs vendor and channel")
        elif "platform" not in e or e["platform"] is not None:
            fail(f"{where}: propagators and sanitizers carry platform null")
    if api_entries < 300:
        fail(f"only {api_entries} API entries (need 300)")
    if patterns < 70:
        fail(f"only {patterns} endpoint patterns (need 70)")

    text = run(cordon, "rules", "list").splitlines()
    if len(text) != len(entries):
        fail(f"text form has {len(text)} lines for {len(entries)} entries")

    extra = json.loads(run(cordon, "rules", "list", "--format", "json", good))
    added = [e for e in extra if e["id"] not in ids]
    got = sorted((e["id"], e["kind"], e.get("api") or e.get("pattern")) for e in added)
    want = [("fixture.good.endpoint", "endpoint", "*.fixture-good.example"),
            ("fixture.good.sink", "sink", "fixture_good_send"),
            ("fixture.good.source", "source", "fixture_good_get_user_id")]
    if got != want:
        fail(f"entries of the extra pack: {got}")
    print(f"ok: {api_entries} API entries, {patterns} endpoint patterns")


if __name__ == "__main__":
    main()
