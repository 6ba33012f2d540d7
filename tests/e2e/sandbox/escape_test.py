#!/usr/bin/env python3
"""Escape suite for `cordon run`: each technique of escape.c is run bare
first (it must get its token out: the technique works on this machine), then
under air-gapped and zero-trust (the token must not arrive anywhere it must
not, and the blocked attempt must have an audit line). Under zero-trust an
honest connect to the allowed loopback port must keep working.

Only loopback is used: listeners on 127.0.0.1, ::1, a host Unix path socket
and an abstract socket, all started here with fresh ports and a fresh token.
Usage: escape_test.py CORDON ESCAPE [TECHNIQUE...]"""
import json
import os
import secrets
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time

TECHNIQUES = ["tcp", "udp", "sendmsg", "sendmmsg", "fastopen", "fork", "thread", "execve",
              "vfork", "clone3", "io_uring", "race", "int80", "raw", "netlink", "ipv6",
              "mapped", "127.1", "unix-path", "unix-abstract", "process-vm", "dns"]


class Listeners:
    """Every listener records what it receives; `forbidden` ones must never see the token."""

    def __init__(self, tmp):
        self.received = {}  # name -> bytes
        self.lock = threading.Lock()
        self.socks = {}
        self.stop = False
        self.abstract = "cordon-escape-" + secrets.token_hex(4)
        self.unix_path = os.path.join(tmp, "host.sock")
        self._tcp("tcp", socket.AF_INET, ("127.0.0.1", 0))
        self._tcp("tcp6", socket.AF_INET6, ("::1", 0))
        self._tcp("allowed", socket.AF_INET, ("127.0.0.1", 0))
        self._tcp("unix-path", socket.AF_UNIX, self.unix_path)
        self._tcp("unix-abstract", socket.AF_UNIX, "\0" + self.abstract)
        self._udp("udp", ("127.0.0.1", 0))
        self._udp("allowed-udp", ("127.0.0.1", 0))
        self._udp("dns", ("127.0.0.1", 0))
        self.clients = []
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _tcp(self, name, family, address):
        s = socket.socket(family, socket.SOCK_STREAM)
        if family != socket.AF_UNIX:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET:
            s.setsockopt(socket.IPPROTO_TCP, 23, 16)  # TCP_FASTOPEN queue
        s.bind(address)
        s.listen(512)
        self.socks[s] = ("listen", name)

    def _udp(self, name, address):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(address)
        self.socks[s] = ("udp", name)

    def port(self, name):
        for s, (_, n) in self.socks.items():
            if n == name:
                return s.getsockname()[1]
        raise KeyError(name)

    def _add(self, name, data):
        with self.lock:
            self.received[name] = self.received.get(name, b"") + data + b"\n"

    def _loop(self):
        while not self.stop:
            ready, _, _ = select.select(list(self.socks), [], [], 0.05)
            for s in ready:
                kind, name = self.socks[s]
                try:
                    if kind == "listen":
                        c, _ = s.accept()
                        self.socks[c] = ("conn", name)
                    elif kind == "udp":
                        data, _ = s.recvfrom(65536)
                        self._add(name, data)
                    else:
                        data = s.recv(65536)
                        if data:
                            self._add(name, data)
                        else:
                            del self.socks[s]
                            s.close()
                except OSError:
                    if kind == "conn":
                        del self.socks[s]
                        s.close()

    def take(self, token=None):
        # Let late data in; when the token is expected, wait for it a while.
        deadline = time.monotonic() + (3.0 if token else 0.5)
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if token:
                with self.lock:
                    if any(token in v for v in self.received.values()):
                        break
        time.sleep(0.05)
        with self.lock:
            got, self.received = self.received, {}
        return got

    def close(self):
        self.stop = True
        self.thread.join()
        for s in list(self.socks):
            s.close()


def start_victim(escape):
    p = subprocess.Popen([escape, "victim", "/dev/null"], stdout=subprocess.PIPE, text=True)
    pid, addr = p.stdout.readline().split()
    return p, int(pid), int(addr, 16)


def victim_memory(pid, addr):
    try:
        with open(f"/proc/{pid}/mem", "rb") as f:
            f.seek(addr)
            return f.read(64).split(b"\0")[0]
    except OSError:
        return b""


def run_one(cordon, escape, technique, mode, listeners, tmp):
    token = secrets.token_hex(12)
    env = dict(os.environ, ESC_NONCE=token,
               ESC_TCP_PORT=str(listeners.port("tcp")),
               ESC_TCP6_PORT=str(listeners.port("tcp6")),
               ESC_UDP_PORT=str(listeners.port("udp")),
               ESC_DNS_PORT=str(listeners.port("dns")),
               ESC_UNIX_PATH=listeners.unix_path,
               ESC_ABSTRACT=listeners.abstract)
    allowed, allowed_udp = listeners.port("allowed"), listeners.port("allowed-udp")
    if mode in ("bare", "zero-trust"):
        env["ESC_ALLOWED_PORT"] = str(allowed)
        env["ESC_ALLOWED_UDP_PORT"] = str(allowed_udp)
    victim = None
    if technique == "process-vm":
        victim, vpid, vaddr = start_victim(escape)
        env["ESC_VICTIM_PID"], env["ESC_VICTIM_ADDR"] = str(vpid), "%x" % vaddr
    audit = os.path.join(tmp, f"{technique}-{mode}.jsonl")
    cmd = [escape, technique]
    if mode != "bare":
        cmd = [cordon, "run", "--profile", mode, "--audit", audit, "--timeout", "30"]
        if mode == "zero-trust":
            cmd += ["--allow", f"127.0.0.1:{allowed}", "--allow", f"127.0.0.1:{allowed_udp}"]
        cmd += ["--", escape, technique]
    started = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    got = listeners.take(token.encode() if mode == "bare" else None)
    if victim is not None:
        got["victim"] = victim_memory(vpid, vaddr)
        victim.kill()
        victim.wait()
    tok = token.encode()
    forbidden = {k: v for k, v in got.items() if k not in ("allowed", "allowed-udp")}
    leaked = sorted(k for k, v in forbidden.items() if tok in v)
    honest = (b"honest:" + tok) in got.get("allowed", b"") + got.get("allowed-udp", b"")
    events = []
    if os.path.exists(audit):
        with open(audit) as f:
            events = [json.loads(line) for line in f]
    return proc, leaked, honest, events, elapsed


def judge(technique, mode, proc, leaked, honest, events):
    """Returns None when the run is as it must be, else the fault."""
    if mode == "bare":
        if technique == "raw" and os.geteuid() != 0:
            return None  # raw sockets need CAP_NET_RAW: nothing to show unprivileged
        if technique == "netlink":
            return None if "socket(AF_NETLINK): ok" in proc.stderr else "netlink sockets unavailable bare"
        return None if leaked else "the technique does not work bare: nothing to prove"
    if proc.returncode not in (0,):
        return f"cordon exited {proc.returncode}: {proc.stderr.strip()[-300:]}"
    if leaked:
        return "TOKEN LEAKED to " + ", ".join(leaked)
    blocked = [e for e in events if e["event"] != "exec" and e["verdict"] == "deny"]
    if mode == "air-gapped":
        # Loopback and abstract names live in the network namespace: the
        # title reaches its own (empty) ones, the kernel stops the rest, and
        # the audit line records the attempt with the rule saying so.
        blocked += [e for e in events if e["rule"] in ("air-gapped:own-loopback", "unix:abstract-in-netns")]
    if not blocked:
        return "blocked attempt without an audit line"
    for e in events:
        keys = list(e.keys())
        if keys != ["ts", "pid", "exe", "event", "family", "address", "port", "host", "verdict",
                    "rule", "profile"]:
            return f"audit line fields differ from the contract: {keys}"
        if e["profile"] != mode:
            return f"audit line names profile {e['profile']}"
    if mode == "zero-trust" and not honest:
        return "the honest connect to the allowed port did not arrive"
    return None


def missing_kernel_feature(escape, technique):
    """Why `technique` cannot work on this kernel at all (found by a probe
    independent of the technique), or None when it should work. A missing
    feature is a skip with its reason; a technique that should work and does
    not still fails."""
    if technique == "int80":
        out = subprocess.run([escape, "probe-int80"], capture_output=True, text=True,
                             timeout=30).stdout.strip()
        if out.startswith("int80-probe: unavailable: "):
            return out[len("int80-probe: unavailable: "):]
        if out != "int80-probe: available":
            return None  # an unexpected probe answer: run the technique and let it fail
    return None


def main():
    cordon, escape = sys.argv[1], sys.argv[2]
    chosen = sys.argv[3:] or TECHNIQUES
    passed = failed = skipped = 0
    with tempfile.TemporaryDirectory(prefix="cordon-escape-") as tmp:
        listeners = Listeners(tmp)
        try:
            for technique in chosen:
                missing = missing_kernel_feature(escape, technique)
                if missing:
                    skipped += 1
                    print(f"skip {technique:14} every mode: {missing}")
                    continue
                for mode in ("bare", "air-gapped", "zero-trust"):
                    proc, leaked, honest, events, elapsed = run_one(
                        cordon, escape, technique, mode, listeners, tmp)
                    fault = judge(technique, mode, proc, leaked, honest, events)
                    if fault is None:
                        passed += 1
                        print(f"ok   {technique:14} {mode:11} {elapsed:5.2f}s")
                    else:
                        failed += 1
                        print(f"FAIL {technique:14} {mode:11} {fault}")
                        print("     stderr: " + proc.stderr.strip().replace("\n", "\n     stderr: "))
        finally:
            listeners.close()
    print(f"{passed} passed, {failed} failed, {skipped} techniques skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
