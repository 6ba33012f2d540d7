#!/usr/bin/env python3
"""`cordon scan` on real prebuilt Windows PE and Linux ELF files nobody here
wrote, with their function counts checked against the unwind tables their
compilers wrote: the npm package steamworks.js (napi-rs bindings of the
Steamworks SDK, written in Rust) ships steamworksjs.win32-x64-msvc.node
(MSVC-built PE), Valve's steam_api64.dll (PE), Valve's libsteam_api.so
(ELF) and steamworksjs.linux-x64-gnu.node (GCC-built ELF).

  scan_npm_unwind.py --cordon BIN --fetch scripts/fetch-npm-package.sh --cache DIR
(the package is fetched as real.scan.steamworks.js fetches it: pinned version
and digest)

Checks (issue 11 item 7): every file loads with status ok as the right format
and x86_64; the scan finds at least one function per function start of the
file's unwind table (x64 .pdata entries that are not chained to a parent
entry; .eh_frame FDEs, read with `readelf --debug-dump=frames`) and not more
than twice as many (discovery beyond the tables finds leaf functions without
unwind data, never a multiple of the table); coverage is at least 75% of the
code bytes; the Windows module's calls into the Steam API are recognised as
sources as the Linux module's are (real.scan.steamworks.js), and neither the
module nor Valve's libraries have a HIGH or CRITICAL path (they send nothing
themselves). Exit 0 pass, 1 fail, 77 skip (no npm or no route to the
registry). Nothing fetched is ever run.
"""

import argparse
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

PACKAGE = "steamworks.js@0.4.0"
SHA256 = "877815e99217ff4ffa560476bc1bd27fc5f7bfebd6319e7d21f3cd601b131943"  # as scan_steamworks_js.py
STEAM_SOURCES = {"SteamAPI_ISteamUser_GetSteamID", "SteamAPI_ISteamFriends_GetPersonaName",
                 "SteamAPI_ISteamUser_GetAuthSessionTicket"}
# file in the package -> (format, Steam sources expected)
FILES = {
    "dist/win64/steamworksjs.win32-x64-msvc.node": ("pe", True),
    "dist/win64/steam_api64.dll": ("pe", False),
    "dist/linux64/libsteam_api.so": ("elf", False),
    "dist/linux64/steamworksjs.linux-x64-gnu.node": ("elf", True),
}
UNW_FLAG_CHAININFO = 4


def fail(message):
    print(f"real.steamworks-js-unwind: {message}", file=sys.stderr)
    sys.exit(1)


def pdata_starts(path):
    """Function starts of a PE32+ file's exception directory: RUNTIME_FUNCTION
    entries whose unwind info is not chained to a parent's (a chained entry is
    a fragment of its parent's function)."""
    with open(path, "rb") as f:
        data = f.read()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        fail(f"{path}: no PE signature")
    sections_count = struct.unpack_from("<H", data, pe + 6)[0]
    optional_size = struct.unpack_from("<H", data, pe + 20)[0]
    if struct.unpack_from("<H", data, pe + 24)[0] != 0x20B:
        fail(f"{path}: not PE32+")
    rva, size = struct.unpack_from("<II", data, pe + 24 + 112 + 3 * 8)
    sections = [struct.unpack_from("<8sIIII", data, pe + 24 + optional_size + 40 * i)
                for i in range(sections_count)]

    def offset(address):
        for _, vsize, vaddr, _, raw in sections:
            if vaddr <= address < vaddr + vsize:
                return address - vaddr + raw
        return None

    base = offset(rva)
    starts = set()
    for i in range(size // 12):
        begin, _, unwind = struct.unpack_from("<III", data, base + 12 * i)
        at = offset(unwind & ~1)
        if begin and at is not None and not (data[at] >> 3) & UNW_FLAG_CHAININFO:
            starts.add(begin)
    return len(starts)


def fde_starts(path):
    """Function starts of an ELF file's .eh_frame: the distinct pc= of its FDEs."""
    dump = subprocess.run(["readelf", "--debug-dump=frames", path], capture_output=True,
                          text=True, check=True).stdout
    return len(set(re.findall(r" FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.", dump)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--fetch", required=True)
    parser.add_argument("--cache", required=True)
    args = parser.parse_args()
    fetched = subprocess.run([args.fetch, args.cache, PACKAGE, SHA256], capture_output=True,
                             text=True, check=False)
    sys.stderr.write(fetched.stderr)
    if fetched.returncode == 77:
        print(f"real.steamworks-js-unwind: skipped: {PACKAGE} could not be fetched",
              file=sys.stderr)
        return 77
    if fetched.returncode != 0:
        fail(f"{args.fetch} exited {fetched.returncode}")
    package = fetched.stdout.split()[-1]
    paths = {os.path.join(package, name): spec for name, spec in FILES.items()}
    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        fail(f"missing from the package: {missing}")

    with tempfile.TemporaryDirectory(prefix="cordon-npm-unwind-") as tmp:
        out = os.path.join(tmp, "report.json")
        run = subprocess.run([args.cordon, "scan", "--format", "json", "-o", out, "--fail-on",
                              "never", *paths], capture_output=True, text=True, timeout=600,
                             check=False)
        if run.returncode != 0:
            fail(f"cordon scan exited {run.returncode}: {run.stderr.strip()}")
        with open(out, encoding="utf-8") as f:
            report = json.load(f)

    targets = {os.path.normpath(t["path"]): t for t in report["targets"]}
    for path, (form, steam) in paths.items():
        name = os.path.basename(path)
        target = targets.get(os.path.normpath(path))
        if target is None:
            fail(f"{name}: not among the targets {sorted(targets)}")
        if (target["status"], target["format"], target["arch"]) != ("ok", form, "x86_64"):
            fail(f"{name}: status {target['status']} ({target.get('error')}), format "
                 f"{target['format']}, arch {target['arch']}; expected ok, {form}, x86_64")
        table = pdata_starts(path) if form == "pe" else fde_starts(path)
        stats = target["stats"]
        functions = stats["functions"]
        if not table <= functions <= 2 * table:
            fail(f"{name}: {functions} functions for {table} unwind-table starts "
                 f"(expected between {table} and {2 * table})")
        covered = stats["covered_bytes"] / stats["code_bytes"]
        if covered < 0.75:
            fail(f"{name}: only {covered:.1%} of the code covered")
        findings = [f for f in report["findings"]
                    if os.path.normpath(f["target"]) == os.path.normpath(path)]
        sources = {f["source"]["api"] for f in findings if f.get("source")}
        if steam and not STEAM_SOURCES <= sources:
            fail(f"{name}: Steam sources not recognised: {sorted(STEAM_SOURCES - sources)}")
        loud = [f for f in findings if f["kind"] == "exfiltration-path"
                and f["severity"] in ("high", "critical")]
        if loud:
            fail(f"{name}: sends nothing itself, yet: " +
                 "; ".join(f"{f['source']['api']} -> {f['sink']['api']}" for f in loud))
        print(f"{name}: {form}, {functions} functions for {table} unwind-table starts, "
              f"{covered:.1%} covered, {len(sources & STEAM_SOURCES)} Steam sources",
              file=sys.stderr)
    print("real.steamworks-js-unwind: ok", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
