#!/usr/bin/env python3
"""`cordon run` around real Debian game clients on a display (issue 12).

A client is fetched with its data and the libraries this machine lacks
(scripts/fetch-debian-games.sh --runtime; exit 3, no Debian mirror: skip 77)
and run three times on an Xvfb display (software GL through Mesa):
bare, under air-gapped and under zero-trust. Each run is judged by what is
on the screen (xwd screenshots of the root window: the first one that is not
blank gives the time to the first frame), by the audit log, and by what
arrived where:

- the client's network attempts are in the audit log with the names from
  the DNS view: air-gapped denies every lookup (`dns` deny lines carrying
  the master or server name) and every send; zero-trust, with --resolver on
  a DNS stub on loopback that answers the allowed name with 127.0.0.1 and
  --allow NAME:PORT, lets the client reach a loopback listener standing in
  for that server, and denies every other name;
- a client may use the display socket and nothing else of the host's
  sockets: a D-Bus session bus at $XDG_RUNTIME_DIR/bus and a system bus at
  /run/dbus/system_bus_socket are bait listeners (the bare run shows the
  client does connect to the session bus); under cordon they receive nothing.

Isolation: the test re-runs itself in a network and mount namespace of its
own (unshare): only loopback, the host's nameserver address put on `lo`
with a sentinel that must stay empty, private tmpfs on /tmp/.X11-unix,
/run/user and /run/dbus (the display, the bait). The bare run is in one more
network namespace (unshare -n) so its lookups reach nobody. No name is
resolved by the test itself.

Usage: client_test.py --cordon CORDON --fetch FETCH_SCRIPT --cache DIR --game GAME [--timeout S]
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from dns_stub import DnsStub  # noqa: E402
from listener import Listener  # noqa: E402
from realrun_test import Sentinel, lo_up, wait_until  # noqa: E402
import screen  # noqa: E402

SKIP = 77
IN_NS = "CORDON_CLIENT_NS"
OPENTTD_SERVER = "qa-server.example.net"  # the server QA tells the client to join (-n)

# What each client does on the network. `names`: lookups air-gapped must log
# as denied; `allow`: the one name zero-trust allows, on `port` over `proto`
# (None: the listener's port, which the client is told on its command line).
GAMES = {
    "teeworlds": {
        # 0.7 looks up its four master servers and its version server at
        # start, asks the masters (UDP 8283) for the server list and
        # broadcasts LAN discovery to 8303-8310.
        "names": [f"master{i}.teeworlds.com" for i in range(1, 5)],
        "allow": "master1.teeworlds.com",
        "port": 8283,
        "proto": "udp",
        "started": "initialisation finished",
        "air_sends": [("255.255.255.255", 8303)],
    },
    "openttd": {
        # Told to join a server by name (-n NAME:PORT), as QA joins a test
        # server: the name is looked up, then a TCP connection is made.
        "names": [OPENTTD_SERVER],
        "allow": OPENTTD_SERVER,
        "port": None,
        "proto": "tcp",
        "started": "[net] Starting network",
        "air_sends": [],
    },
}

results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)[-2000:]), flush=True)
    return ok


# ------------------------------------------------------------ namespaces


def enter_own_namespaces(argv):
    """Re-runs this script in new network and mount namespaces (and a user
    namespace when not root). None when already inside."""
    if os.environ.get(IN_NS) == "1":
        return None
    unshare = shutil.which("unshare")
    if unshare is None:
        print("SKIP: unshare(1) not found: the test needs namespaces of its own")
        return SKIP
    flags = ["--net", "--mount"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
    probe = subprocess.run([unshare, *flags, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        print("SKIP: cannot create network and mount namespaces: " + probe.stderr.strip())
        return SKIP
    env = dict(os.environ, **{IN_NS: "1"})
    return subprocess.run([unshare, *flags, sys.executable, *argv], env=env).returncode


def private_dirs():
    """tmpfs on the display's socket directory and the places D-Bus and the
    per-user runtime directory live, in this mount namespace only."""
    for path, mode in (("/tmp/.X11-unix", "1777"), ("/run/user", "755"), ("/run/dbus", "755")):
        os.makedirs(path, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"mode={mode}", "tmpfs", path], check=True)


class UnixBait:
    """A Unix stream listener where a client would find a D-Bus bus; keeps
    every connection (and the bytes of its first read)."""

    def __init__(self, path):
        self.path = path
        self.got = []
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        os.chmod(path, 0o777)
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            conn.settimeout(0.5)
            try:
                data = conn.recv(256)
            except OSError:
                data = b""
            self.got.append(data)
            conn.close()

    def take(self):
        got, self.got = self.got, []
        return got

    def close(self):
        self.stopping.set()
        self.thread.join()
        self.sock.close()


class NullSink:
    """A PulseAudio server with only a null sink, its socket where a desktop
    has it ($XDG_RUNTIME_DIR/pulse/native, here in the test's private
    /run/user): the sound server a client may use under cordon. Its own
    runtime directory and home are elsewhere, without DISPLAY or a bus
    address, so it contacts no D-Bus (nor the bait)."""

    def __init__(self, runtime_dir, work):
        self.socket = os.path.join(runtime_dir, "pulse", "native")
        os.makedirs(os.path.dirname(self.socket), mode=0o700)
        own = os.path.join(work, "pulse-server")
        os.makedirs(os.path.join(own, "run"), mode=0o700)
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
        env.update(HOME=own, XDG_RUNTIME_DIR=os.path.join(own, "run"))
        self.env = env
        self.log = open(os.path.join(own, "log"), "w")
        self.proc = subprocess.Popen(
            [*screen.dies_with_caller(), "pulseaudio", "--daemonize=no", "-n", "--exit-idle-time=-1", "--disallow-exit", "--use-pid-file=no",
             "--disable-shm=yes", "--load=module-null-sink sink_name=cordon_null",
             f"--load=module-native-protocol-unix socket={self.socket} auth-anonymous=1"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        if not wait_until(lambda: os.path.exists(self.socket) or self.proc.poll() is not None, 20) \
                or self.proc.poll() is not None:
            self.close()
            raise RuntimeError(f"pulseaudio did not start (exit {self.proc.returncode})")

    def clients(self):
        """The names of the programs connected now (pactl, application.process.binary)."""
        proc = subprocess.run(["pactl", "--server", f"unix:{self.socket}", "list", "clients"], capture_output=True,
                              text=True, env=self.env, timeout=20)
        return [line.split("=", 1)[1].strip().strip('"') for line in proc.stdout.splitlines()
                if "application.process.binary" in line]

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# -------------------------------------------------------------- the runs


def fetch(args):
    proc = subprocess.run([args.fetch, "--runtime", args.cache, args.game], capture_output=True, text=True,
                          timeout=900)
    if proc.returncode == 3:
        print(f"SKIP: {args.game} could not be fetched (no route to the Debian mirror?)\n" + proc.stderr[-600:])
        return None
    if proc.returncode != 0:
        print(proc.stderr[-2000:])
        raise SystemExit(f"{args.fetch} exited {proc.returncode}")
    info = {}
    for line in proc.stdout.splitlines():
        key, _, path = line.partition(" ")
        info.setdefault(key, path)
    return info


def client_command(game, info, work, port, sound):
    """The client's command line (libraries from the cache, through env)."""
    command = ["env", f"LD_LIBRARY_PATH={info[game + ':lib']}", info[game]]
    if game == "openttd":
        config = os.path.join(work, "openttd.cfg")
        with open(config, "w") as f:
            f.write("[network]\nclient_name = cordon-qa\n")  # no name: it would not join
        command += ["-s", "sdl" if sound else "null", "-m", "null", "-d", "net=3", "-c", config, "-n",
                    f"{OPENTTD_SERVER}:{port or 3979}"]
    return command


def client_env(work, runtime_dir, sound, display):
    home = os.path.join(work, "home")
    os.makedirs(home, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "PULSE_SERVER", "XAUTHORITY")}
    env.update(HOME=home, DISPLAY=display, XDG_RUNTIME_DIR=runtime_dir,
               DBUS_SESSION_BUS_ADDRESS=f"unix:path={runtime_dir}/bus",
               SDL_AUDIODRIVER="pulseaudio" if sound else "dummy",
               LIBGL_ALWAYS_SOFTWARE="1", SDL_VIDEODRIVER="x11")
    return env


def read_audit(path):
    events = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if line.endswith("\n"):
                    events.append(json.loads(line))
    return events


class Run:
    """One run of the client: its exit status, output, audit lines and what
    the screen showed."""

    def __init__(self, label):
        self.label = label
        self.rc = None
        self.ended_by_test = False
        self.text = ""
        self.events = []
        self.first_frame = None
        self.shots = 0
        self.drawn = 0
        self.distinct = set()
        self.sound_clients = []


def run_client(ctx, label, argv, work, audit, done):
    """Starts `argv`, takes screenshots until the client drew a few frames,
    played into the null sink (when there is one) and `done(run)` holds (or
    --timeout passes), then ends it with SIGTERM (cordon passes it on)."""
    run = Run(label)
    env = client_env(work, ctx.runtime_dir, ctx.sound, ctx.xvfb.display)
    xvfb, timeout = ctx.xvfb, ctx.args.timeout
    log_path = os.path.join(work, f"{label}.log")
    with open(log_path, "w") as log:
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)
        while time.monotonic() - started < timeout and proc.poll() is None:
            shot = xvfb.shot()
            now = time.monotonic() - started
            run.shots += 1
            if shot is not None and not shot.blank():
                run.drawn += 1
                run.distinct.add(shot.digest)
                if run.first_frame is None:
                    run.first_frame = now
            run.events = read_audit(audit) if audit else []
            run.text = open(log_path, errors="replace").read()
            if ctx.sound is not None and not run.sound_clients:
                run.sound_clients = [c for c in ctx.sound.clients() if c != "pactl"]
            if run.drawn >= 3 and (ctx.sound is None or run.sound_clients) and done(run):
                break
            time.sleep(0.2)
        if proc.poll() is None:
            run.ended_by_test = True
            proc.terminate()
        try:
            run.rc = proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            run.rc = proc.wait()
    run.text = open(log_path, errors="replace").read()
    run.events = read_audit(audit) if audit else []
    first = f"{run.first_frame:.2f} s" if run.first_frame is not None else "never"
    print(f"  {label}: exit {run.rc} after {time.monotonic() - started:.1f} s; first frame {first}; "
          f"{run.shots} screenshots, {run.drawn} not blank, {len(run.distinct)} distinct; "
          f"{len(run.events)} audit lines", flush=True)
    return run


def summarise(events):
    seen = {}
    for e in events:
        if e["event"] == "exec":
            continue
        key = (e["verdict"], e["event"], e["family"], e["address"], e["port"], e["host"], e["rule"])
        seen[key] = seen.get(key, 0) + 1
    for (verdict, event, family, address, port, host, rule), n in sorted(seen.items()):
        print(f"    {n:4}x {verdict:5} {event:7} {family:7} {address}:{port} host={host!r} rule={rule}")


def by_verdict(events):
    """Audit lines (exec aside) counted by event and verdict, e.g. 'dns deny'."""
    out = {}
    for e in events:
        if e["event"] != "exec":
            key = f"{e['event']} {e['family']} {e['verdict']}" if e["event"] == "connect" else \
                f"{e['event']} {e['verdict']}"
            out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


def common_checks(ctx, profile, run):
    game, info, baits = ctx.args.game, ctx.info, ctx.baits
    exe = os.path.basename(info[game])
    # SIGTERM: cordon passes it on; both clients then save their settings
    # and exit 0 (143 would be a client killed by it).
    check(f"{profile}: the client ran until the test ended it (not killed by the sandbox, not crashed)",
          run.ended_by_test and run.rc in (0, 143) and "cordon: error" not in run.text,
          f"exit {run.rc}\n{run.text[-1500:]}")
    check(f"{profile}: the audit log has the client's exec",
          any(e["event"] == "exec" and e["address"] == info[game] for e in run.events), run.events[:3])
    check(f"{profile}: the client started", GAMES[game]["started"] in run.text, run.text[-1500:])
    check(f"{profile}: the client drew frames (screenshots not blank)", run.drawn >= 1,
          f"{run.shots} screenshots, none drawn")
    for bait in baits:
        got = bait.take()
        check(f"{profile}: the bait at {bait.path} received nothing", not got, repr(got[:2]))
    bus = [e for e in run.events if e["family"] == "unix" and e["event"] == "connect"
           and "bus" in e["address"]]
    if ctx.bare_bus:
        check(f"{profile}: the client's D-Bus connect is in the audit log, denied",
              bus and all(e["verdict"] == "deny" for e in bus), json.dumps(bus))
    else:
        check(f"{profile}: no D-Bus connect allowed", all(e["verdict"] == "deny" for e in bus), json.dumps(bus))
    display = [e for e in run.events if e["family"] == "unix" and e["event"] == "connect"
               and e["verdict"] == "allow" and e["rule"] != "unix:abstract-in-netns"]  # its own netns's
    sockets = [ctx.xvfb.socket] + ([ctx.sound.socket] if ctx.sound else [])
    check(f"{profile}: the display{' and the sound server are' if ctx.sound else ' is'} the only host sockets allowed",
          display and all(e["address"] in sockets for e in display), json.dumps(display))
    if ctx.sound is not None:
        pulse = [e for e in display if e["address"] == ctx.sound.socket]
        check(f"{profile}: the sound server's socket allowed by its glob",
              pulse and all(e["rule"] == "unix:allow:/run/user/*/pulse/native" for e in pulse), json.dumps(pulse))
        check(f"{profile}: the client played into the null sink", os.path.basename(info[game]) in run.sound_clients,
              repr(run.sound_clients))
    allowed = [e for e in run.events if e["verdict"] == "allow" and e["family"] in ("inet", "inet6")
               and e["event"] in ("connect", "sendto", "sendmsg")]
    return exe, allowed


def air_gapped(ctx, work):
    args, info = ctx.args, ctx.info
    game = GAMES[args.game]
    audit = os.path.join(work, "air-gapped.jsonl")
    names = set(game["names"])

    def done(run):
        sends = {(e["address"], e["port"]) for e in run.events}
        return (game["started"] in run.text and names <= {e["host"] for e in run.events if e["event"] == "dns"}
                and all(send in sends for send in game["air_sends"]))

    argv = [args.cordon, "run", "--profile", "air-gapped", "--audit", audit, "--timeout",
            str(args.timeout + 30), "--", *client_command(args.game, info, work, None, ctx.sound)]
    run = run_client(ctx, "air-gapped", argv, work, audit, done)
    summarise(run.events)
    exe, allowed = common_checks(ctx, "air-gapped", run)
    for name in game["names"]:
        hits = [e for e in run.events if e["event"] == "dns" and e["host"] == name]
        check(f"air-gapped: the audit log names {name} as denied",
              hits and all(e["verdict"] == "deny" and e["exe"].endswith(exe) for e in hits), json.dumps(hits))
    for address, port in game["air_sends"]:
        hits = [e for e in run.events if e["address"] == address and e["port"] == port]
        check(f"air-gapped: its send to {address}:{port} is denied",
              hits and all(e["verdict"] == "deny" for e in hits), json.dumps(hits))
    leaks = [e for e in allowed if e["rule"] not in ("dns-view", "air-gapped:own-loopback")]
    check("air-gapped: nothing but its own loopback and the DNS view was allowed", not leaks, json.dumps(leaks))
    return run


def zero_trust(ctx, work):
    args, info = ctx.args, ctx.info
    game = GAMES[args.game]
    name = game["allow"]
    stub = DnsStub({name: "127.0.0.1"})
    listener = Listener(game["proto"], "127.0.0.1", game["port"] or 0)
    port = listener.port
    audit = os.path.join(work, "zero-trust.jsonl")

    def done(run):
        return game["started"] in run.text and listener.received() and any(
            e["event"] == "dns" and e["host"] == name for e in run.events)

    argv = [args.cordon, "run", "--profile", "zero-trust", "--allow", f"{name}:{port}", "--resolver",
            f"127.0.0.1:{stub.port}", "--audit", audit, "--timeout", str(args.timeout + 30), "--",
            *client_command(args.game, info, work, port, ctx.sound)]
    try:
        run = run_client(ctx, "zero-trust", argv, work, audit, done)
        wait_until(lambda: listener.received(), 2)
    finally:
        stub.close()
        listener.close()
    summarise(run.events)
    got = listener.received()
    print(f"  listener {game['proto']} 127.0.0.1:{port} got {len(got)} message(s), first "
          f"{got[0][:24]!r}" if got else f"  listener 127.0.0.1:{port} got nothing")
    exe, allowed = common_checks(ctx, "zero-trust", run)
    check(f"zero-trust: the client reached the loopback stand-in for {name}:{port}", got and any(got),
          run.text[-1200:])
    check(f"zero-trust: the stub was asked for {name} and nothing else", set(stub.names()) == {name},
          str(stub.queries))
    dns = [e for e in run.events if e["event"] == "dns"]
    check(f"zero-trust: {name} resolved through the view (dns allow with host)",
          any(e["verdict"] == "allow" and e["host"] == name and e["exe"].endswith(exe) for e in dns),
          json.dumps(dns))
    others = [e for e in dns if e["host"] != name]
    check("zero-trust: every other name was denied", all(e["verdict"] == "deny" for e in others),
          json.dumps(others))
    for other in game["names"]:
        if other != name:
            check(f"zero-trust: {other} has a dns deny line",
                  any(e["host"] == other and e["verdict"] == "deny" for e in dns), json.dumps(dns))
    reached = [e for e in allowed if e["rule"] != "dns-view"]
    check(f"zero-trust: the allowed lines carry host {name}, 127.0.0.1:{port}",
          reached and all(e["host"] == name and e["address"] == "127.0.0.1" and e["port"] == port
                          for e in reached), json.dumps(reached))
    return run


def bare(ctx, work, label="bare"):
    """The client without cordon, in one more network namespace (its lookups
    reach nobody): the time to its first frame, and whether it connects to
    the session bus (the attack the sandboxed runs must stop)."""
    args, runtime_dir = ctx.args, ctx.runtime_dir
    game = GAMES[args.game]
    argv = ["unshare", "--net", *client_command(args.game, ctx.info, work, None, ctx.sound)]
    run = run_client(ctx, label, argv, work, None, lambda run: game["started"] in run.text)
    check(f"{label}: the client drew frames", run.drawn >= 1, run.text[-1500:])
    if ctx.sound is not None:
        check(f"{label}: the client played into the null sink", run.sound_clients, run.text[-1500:])
    got = {bait.path: bait.take() for bait in ctx.baits}
    bus = bool(got[os.path.join(runtime_dir, "bus")])
    print(f"  {label}: the session bus bait got {len(got[os.path.join(runtime_dir, 'bus')])} connection(s), "
          f"the system bus bait {len(got['/run/dbus/system_bus_socket'])}")
    return run, bus


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--fetch", required=True)
    parser.add_argument("--cache", required=True)
    parser.add_argument("--game", required=True, choices=sorted(GAMES))
    parser.add_argument("--timeout", type=float, default=20, help="seconds a run may take to draw and connect")
    parser.add_argument("--info", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.cordon = os.path.abspath(args.cordon)

    if os.environ.get(IN_NS) != "1":
        missing = screen.missing_tools()
        if missing:
            print(f"SKIP: {', '.join(missing)} not installed (./setup installs xvfb and x11-apps)")
            return SKIP
        info = fetch(args)  # apt needs the host's network: before the namespace
        if info is None:
            return SKIP
        return enter_own_namespaces([os.path.abspath(__file__), *sys.argv[1:], "--info", json.dumps(info)])

    info = json.loads(args.info)
    lo_up()
    sentinel = Sentinel()
    if sentinel.socks:
        check("the sentinel on the host's nameserver address catches a probe", sentinel.probe())
    private_dirs()
    runtime_dir = f"/run/user/{os.getuid()}"
    os.makedirs(runtime_dir, mode=0o700)
    started = time.monotonic()
    figures = {}
    with tempfile.TemporaryDirectory(prefix="cordon-client-") as work:
        os.chmod(work, 0o755)
        ctx = types.SimpleNamespace(args=args, info=info, runtime_dir=runtime_dir, sound=None, bare_bus=False,
                                    baits=[], xvfb=None)
        try:  # whatever was started is stopped, also when a later start fails
            if shutil.which("pulseaudio") and shutil.which("pactl"):
                ctx.sound = NullSink(runtime_dir, work)
            else:
                print("note: pulseaudio not installed (./setup installs it): SDL_AUDIODRIVER=dummy, "
                      "no sound server")
            ctx.baits = [UnixBait(os.path.join(runtime_dir, "bus")), UnixBait("/run/dbus/system_bus_socket")]
            ctx.xvfb = screen.Xvfb()
            print(f"client {args.game}: own network and mount namespaces; Xvfb {ctx.xvfb.display}; sound "
                  f"server {ctx.sound.socket if ctx.sound else 'none'}; sentinel on {sentinel.names or 'nothing'}",
                  flush=True)
            phases = {}
            for label in ("bare", "air-gapped", "zero-trust"):
                phases[label] = os.path.join(work, label)
                os.mkdir(phases[label])
            figures["bare"], ctx.bare_bus = bare(ctx, phases["bare"])
            figures["air-gapped"] = air_gapped(ctx, phases["air-gapped"])
            figures["zero-trust"] = zero_trust(ctx, phases["zero-trust"])
            # Again with warm caches, as the sandboxed runs had them: the
            # start-up figures compare like with like.
            os.mkdir(os.path.join(work, "bare-warm"))
            figures["bare, warm"], _ = bare(ctx, os.path.join(work, "bare-warm"), "bare, warm")
        finally:
            if ctx.xvfb is not None:
                ctx.xvfb.close()
            for bait in ctx.baits:
                bait.close()
            if ctx.sound is not None:
                ctx.sound.close()
    check("the host's nameserver address received nothing", not sentinel.received(), repr(sentinel.got))
    for label, run in figures.items():
        first = f"{run.first_frame:.2f}" if run.first_frame is not None else "-"
        print(f"figures {args.game} {label}: first frame {first} s, {run.drawn}/{run.shots} screenshots drawn "
              f"({len(run.distinct)} distinct), attempts by verdict {by_verdict(run.events)}")
    failed = results.count(False)
    print(f"client {args.game}: {len(results) - failed} passed, {failed} failed in "
          f"{time.monotonic() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
