#!/usr/bin/env python3
"""Benchmarks of `cordon run` against bare runs on this machine; prints
ratios. Loopback only. Usage: bench_sandbox.py CORDON BENCH_TITLE [--quick]

  syscalls   getpid + pipe write/read loop: sandboxed / bare time (target <= 1.05)
  connect    connects to a loopback listener, zero-trust allowed: added
             latency per connect (target < 50 us) and connects per second
  udp        a game-server loop, unconnected sendto at a fixed tick to many
             loopback clients: throughput sandboxed / bare (target >= 0.9)
             and the supervisor's CPU use
  startup    `cordon run -- /bin/true` against a bare run (and bwrap /
             firejail when installed)"""
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time

CORDON, TITLE = sys.argv[1], sys.argv[2]
QUICK = "--quick" in sys.argv


def parse(out):
    for line in out.splitlines():
        if line.startswith("RESULT "):
            return {k: float(v) for k, v in (x.split("=") for x in line.split()[1:])}
    raise RuntimeError("no RESULT in: " + out)


def run(cmd, env=None):
    """Runs cmd; returns (result dict, cpu seconds of cmd and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise RuntimeError(f"{cmd} exited {p.returncode}: {p.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return parse(p.stdout), cpu


def sandboxed(profile, args, allow=()):
    cmd = [CORDON, "run", "--profile", profile]
    for a in allow:
        cmd += ["--allow", a]
    return cmd + ["--", TITLE] + args


def best(times):
    return min(times)


def bench_syscalls():
    n = "200000" if QUICK else "1000000"
    bare = best([run([TITLE, "syscalls", n])[0]["seconds"] for _ in range(3)])
    for profile in ("air-gapped", "zero-trust"):
        boxed = best([run(sandboxed(profile, ["syscalls", n]))[0]["seconds"] for _ in range(3)])
        print(f"syscalls   {profile:10}  bare {bare:.3f}s  sandboxed {boxed:.3f}s  ratio {boxed / bare:.3f}")


def bench_connect():
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4096)
    port = listener.getsockname()[1]
    stop = False

    def accept():
        listener.settimeout(0.2)
        while not stop:
            try:
                c, _ = listener.accept()
                c.close()
            except OSError:
                pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    env = dict(os.environ, BENCH_PORT=str(port))
    n = "500" if QUICK else "3000"
    bare = min((run([TITLE, "connect", n], env)[0] for _ in range(3)), key=lambda r: r["us_per_connect"])
    boxed = min((run(sandboxed("zero-trust", ["connect", n], [f"127.0.0.1:{port}"]), env)[0] for _ in range(3)),
                key=lambda r: r["us_per_connect"])
    stop = True
    t.join()
    listener.close()
    added = boxed["us_per_connect"] - bare["us_per_connect"]
    print(f"connect    zero-trust  bare {bare['us_per_connect']:.1f} us ({bare['per_second']:.0f}/s)  "
          f"sandboxed {boxed['us_per_connect']:.1f} us ({boxed['per_second']:.0f}/s)  added {added:.1f} us per connect")


def bench_udp():
    clients = 64
    socks = []
    base = None
    while base is None:  # 64 consecutive free ports
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.bind(("127.0.0.1", 0))
        start = probe.getsockname()[1]
        probe.close()
        if start + clients >= 65535:
            continue
        try:
            socks = []
            for i in range(clients):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
                s.bind(("127.0.0.1", start + i))
                socks.append(s)
            base = start
        except OSError:
            for s in socks:
                s.close()
    stop = False

    def drain():
        import select
        while not stop:
            ready, _, _ = select.select(socks, [], [], 0.1)
            for s in ready:
                try:
                    while True:
                        s.recv(2048, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    pass

    t = threading.Thread(target=drain, daemon=True)
    t.start()
    env = dict(os.environ, BENCH_UDP_BASE=str(base))
    seconds, hz = ("2", "120") if QUICK else ("5", "120")
    args = ["udp", seconds, hz, str(clients)]
    bare, _ = run([TITLE] + args, env)
    allow = [f"127.0.0.1:{base}-{base + clients - 1}"]
    boxed, cpu = run(sandboxed("zero-trust", args, allow), env)
    stop = True
    t.join()
    for s in socks:
        s.close()
    supervisor_cpu = cpu - boxed["title_cpu"]
    print(f"udp        zero-trust  {clients} clients at {hz} Hz: bare {bare['packets_per_second']:.0f} pkt/s  "
          f"sandboxed {boxed['packets_per_second']:.0f} pkt/s  ratio {boxed['packets_per_second'] / bare['packets_per_second']:.3f}  "
          f"supervisor cpu {100 * supervisor_cpu / boxed['seconds']:.1f}% of one core")


def bench_startup():
    n = 10 if QUICK else 30

    def timed(cmd):
        samples = []
        for _ in range(n):
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            samples.append(time.perf_counter() - t0)
        return statistics.median(samples) * 1000

    bare = timed(["/bin/true"])
    # The cordon executable alone (it links the analyzers' LLVM and libclang):
    # what is above this is the sandbox's own start-up.
    rows = [("bare", bare), ("cordon --version", timed([CORDON, "--version"]))]
    for profile in ("air-gapped", "zero-trust"):
        rows.append((f"cordon {profile}", timed([CORDON, "run", "--profile", profile, "--", "/bin/true"])))
    if shutil.which("bwrap"):
        rows.append(("bwrap --unshare-net", timed(["bwrap", "--dev-bind", "/", "/", "--unshare-net", "/bin/true"])))
    if shutil.which("firejail"):
        rows.append(("firejail --net=none", timed(["firejail", "--quiet", "--net=none", "/bin/true"])))
    for name, ms in rows:
        print(f"startup    {name:22}  {ms:7.2f} ms  ({ms - bare:+.2f} ms over bare)")


if __name__ == "__main__":
    bench_syscalls()
    bench_connect()
    bench_udp()
    bench_startup()
