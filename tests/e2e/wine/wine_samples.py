#!/usr/bin/env python3
"""PE sample titles under Wine inside `cordon run` (issue 12 item 1).

  wine_samples.py --cordon BIN --build-dir DIR

Each title's PE build (samples/bin/pe/TITLE-win64.exe, with the mock SDK
DLLs beside it) runs under `wine` inside `cordon run` under both profiles,
and so does its ELF build; the network lines of both audit logs (event
family, address, port, verdict) must be the same. Then `cordon report`
joins the PE build's scan with its Wine run: the title's endpoint is matched.

Everything runs in an empty network namespace this script enters (root: a
new one; otherwise a user namespace owning it): the titles' documentation
addresses are unreachable, and the DNS view's upstream is a loopback port
nothing listens on, so no name lookup leaves the namespace. One Wine prefix
is made per test run (about 25 s) and reused.

Exit status: 0 pass, 1 fail, 77 skip (no wine, no namespaces, no sandbox).
"""

import argparse
import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
# Every PE sample title is run (samples/bin/pe); these also have their
# network attempt pinned (samples/README.md): exactly one send or connect to
# a documentation address.
PINNED = {
    "xbox_global_tcp": ("connect", "198.51.100.7", 8443),
    "psn_callback_table": ("sendto", "203.0.113.9", 7777),
    "clean_ping": ("sendto", "192.0.2.50", 9000),
}
FAILURES = []
WINE64 = "/usr/lib/wine/wine64"  # Debian's; not on PATH
WINPTHREAD = "/usr/x86_64-w64-mingw32/lib/libwinpthread-1.dll"
# Titles Wine itself cannot run, with the exit status bare Wine gives (in an
# empty network namespace, measured): the same status is expected under
# cordon, and the network lines are still the ELF build's.
WINE_FAILS = {
    # Wine 8.0's winhttp takes a page fault on this title ('Unhandled page
    # fault on read access to 0000000000000098'), exit 5, bare as well.
    "winhttp_body": 5,
}
# What Proton's `proton run` does, in short: the prefix under the compat data
# directory, then the 64-bit loader in place of the launcher.
PROTON_LAUNCHER = """#!/bin/sh
set -e
[ "$1" = run ] || {{ echo "usage: proton run PROGRAM [ARG...]" >&2; exit 2; }}
shift
: "${{STEAM_COMPAT_DATA_PATH:?the compat data directory is not set}}"
export WINEPREFIX="$STEAM_COMPAT_DATA_PATH/pfx"
export WINEDLLOVERRIDES="${{WINEDLLOVERRIDES:-}}"
exec {wine64} "$@"
"""


def skip(reason):
    print("SKIP: " + reason)
    sys.exit(77)


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL: " + message)


def enter_empty_netns():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        uid, gid = os.getuid(), os.getgid()
        if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
            skip("cannot create a network namespace: " + os.strerror(ctypes.get_errno()))
        with open("/proc/self/setgroups", "w") as f:
            f.write("deny")
        with open("/proc/self/uid_map", "w") as f:
            f.write(f"0 {uid} 1")
        with open("/proc/self/gid_map", "w") as f:
            f.write(f"0 {gid} 1")
    if shutil.which("ip"):
        subprocess.run(["ip", "link", "set", "lo", "up"], check=False)


def network_lines(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            # The DNS view's own address is not the title's: Wine looks up the
            # machine's name at start where /etc/hosts lacks it (a fresh
            # machine), the native build does not; that lookup has its own line.
            if e["family"] in ("inet", "inet6") and e["event"] in ("connect", "sendto", "sendmsg") \
                    and e["address"] not in ("127.0.0.1", "::1") and e["rule"] != "dns-view":
                out.append((e["event"] if e["event"] != "sendmsg" else "sendto", e["family"],
                            e["address"], e["port"], e["verdict"], e["rule"]))
    return sorted(out)


def run_titles(cordon, build, titles, wine, env, tmp):
    """Each title, ELF and PE, under both profiles; the PE build by `wine`,
    `wine64` and a Proton-style launcher in turn."""
    launcher = os.path.join(tmp, "proton")
    with open(launcher, "w", encoding="utf-8") as f:
        f.write(PROTON_LAUNCHER.format(wine64=WINE64))
    os.chmod(launcher, 0o755)
    compat = os.path.join(tmp, "compatdata")
    os.mkdir(compat)
    os.symlink(env["WINEPREFIX"], os.path.join(compat, "pfx"))
    loaders = [[wine], [WINE64], [launcher, "run"]]
    turn = 0
    for title in sorted(t[:-len("-win64.exe")] for t in os.listdir(titles)
                        if t.endswith("-win64.exe")):
        for profile in ("air-gapped", "zero-trust"):
            logs = {}
            for build_kind, command in (
                    ("elf", [os.path.join(build, f"samples/bin/O0/{title}-O0")]),
                    ("pe", loaders[turn % len(loaders)] + [os.path.join(titles, f"{title}-win64.exe")])):
                log = os.path.join(tmp, f"{title}.{profile}.{build_kind}.jsonl")
                started = time.monotonic()
                run = subprocess.run(
                    [cordon, "run", "--profile", profile, "--resolver", "127.0.0.1:5399",
                     "--audit", log, "--timeout", "120", "--"] + command,
                    env=dict(env, STEAM_COMPAT_DATA_PATH=compat), capture_output=True, timeout=180,
                    check=False)
                if run.returncode == 125:
                    skip("the sandbox cannot be set up here: " + run.stderr.decode()[-300:])
                want_status = 0
                if build_kind == "pe":
                    want_status = WINE_FAILS.get(title, 0)
                check(run.returncode == want_status,
                      f"{title} {build_kind} {profile} {command[0]}: exit {run.returncode}: "
                      f"{run.stderr.decode(errors='replace')[-600:]}")
                elapsed = time.monotonic() - started
                logs[build_kind] = network_lines(log)
            if title in PINNED:
                event, address, port = PINNED[title]
                rule = "air-gapped" if profile == "air-gapped" else "zero-trust:not-allowed"
                want = [(event, "inet", address, port, "deny", rule)]
                check(logs["elf"] == want, f"{title} elf {profile}: {logs['elf']}, want {want}")
            check(logs["pe"] == logs["elf"],
                  f"{title} under Wine, {profile}: {logs['pe']}, the ELF build: {logs['elf']}")
            print(f"{title} {profile} ({elapsed:.1f} s under Wine): {logs['pe']}", flush=True)
    # The report joins the PE build's scan with its Wine run.
    title = "xbox_global_tcp"
    scan = os.path.join(tmp, "scan.json")
    subprocess.run([cordon, "scan", "--format", "json", "-o", scan, "--fail-on", "never",
                    os.path.join(titles, f"{title}-win64.exe")], check=False, timeout=300)
    report = subprocess.run([cordon, "report", "--scan", scan, "--audit",
                             os.path.join(tmp, f"{title}.air-gapped.pe.jsonl"),
                             "--format", "json"], capture_output=True, check=False)
    check(report.returncode in (0, 1), f"cordon report: exit {report.returncode}: "
          f"{report.stderr[-500:]!r}")
    if report.returncode in (0, 1):
        endpoints = {e["endpoint"]: e["status"]
                     for e in json.loads(report.stdout)["endpoints"]}
        check(endpoints.get("198.51.100.7") == "matched"
              or endpoints.get("198.51.100.7:8443") == "matched",
              f"report: the PE scan's endpoint is not matched by its Wine run: {endpoints}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--build-dir", required=True)
    args = parser.parse_args()
    wine = shutil.which("wine")
    if wine is None:
        skip("wine is not installed (./setup installs Debian's wine and wine64)")
    cordon = os.path.abspath(args.cordon)
    build = os.path.abspath(args.build_dir)
    enter_empty_netns()
    with tempfile.TemporaryDirectory(prefix="cordon-wine-") as tmp:
        os.chmod(tmp, 0o755)
        titles = os.path.join(tmp, "titles")
        os.mkdir(titles)
        for dll in os.listdir(os.path.join(build, "samples/lib/mingw")):
            if dll.endswith(".dll"):
                shutil.copy(os.path.join(build, "samples/lib/mingw", dll), titles)
        pe_dir = os.path.join(build, "samples/bin/pe")
        for title in PINNED:
            if not os.path.exists(os.path.join(pe_dir, f"{title}-win64.exe")):
                skip(f"{pe_dir}/{title}-win64.exe is not built (the mingw-w64 cross compiler "
                     "is missing)")
        # mingw's thread runtime ships beside the title, as a mingw-built
        # game would ship it (eos_thread, steam_request_queue import it).
        if os.path.exists(WINPTHREAD):
            shutil.copy(WINPTHREAD, titles)
        for pe in os.listdir(pe_dir):
            if pe.endswith("-win64.exe"):
                shutil.copy(os.path.join(pe_dir, pe), titles)
        env = dict(os.environ, WINEPREFIX=os.path.join(tmp, "prefix"), WINEDEBUG="-all",
                   HOME=tmp, TMPDIR=tmp)
        # The prefix, on first use inside the sandbox.
        first = subprocess.run(
            [cordon, "run", "--profile", "air-gapped", "--resolver", "127.0.0.1:5399",
             "--timeout", "240", "--", wine, "cmd", "/c", "exit", "7"],
            env=env, capture_output=True, timeout=300, check=False)
        if first.returncode == 125:
            skip("the sandbox cannot be set up here: " + first.stderr.decode()[-300:])
        check(first.returncode == 7, f"first use of the prefix in the sandbox: exit "
              f"{first.returncode}: {first.stderr.decode(errors='replace')[-600:]}")
        for name in ("system.reg", "user.reg"):
            check(os.path.exists(os.path.join(tmp, "prefix", name)),
                  f"the sandboxed first use left no {name}: its wineserver did not save "
                  "the registry before the run ended")
        # A wineserver outside for the same prefix, as on a QA machine where
        # a run just ended: persistent until killed at the end.
        host_server = subprocess.Popen(["wineserver", "-f", "-p"], env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(1)
            check(host_server.poll() is None, "the wineserver outside did not start")
            run_titles(cordon, build, titles, wine, env, tmp)
            check(host_server.poll() is None, "the wineserver outside ended during the runs")
        finally:
            host_server.terminate()
            host_server.wait(timeout=30)
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
