#!/usr/bin/env python3
"""Allowlists learned from a run, and draft manifests from a scan, end to end.

  learn_e2e.py --cordon BIN --build-dir DIR profile|manifest

profile   In a network namespace of the test's own (loopback only, the
          samples' documentation addresses added to it, a listener on each,
          a DNS stub on 127.0.0.1), run sample titles and a title that
          reaches names under `cordon run --profile zero-trust --mode audit`,
          then `cordon report --audit --emit-profile`: the allowlist must be
          exactly the endpoints reached (names from the DNS view, with
          ports; a name only looked up, bare), commented with process and
          count; `cordon rules check FILE` passes. Then the same titles under
          the learned profile (enforce): no deny line for any network
          attempt, and the listeners receive the bytes again; a title the
          audit run did not run (clean_ping) is denied and nothing arrives.
manifest  Scan samples, `cordon report --scan --emit-manifest`; the draft
          loads (scan --manifest) and declares every exfiltration path: the
          same scan with it reports each path allowed, `cordon report
          --manifest` finds every predicted endpoint declared.

Titles only ever run inside the test's own network namespace and cordon's
sandbox. Exit: 0 pass, 1 fail, 77 skip.
"""
import argparse
import ctypes
import json
import os
import shutil
import re
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "realrun"))
from dns_stub import DnsStub  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from listener import Listener  # noqa: E402

CLONE_NEWNET = 0x40000000
FAILURES = []


def check(ok, what, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else ": " + str(detail)[:3000]))
    if not ok:
        FAILURES.append(what)
    return ok


def skip(reason):
    print("SKIP: " + reason)
    sys.exit(77)


def sample(build, title):
    return os.path.join(build, "samples", "bin", "O0", f"{title}-O0")


# Reaches names through the sandbox's DNS view: connect=NAME:PORT sends the
# name to it; resolve=NAME only looks it up.
NAMES_TITLE = r"""
import socket, sys
for action in sys.argv[1:]:
    verb, _, arg = action.partition("=")
    try:
        if verb == "connect":
            name, port = arg.rsplit(":", 1)
            addr = socket.getaddrinfo(name, int(port), socket.AF_INET, socket.SOCK_STREAM)[0][4]
            s = socket.create_connection(addr, timeout=10)
            s.sendall(name.encode())
            s.close()
            result = "connected"
        else:
            socket.getaddrinfo(arg, 80, socket.AF_INET, socket.SOCK_STREAM)
            result = "resolved"
    except OSError as e:
        result = "failed %r" % e
    print(action + " -> " + result, flush=True)
"""


def enter_netns():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        skip("cannot create a network namespace (needs root): " + os.strerror(ctypes.get_errno()))
    ip = shutil.which("ip") or "/usr/sbin/ip"
    for args in (["link", "set", "lo", "up"], ["addr", "add", "198.51.100.7/32", "dev", "lo"],
                 ["addr", "add", "192.0.2.10/32", "dev", "lo"], ["addr", "add", "192.0.2.50/32", "dev", "lo"]):
        r = subprocess.run([ip, *args], capture_output=True, text=True)
        if r.returncode != 0:
            skip(f"ip {' '.join(args)}: {r.stderr.strip()}")


def events_of(path):
    if not os.path.exists(path):
        return []
    return [json.loads(line) for line in open(path) if line.strip()]


NETWORK_EVENTS = ("connect", "sendto", "sendmsg", "dns")


def run_profile(cordon, build):
    enter_netns()
    lobby = Listener("tcp", "198.51.100.7", 8443)       # xbox_global_tcp
    fingerprint = Listener("udp", "192.0.2.10", 9999)   # fingerprint_udp
    ping = Listener("udp", "192.0.2.50", 9000)          # clean_ping (never audited)
    game = Listener("tcp", "127.0.0.1")                 # names resolve here
    master, lookup = "master.learn-game.test", "news.learn-game.test"
    stub = DnsStub({master: "127.0.0.1", lookup: "127.0.0.1"})
    with tempfile.TemporaryDirectory(prefix="cordon-learn-") as tmp:
        os.chmod(tmp, 0o755)
        script = os.path.join(tmp, "names.py")
        with open(script, "w") as f:
            f.write(NAMES_TITLE)
        titles = [[sample(build, "xbox_global_tcp")], [sample(build, "fingerprint_udp")],
                  ["/usr/bin/python3", script, f"connect={master}:{game.port}", f"resolve={lookup}",
                   f"connect={master}:{game.port}"]]
        resolver = ["--resolver", f"127.0.0.1:{stub.port}"]

        def run(profile_args, audit, title):
            r = subprocess.run([cordon, "run", *profile_args, *resolver, "--audit", audit, "--timeout", "60",
                                "--", *title], capture_output=True, text=True, timeout=120)
            if r.returncode == 125:
                skip("the sandbox cannot be set up here: " + r.stderr.strip()[-400:])
            return r

        audit = os.path.join(tmp, "audit.jsonl")
        for title in titles:
            r = run(["--profile", "zero-trust", "--mode", "audit"], audit, title)
            check(r.returncode == 0, f"audit run of {os.path.basename(title[0])} exits 0", r.stdout + r.stderr)
        check(lobby.take() == [b"HELLO MockGamer42\n"], "audit run: the lobby got the gamertag")
        check(len(fingerprint.take()) == 1, "audit run: the fingerprint datagram arrived")
        check(game.take() == [master.encode()] * 2, "audit run: the name was reached twice")
        audited = [e for e in events_of(audit) if e["verdict"] == "audit" and e["event"] in NETWORK_EVENTS]
        check(len(audited) >= 5, "audit run: the attempts were audited", json.dumps(audited))

        learned = os.path.join(tmp, "learned.yaml")
        r = subprocess.run([cordon, "report", "--audit", audit, "--emit-profile", learned],
                           capture_output=True, text=True, timeout=120)
        check(r.returncode in (0, 1), "report --emit-profile exits 0 or 1", r.stderr)
        text = open(learned).read() if os.path.exists(learned) else ""
        print(text[:4000])
        r = subprocess.run([cordon, "run", "--profile", learned, "--print-profile"], capture_output=True, text=True)
        check(r.returncode == 0, "the learned profile loads", r.stderr)
        allow, inside = [], False
        for line in text.splitlines():
            if not line.startswith(" "):
                inside = line.startswith("allow:")
            elif inside and line.startswith("  - "):
                allow.append(line[4:].split("  #")[0].strip().strip('"'))
        want = [f"{master}:{game.port}", lookup, "192.0.2.10:9999", "198.51.100.7:8443"]
        check(allow == want, "the allowlist is exactly the endpoints reached (names with ports, a "
              "name only looked up bare)", f"got {allow}, want {want}")
        lines = {line.split("  #")[0].strip()[2:].strip('"'): line for line in text.splitlines() if "  # " in line}
        # The process is named by its executable; where cordon runs as root in a
        # chroot (a chroot-based fresh-machine check) that path is given from the
        # host's root, so only its end is compared.
        check(re.search(r"connect x2 by \S*/usr/bin/python3", lines.get(f"{master}:{game.port}", ""))
              is not None,
              "the comment names the process and the count", lines)
        check("xbox_global_tcp-O0" in lines.get("198.51.100.7:8443", ""), "the sample is named in its comment",
              lines)
        r = subprocess.run([cordon, "rules", "check", learned], capture_output=True, text=True)
        check(r.returncode == 0 and "profile learned" in r.stdout, "cordon rules check passes the learned profile",
              r.stdout + r.stderr)
        broken = os.path.join(tmp, "broken.yaml")
        with open(broken, "w") as f:
            f.write(text.replace("198.51.100.7:8443", "198.51.100.7:99999"))
        r = subprocess.run([cordon, "rules", "check", broken], capture_output=True, text=True)
        check(r.returncode == 2 and "broken.yaml:" in r.stderr, "rules check fails a broken profile file",
              r.stdout + r.stderr)

        rerun = os.path.join(tmp, "rerun.jsonl")
        for title in titles:
            r = run(["--profile", learned], rerun, title)
            check(r.returncode == 0, f"enforce run of {os.path.basename(title[0])} under the learned profile "
                  "exits 0", r.stdout + r.stderr)
        events = events_of(rerun)
        # Network attempts: none denied. Other would-be denials (python's
        # glibc tries the host's nscd socket, a way around the DNS view) are
        # not learned; the profile's header lists them for a reviewer.
        denied = [e for e in events if e["verdict"] != "allow" and
                  (e["event"] in NETWORK_EVENTS and e["family"] in ("inet", "inet6", "null"))]
        check(not denied, "no deny line for a network attempt under the learned profile", json.dumps(denied))
        others = {(e["event"], e["address"]) for e in events if e["verdict"] == "deny"} - {
            (e["event"], e["address"]) for e in events_of(audit) if e["verdict"] == "audit"}
        check(not others, "nothing is denied that the audit run did not also do", others)
        for e in events:
            if e["verdict"] == "deny":
                check(e["address"] in text.split("\nprofile:")[0],
                      f"the header lists what stays denied ({e['address']})", text[:1500])
        network = [e for e in events if e["event"] in NETWORK_EVENTS]
        check(len(network) >= 5 and all(e["profile"] == "learned" for e in network),
              "the rerun's network attempts are logged as allowed by 'learned'", json.dumps(network))
        check(lobby.take() == [b"HELLO MockGamer42\n"] and len(fingerprint.take()) == 1
              and game.take() == [master.encode()] * 2, "under the learned profile the bytes arrive again")
        r = run(["--profile", learned], rerun, [sample(build, "clean_ping")])
        denied = [e for e in events_of(rerun) if e["verdict"] == "deny" and e.get("port") == 9000]
        check(denied and not ping.take(), "an endpoint the audit run never reached is denied, nothing arrives",
              json.dumps(events_of(rerun)[-5:]))
        r = subprocess.run([cordon, "report", "--emit-profile", learned], capture_output=True, text=True)
        check(r.returncode == 2 and "--audit" in r.stderr, "--emit-profile without --audit is a usage error",
              r.stderr)
    stub.close()
    for listener in (lobby, fingerprint, ping, game):
        listener.close()


def run_manifest(cordon, build):
    titles = ["psn_to_playfab", "xbox_global_tcp", "fingerprint_udp", "steam_helper_chain",
              "machine_id_udp6", "xbox_same_vendor"]
    with tempfile.TemporaryDirectory(prefix="cordon-draft-") as tmp:
        scan = os.path.join(tmp, "scan.json")
        r = subprocess.run([cordon, "scan", "--format", "json", "-o", scan] + [sample(build, t) for t in titles],
                           capture_output=True, text=True, timeout=600)
        if not check(r.returncode in (0, 1), "scan exits 0 or 1", r.stderr):
            return
        paths = [f for f in json.load(open(scan))["findings"] if f["kind"] == "exfiltration-path"]
        check(len(paths) >= 5, "the scan finds the samples' paths", len(paths))
        draft = os.path.join(tmp, "draft.yaml")
        r = subprocess.run([cordon, "report", "--scan", scan, "--emit-manifest", draft],
                           capture_output=True, text=True, timeout=300)
        check(r.returncode in (0, 1) and os.path.exists(draft), "report --emit-manifest writes the draft", r.stderr)
        text = open(draft).read() if os.path.exists(draft) else ""
        print(text[:4000])
        check("CRITICAL" in text and "title-1a2b.playfabapi.com:443" in text,
              "the cross-platform path is flagged and its endpoint named host:port", text)
        again = os.path.join(tmp, "again.json")
        r = subprocess.run([cordon, "scan", "--format", "json", "--manifest", draft, "-o", again]
                           + [sample(build, t) for t in titles], capture_output=True, text=True, timeout=600)
        check(r.returncode == 0, "the draft loads and the scan with it passes the gate", r.stderr)
        if os.path.exists(again):
            after = [f for f in json.load(open(again))["findings"] if f["kind"] == "exfiltration-path"]
            check(len(after) == len(paths) and all(f["allowed"] for f in after),
                  "the draft declares every exfiltration path",
                  [(f["rule"], f["endpoints"]) for f in after if not f["allowed"]])
        r = subprocess.run([cordon, "report", "--scan", scan, "--manifest", draft, "--format", "json"],
                           capture_output=True, text=True, timeout=300)
        if check(r.returncode == 0, "report with the draft: nothing undeclared", r.stderr):
            joined = json.loads(r.stdout)
            flows = joined.get("flows", [])
            check(flows and all(f.get("declared") for f in flows), "report: every flow is declared",
                  [f for f in flows if not f.get("declared")][:3])
        r = subprocess.run([cordon, "report", "--audit", scan, "--emit-manifest", draft], capture_output=True,
                           text=True)
        check(r.returncode == 2 and "--scan" in r.stderr, "--emit-manifest without --scan is a usage error",
              r.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("check", choices=["profile", "manifest"])
    args = parser.parse_args()
    if args.check == "profile":
        if os.geteuid() != 0:
            skip("needs root for its own network namespace")
        run_profile(args.cordon, args.build_dir)
    else:
        run_manifest(args.cordon, args.build_dir)
    print(f"{len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
