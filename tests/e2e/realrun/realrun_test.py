#!/usr/bin/env python3
"""`cordon run` around real Debian game servers nobody here wrote.

teeworlds-server announces itself to its master servers over UDP (it looks
up master1..4.teeworlds.com and sends to port 8283); minetest-server with
`server_announce = true` posts to its server list over HTTP
(servers.minetest.net/announce). For one game this test:

1. fetches the server with scripts/fetch-debian-games.sh --runtime (exit 3,
   no Debian mirror: the test exits 77, a skip);
2. re-runs itself inside a network namespace of its own (unshare), with only
   loopback, where the host's nameserver address is put on `lo` with a
   sentinel listening on port 53: nothing this test starts can reach the
   host's resolver or any other machine, and any packet meant for that
   resolver lands in the sentinel, which must stay empty;
3. air-gapped: the server keeps running until --timeout (exit 124: neither
   killed by the sandbox nor crashed), and the audit log names each
   announcement attempt as a `dns` deny event carrying the master name;
4. zero-trust: with --resolver pointing at a DNS stub on loopback that
   answers the master name with 127.0.0.1, and --allow MASTER:PORT, the
   announcement reaches a loopback listener (UDP for teeworlds, HTTP for
   minetest); the stub is never asked any other name (the sandbox does not
   forward them); the audit log has allow lines with `host` for the master
   and deny lines for every other name.

The test never resolves a name itself. Usage:
  realrun_test.py --cordon CORDON --fetch FETCH_SCRIPT --cache DIR --game GAME [--timeout S]
"""
import argparse
import http.server
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dns_stub import DnsStub  # noqa: E402

SKIP = 77
IN_NETNS = "CORDON_REALRUN_NETNS"

# What each server announces and to whom. `names` are the names it looks up
# to announce; `master` is the one zero-trust allows (on `port`).
GAMES = {
    "teeworlds-server": {
        "names": [f"master{i}.teeworlds.com" for i in range(1, 5)],
        "master": "master1.teeworlds.com",
        "port": 8283,  # teeworlds 0.7 master servers (0.6 used 8300)
        "started": "refreshing master server addresses",
    },
    "minetest-server": {
        "names": ["servers.minetest.net"],
        "master": "servers.minetest.net",
        "port": None,  # the HTTP listener's, given in serverlist_url
        "started": "Announcing start to servers.minetest.net",
    },
}

results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail), flush=True)
    return ok


def wait_until(condition, seconds):
    """Polls `condition` until it holds or `seconds` pass (bounded, no fixed sleep)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


# ---------------------------------------------------------------- isolation


def lo_up():
    """Brings up `lo` of this (new) network namespace: SIOCGIFFLAGS/SIOCSIFFLAGS."""
    import fcntl
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    req = struct.pack("16sH14x", b"lo", 0)
    flags = struct.unpack("16sH", fcntl.ioctl(s, 0x8913, req)[:18])[1]
    fcntl.ioctl(s, 0x8914, struct.pack("16sH14x", b"lo", flags | 0x1 | 0x40))
    s.close()


def host_nameservers():
    out = []
    try:
        for line in open("/etc/resolv.conf"):
            words = line.split()
            if len(words) >= 2 and words[0] == "nameserver":
                out.append(words[1].split("%")[0])
    except OSError:
        pass
    return out


class Sentinel:
    """Listens on UDP and TCP port 53 of the host's nameserver addresses,
    which this namespace puts on `lo`: whatever would have gone to the host's
    resolver arrives here instead, and must not."""

    def __init__(self):
        self.got = []
        self.socks = []
        for ns in host_nameservers():
            family = socket.AF_INET6 if ":" in ns else socket.AF_INET
            if not ns.startswith("127.") and ns != "::1":
                ip = shutil.which("ip") or "/usr/sbin/ip"
                prefix = "/128" if family == socket.AF_INET6 else "/32"
                if subprocess.run([ip, "addr", "add", ns + prefix, "dev", "lo"],
                                  capture_output=True).returncode != 0:
                    print(f"note: cannot put {ns} on lo; no sentinel for it")
                    continue
            for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                s = socket.socket(family, kind)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind((ns, 53))
                except OSError as e:  # e.g. a v6 address still tentative
                    print(f"note: no sentinel on {ns}:53 ({e})")
                    s.close()
                    continue
                if kind == socket.SOCK_STREAM:
                    s.listen(8)
                s.setblocking(False)
                self.socks.append(s)
        self.names = sorted({s.getsockname()[0] for s in self.socks})

    def probe(self):
        """Proves the sentinel catches what is sent to the resolver's address
        (a sentinel that cannot fail proves nothing), then forgets it."""
        for s in self.socks:
            family, kind = s.family, s.type
            with socket.socket(family, kind) as c:
                if kind == socket.SOCK_STREAM:
                    c.connect(s.getsockname()[:2])
                else:
                    c.sendto(b"probe", s.getsockname()[:2])
        ok = wait_until(lambda: len(self.received()) >= len(self.socks), 10)
        self.got = []
        return ok

    def received(self):
        for s in self.socks:
            try:
                if s.type == socket.SOCK_STREAM:
                    c, peer = s.accept()
                    self.got.append(("tcp", peer))
                    c.close()
                else:
                    data, peer = s.recvfrom(65535)
                    self.got.append(("udp", peer, data[:64]))
            except (BlockingIOError, OSError):
                pass
        return self.got


def enter_own_netns(argv):
    """Re-runs this script in a new network namespace (root: unshare -n; else
    also a user namespace). Returns the child's exit status, or None when
    already inside."""
    if os.environ.get(IN_NETNS) == "1":
        return None
    unshare = shutil.which("unshare")
    if unshare is None:
        print("SKIP: unshare(1) not found: the test needs a network namespace of its own")
        return SKIP
    flags = ["--net"] if os.geteuid() == 0 else ["--net", "--map-root-user"]
    env = dict(os.environ, **{IN_NETNS: "1"})
    probe = subprocess.run([unshare, *flags, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        print("SKIP: cannot create a network namespace: " + probe.stderr.strip())
        return SKIP
    return subprocess.run([unshare, *flags, sys.executable, *argv], env=env).returncode


# -------------------------------------------------------------- the servers


def fetch(args):
    proc = subprocess.run([args.fetch, "--runtime", args.cache, args.game], capture_output=True,
                          text=True, timeout=900)
    if proc.returncode == 3:
        print(f"SKIP: {args.game} could not be fetched (no route to the Debian mirror?)\n"
              + proc.stderr[-600:])
        return None
    if proc.returncode != 0:
        print(proc.stderr[-2000:])
        raise SystemExit(f"{args.fetch} exited {proc.returncode}")
    info = {}
    for line in proc.stdout.splitlines():
        key, _, path = line.partition(" ")
        info.setdefault(key, path)
    return info


def server_command(game, info, work, conf):
    home = os.path.join(work, "home")
    os.makedirs(home, exist_ok=True)
    env = ["env", f"HOME={home}"]
    if game == "teeworlds-server":
        return env + [info[game]]
    env.append(f"LD_LIBRARY_PATH={info[game + ':lib']}")
    return env + [info[game], "--gameid", "devtest", "--world", os.path.join(work, "world"),
                  "--config", conf]


def write_minetest_conf(path, serverlist_url=None):
    with open(path, "w") as f:
        f.write("server_announce = true\nserver_name = cordon realrun\nenable_ipv6 = false\n")
        if serverlist_url:
            f.write(f"serverlist_url = {serverlist_url}\n")


def run_cordon(args, profile_args, command, work, label, sentinel, done):
    """Runs the server under cordon until --timeout. When `done(text, events)`
    says the announcement was not seen (a machine too loaded to start the
    server in time), one more try with three times the timeout: a sandbox
    fault fails both. Returns (returncode, log text, events)."""
    timeout = args.timeout
    for attempt in (1, 2):
        audit = os.path.join(work, f"{label}-{attempt}.jsonl")
        log_path = os.path.join(work, f"{label}-{attempt}.log")
        started = time.monotonic()
        with open(log_path, "w") as log:
            proc = subprocess.Popen([args.cordon, "run", *profile_args, "--audit", audit,
                                     "--timeout", str(timeout), "--", *command],
                                    stdout=log, stderr=subprocess.STDOUT, cwd=work)
            rc = proc.wait(timeout=timeout + 120)
        text = open(log_path, errors="replace").read()
        events = [json.loads(line) for line in open(audit)] if os.path.exists(audit) else []
        print(f"  {label}: exit {rc} after {time.monotonic() - started:.1f} s (--timeout {timeout}), "
              f"{len(events)} audit lines", flush=True)
        sentinel.received()
        if done(text, events) or attempt == 2:
            return rc, text, events
        print(f"  {label}: the announcement was not seen; trying once more", flush=True)
        timeout *= 3
    raise AssertionError("unreachable")


def inet_allows(events):
    return [e for e in events if e["verdict"] == "allow" and e["family"] in ("inet", "inet6")]


def summarise(events):
    for e in events:
        if e["event"] != "exec":
            print(f"    {e['verdict']:5} {e['event']:7} {e['family']:5} {e['address']}:{e['port']} "
                  f"host={e['host']!r} rule={e['rule']}")


def air_gapped(args, info, work, sentinel):
    game = GAMES[args.game]
    conf = os.path.join(work, "air-gapped.conf")
    write_minetest_conf(conf)  # the default serverlist_url: servers.minetest.net
    names = set(game["names"])
    rc, text, events = run_cordon(
        args, ["--profile", "air-gapped"], server_command(args.game, info, work, conf), work,
        "air-gapped", sentinel, lambda text, events: game["started"] in text and names <= {
            e["host"] for e in events if e["event"] == "dns"})
    summarise(events)
    check("air-gapped: the server ran until --timeout (124), not killed, not crashed",
          rc == 124 and "cordon: timeout" in text, f"exit {rc}\n{text[-1500:]}")
    check("air-gapped: the server got to its announcement", game["started"] in text, text[-1500:])
    exe = os.path.basename(info[args.game])
    for name in game["names"]:
        hits = [e for e in events if e["event"] == "dns" and e["host"] == name]
        check(f"air-gapped: the audit log names {name} as denied",
              hits and all(e["verdict"] == "deny" and e["pid"] > 0 and e["exe"].endswith(exe)
                           for e in hits), json.dumps(hits))
    leaks = [e for e in inet_allows(events)
             if e["rule"] not in ("dns-view", "bind:local", "air-gapped:own-loopback")]
    check("air-gapped: nothing but its own loopback and the DNS view was allowed", not leaks,
          json.dumps(leaks))
    check("air-gapped: no allowed dns answer", not [e for e in events if e["event"] == "dns"
                                                    and e["verdict"] != "deny"])


class Listener:
    """The master server's stand-in on loopback: UDP datagrams (teeworlds) or
    HTTP requests (minetest)."""

    def __init__(self, game, port):
        self.got = []
        self.http = None
        if game == "teeworlds-server":
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.bind(("127.0.0.1", port))
            self.port = port
            self.thread = threading.Thread(target=self._udp, daemon=True)
        else:
            got = self.got

            class Handler(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
                    got.append(("POST", self.path, dict(self.headers), body))
                    self.send_response(200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

                do_GET = do_POST

                def log_message(self, *a):
                    pass

            self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            self.port = self.http.server_address[1]
            self.thread = threading.Thread(target=self.http.serve_forever, kwargs={"poll_interval": 0.1},
                                           daemon=True)
        self.thread.start()

    def _udp(self):
        self.sock.settimeout(0.1)
        while self.sock.fileno() >= 0:
            try:
                data, peer = self.sock.recvfrom(65535)
                self.got.append(("UDP", peer, data))
            except socket.timeout:
                continue
            except OSError:
                return

    def close(self):
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()
        else:
            self.sock.close()
        self.thread.join()


def zero_trust(args, info, work, sentinel):
    game = GAMES[args.game]
    master = game["master"]
    stub = DnsStub({master: "127.0.0.1"})
    listener = Listener(args.game, game["port"] or 0)
    port = listener.port
    conf = os.path.join(work, "zero-trust.conf")
    write_minetest_conf(conf, f"{master}:{port}")
    try:
        rc, text, events = run_cordon(
            args, ["--profile", "zero-trust", "--allow", f"{master}:{port}", "--resolver",
                   f"127.0.0.1:{stub.port}"], server_command(args.game, info, work, conf), work,
            "zero-trust", sentinel,
            # Sent before the timeout; the listener's thread may still be reading it.
            lambda text, events: wait_until(lambda: listener.got, 5))
    finally:
        stub.close()
        listener.close()
    summarise(events)
    print(f"  listener on 127.0.0.1:{port} got {len(listener.got)} announcement(s); "
          f"the stub was asked {sorted(set(stub.names()))}")
    for g in listener.got[:1]:
        print("    first:", g[0], g[1], (g[2].get("User-Agent") if isinstance(g[2], dict) else ""),
              repr(g[3][:160]) if len(g) > 3 else repr(g[2][:32]))
    check("zero-trust: the server ran until --timeout (124)", rc == 124 and "cordon: timeout" in text,
          f"exit {rc}\n{text[-1500:]}")
    if args.game == "teeworlds-server":
        ok = any(peer == ("127.0.0.1", 8303) for _, peer, _ in listener.got)  # its game socket
    else:
        ok = any(m == "POST" and path == "/announce" and h.get("User-Agent", "").startswith("Minetest/")
                 for m, path, h, _ in listener.got)
    check(f"zero-trust: the announcement reached the loopback listener (port {port})", ok,
          repr(listener.got[:2]) + text[-1200:])
    if args.game == "minetest-server":
        # docs/real-titles.md: every minetest HTTP request's User-Agent carries
        # the kernel name, release and machine (uname): seen here on the wire.
        uname = os.uname()
        check("zero-trust: the announce's User-Agent carries uname (the confirmed exfiltration path)",
              any(f"({uname.sysname}/{uname.release} {uname.machine})" in h.get("User-Agent", "")
                  for _, _, h, _ in listener.got), repr(listener.got[:1]))
    check(f"zero-trust: the stub was asked for {master} and nothing else",
          set(stub.names()) == {master}, str(stub.queries))
    exe = os.path.basename(info[args.game])
    dns = [e for e in events if e["event"] == "dns"]
    check(f"zero-trust: {master} resolved through the view (dns allow with host)",
          any(e["verdict"] == "allow" and e["host"] == master and e["exe"].endswith(exe) for e in dns),
          json.dumps(dns))
    others = [e for e in dns if e["host"] != master]
    check("zero-trust: every other name was denied",
          all(e["verdict"] == "deny" for e in others), json.dumps(others))
    for name in game["names"]:
        if name != master:
            check(f"zero-trust: {name} has a dns deny line",
                  any(e["host"] == name and e["verdict"] == "deny" for e in dns), json.dumps(dns))
    reached = [e for e in inet_allows(events) if e["event"] in ("connect", "sendto", "sendmsg")
               and e["rule"] != "dns-view"]
    check(f"zero-trust: the announcement's allow lines carry host {master}, 127.0.0.1:{port}",
          reached and all(e["host"] == master and e["address"] == "127.0.0.1" and e["port"] == port
                          for e in reached), json.dumps(reached))
    check("zero-trust: nothing else was allowed off the title (only its DNS view, its binds)",
          all(e["rule"] in ("dns-view", "bind:local") or e in reached for e in inet_allows(events)),
          json.dumps(inet_allows(events)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--fetch", required=True)
    parser.add_argument("--cache", required=True)
    parser.add_argument("--game", required=True, choices=sorted(GAMES))
    parser.add_argument("--timeout", type=float, default=8)
    parser.add_argument("--info", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.cordon = os.path.abspath(args.cordon)

    if os.environ.get(IN_NETNS) != "1":
        info = fetch(args)  # apt needs the host's network: before the namespace
        if info is None:
            return SKIP
        argv = [os.path.abspath(__file__), *sys.argv[1:], "--info", json.dumps(info)]
        return enter_own_netns(argv)

    info = json.loads(args.info)
    lo_up()
    sentinel = Sentinel()
    print(f"realrun {args.game}: own network namespace; sentinel on {sentinel.names or 'nothing'}",
          flush=True)
    if sentinel.socks:
        check("the sentinel on the host's nameserver address catches a probe", sentinel.probe())
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cordon-realrun-") as work:
        os.chmod(work, 0o755)
        t0 = time.monotonic()
        os.mkdir(os.path.join(work, "ag"))
        air_gapped(args, info, os.path.join(work, "ag"), sentinel)
        print(f"  air-gapped phase: {time.monotonic() - t0:.1f} s")
        t0 = time.monotonic()
        os.mkdir(os.path.join(work, "zt"))
        zero_trust(args, info, os.path.join(work, "zt"), sentinel)
        print(f"  zero-trust phase: {time.monotonic() - t0:.1f} s")
    check("the host's nameserver address received nothing", not sentinel.received(),
          repr(sentinel.got))
    failed = results.count(False)
    print(f"realrun {args.game}: {len(results) - failed} passed, {failed} failed "
          f"in {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
