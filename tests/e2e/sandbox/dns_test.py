#!/usr/bin/env python3
"""The DNS view of zero-trust: an allowed name resolves through --resolver
(a DNS stub this test runs on 127.0.0.1) and its address is then allowed,
with the name in the audit line; any other name gets NXDOMAIN without ever
reaching the resolver, and a `dns` deny event carries the name. Under
air-gapped nothing resolves. Usage: dns_test.py CORDON"""
import json
import os
import secrets
import socket
import struct
import subprocess
import sys
import tempfile
import threading

CORDON = sys.argv[1]
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))


class Stub:
    """Answers every A query with 127.0.0.1 and records the names asked."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.names = []
        self.stop = False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        self.sock.settimeout(0.1)
        while not self.stop:
            try:
                data, peer = self.sock.recvfrom(4096)
            except socket.timeout:
                continue
            labels, at = [], 12
            while at < len(data) and data[at]:
                labels.append(data[at + 1:at + 1 + data[at]].decode("ascii", "replace"))
                at += 1 + data[at]
            qtype = struct.unpack("!H", data[at + 1:at + 3])[0]
            self.names.append(".".join(labels).lower())
            question = data[12:at + 5]
            header = data[:2] + b"\x81\x80" + struct.pack("!HHHH", 1, 1 if qtype == 1 else 0, 0, 0)
            answer = b""
            if qtype == 1:
                answer = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton("127.0.0.1")
            self.sock.sendto(header + question + answer, peer)

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


TITLE = r"""
import socket, sys
port, allowed, denied = int(sys.argv[1]), sys.argv[2], sys.argv[3]
try:
    addr = socket.getaddrinfo(allowed, port, socket.AF_INET, socket.SOCK_STREAM)[0][4]
    s = socket.create_connection(addr, timeout=5)
    s.sendall(b"through-the-view")
    s.close()
    print("allowed: connected")
except Exception as e:
    print("allowed: failed", e)
try:
    socket.getaddrinfo(denied, port, socket.AF_INET, socket.SOCK_STREAM)
    print("denied: resolved")
except socket.gaierror as e:
    print("denied: not resolved", e.errno)
"""


def main():
    stub = Stub()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(10)
    port = listener.getsockname()[1]
    got = []

    def accept():
        try:
            c, _ = listener.accept()
            got.append(c.recv(100))
            c.close()
        except OSError:
            pass

    with tempfile.TemporaryDirectory(prefix="cordon-dns-") as tmp:
        token = secrets.token_hex(8)
        allowed_name = "master.allowed-game.test"
        denied_name = f"{token}.exfil.test"
        script = os.path.join(tmp, "title.py")
        with open(script, "w") as f:
            f.write(TITLE)
        audit = os.path.join(tmp, "zt.jsonl")
        t = threading.Thread(target=accept)
        t.start()
        r = subprocess.run([CORDON, "run", "--profile", "zero-trust", "--allow", f"*.allowed-game.test:{port}",
                            "--resolver", f"127.0.0.1:{stub.port}", "--audit", audit, "--timeout", "30", "--",
                            "/usr/bin/python3", script, str(port), allowed_name, denied_name],
                           capture_output=True, text=True, timeout=60)
        t.join()
        events = [json.loads(x) for x in open(audit)] if os.path.exists(audit) else []
        check("an allowed name resolves and its address is reached",
              "allowed: connected" in r.stdout and got == [b"through-the-view"], r.stdout + r.stderr[-400:])
        check("the allowed name went to the resolver", allowed_name in stub.names, str(stub.names))
        check("a name not allowed gets NXDOMAIN", "denied: not resolved" in r.stdout, r.stdout)
        check("the name not allowed never reached the resolver", not any(token in n for n in stub.names),
              str(stub.names))
        dns_denied = [e for e in events if e["event"] == "dns" and e["verdict"] == "deny"]
        check("a dns deny event carries the name", any(e["host"] == denied_name for e in dns_denied),
              json.dumps(dns_denied))
        reached = [e for e in events if e["event"] == "connect" and e["port"] == port and e["verdict"] == "allow"]
        check("the connect through the name carries the host",
              any(e["host"] == allowed_name and e["address"] == "127.0.0.1" for e in reached), json.dumps(reached))
        check("dns events name the calling process", all(e["pid"] > 0 for e in events if e["event"] == "dns"),
              json.dumps([e for e in events if e["event"] == "dns"]))

        before = list(stub.names)
        audit = os.path.join(tmp, "ag.jsonl")
        r = subprocess.run([CORDON, "run", "--profile", "air-gapped", "--resolver", f"127.0.0.1:{stub.port}",
                            "--audit", audit, "--timeout", "30", "--",
                            "/usr/bin/python3", script, str(port), allowed_name, denied_name],
                           capture_output=True, text=True, timeout=60)
        check("air-gapped resolves nothing", "allowed: failed" in r.stdout and stub.names == before,
              r.stdout + str(stub.names))
    listener.close()
    stub.close()
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
