#!/usr/bin/env python3
"""The DNS view of `cordon run`, over UDP and TCP.

zero-trust: an allowed name resolves through --resolver (a DNS stub this
test runs on 127.0.0.1, UDP and TCP) and its address is then allowed, with
the name in the audit line; any other name gets NXDOMAIN without ever
reaching the resolver, and a `dns` deny event carries the name. A name whose
UDP answer is truncated makes libc retry over TCP: the view answers TCP with
the same decisions (asking the stub over TCP). A title's own TCP queries,
and hostile TCP framing (a length prefix that lies), get the same treatment.
air-gapped: the view answers inside the title's own network namespace,
NXDOMAIN for every name over UDP and TCP, with a `dns` deny event naming it,
and nothing ever reaches the stub. Usage: dns_test.py CORDON"""
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "realrun"))
from dns_stub import DnsStub  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from listener import Listener  # noqa: E402

CORDON = sys.argv[1]
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))


# Runs inside the sandbox. Each argument is one action; one output line each.
TITLE = r"""
import socket, struct, sys

def nameserver():
    for line in open("/etc/resolv.conf"):
        w = line.split()
        if len(w) >= 2 and w[0] == "nameserver":
            return w[1]

def query(name, ident):
    q = struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00" + struct.pack("!HH", 1, 1)

def tcp_query(name):
    s = socket.create_connection((nameserver(), 53), timeout=15)
    q = query(name, 0x4242)
    s.sendall(struct.pack("!H", len(q)) + q)
    length = struct.unpack("!H", s.recv(2, socket.MSG_WAITALL))[0]
    reply = s.recv(length, socket.MSG_WAITALL)
    s.close()
    ok = len(reply) == length and reply[:2] == b"\x42\x42"
    return "rcode %d" % (reply[3] & 15) if ok else "bad reply"

def tcp_lie():
    s = socket.create_connection((nameserver(), 53), timeout=15)
    s.sendall(b"\x01\x00" + b"\x00" * 10)  # 256 bytes announced, 10 sent, then closed
    s.close()
    return "sent"

for action in sys.argv[1:]:
    verb, _, arg = action.partition("=")
    try:
        if verb == "connect":
            name, port = arg.split(":")
            addr = socket.getaddrinfo(name, int(port), socket.AF_INET, socket.SOCK_STREAM)[0][4]
            s = socket.create_connection(addr, timeout=10)
            s.sendall(name.encode())
            s.close()
            result = "connected"
        elif verb == "resolve":
            socket.getaddrinfo(arg, 80, socket.AF_INET, socket.SOCK_STREAM)
            result = "resolved"
        elif verb == "tcp":
            result = tcp_query(arg)
        elif verb == "tcp-lie":
            result = tcp_lie()
    except socket.gaierror as e:
        result = "not resolved"
    except Exception as e:
        result = "failed %r" % e
    print(action + " -> " + result, flush=True)
"""


def run(tmp, label, profile_args, actions):
    script = os.path.join(tmp, "title.py")
    with open(script, "w") as f:
        f.write(TITLE)
    audit = os.path.join(tmp, label + ".jsonl")
    r = subprocess.run([CORDON, "run", *profile_args, "--audit", audit, "--timeout", "60", "--",
                        "/usr/bin/python3", script, *actions], capture_output=True, text=True, timeout=120)
    events = [json.loads(x) for x in open(audit)] if os.path.exists(audit) else []
    lines = dict(line.split(" -> ", 1) for line in r.stdout.splitlines() if " -> " in line)
    return r, lines, events


def dns_events(events, name):
    return [e for e in events if e["event"] == "dns" and e["host"] == name]


def main():
    stub = None
    listener = Listener()
    port = listener.port
    token = secrets.token_hex(8)
    allowed = "master.allowed-game.test"
    big = "big.allowed-game.test"  # the stub truncates its UDP answer: libc retries over TCP
    by_tcp = "tcp.allowed-game.test"
    denied = f"{token}.exfil.test"
    denied_tcp = f"{token}.tcp.exfil.test"
    stub = DnsStub({allowed: "127.0.0.1", big: "127.0.0.1", by_tcp: "127.0.0.1", denied: "127.0.0.1",
                    denied_tcp: "127.0.0.1"}, truncate=[big])
    with tempfile.TemporaryDirectory(prefix="cordon-dns-") as tmp:
        os.chmod(tmp, 0o755)
        zt = ["--profile", "zero-trust", "--allow", f"*.allowed-game.test:{port}", "--resolver",
              f"127.0.0.1:{stub.port}"]
        r, out, events = run(tmp, "zt", zt, [f"connect={allowed}:{port}", f"resolve={denied}",
                                             f"connect={big}:{port}", f"tcp={by_tcp}", f"tcp={denied_tcp}",
                                             "tcp-lie", f"tcp={by_tcp}"])
        detail = r.stdout + r.stderr[-600:]
        check("an allowed name resolves and its address is reached",
              out.get(f"connect={allowed}:{port}") == "connected" and allowed in listener.texts(), detail)
        check("the allowed name went to the resolver", allowed in stub.names("udp"), str(stub.queries))
        check("a name not allowed gets NXDOMAIN", out.get(f"resolve={denied}") == "not resolved", detail)
        check("a dns deny event carries the name",
              any(e["verdict"] == "deny" for e in dns_events(events, denied)), json.dumps(events[-8:]))
        reached = [e for e in events if e["event"] == "connect" and e["port"] == port and e["verdict"] == "allow"]
        check("the connect through the name carries the host",
              any(e["host"] == allowed and e["address"] == "127.0.0.1" for e in reached), json.dumps(reached))

        # TCP fallback: the truncated UDP answer makes libc ask the view again over TCP.
        check("tcp fallback: a truncated answer is retried over TCP and the name is reached",
              out.get(f"connect={big}:{port}") == "connected" and big in listener.texts(), detail)
        check("tcp fallback: the view asked the resolver over UDP, then over TCP",
              big in stub.names("udp") and big in stub.names("tcp"), str(stub.queries))
        check("tcp fallback: both queries are allowed dns events with the name",
              len([e for e in dns_events(events, big) if e["verdict"] == "allow"]) >= 2,
              json.dumps(dns_events(events, big)))
        check("tcp fallback: the connect carries the host",
              any(e["host"] == big for e in reached), json.dumps(reached))
        # The title's own TCP queries.
        check("tcp: an allowed name is answered over TCP", out.get(f"tcp={by_tcp}") == "rcode 0", detail)
        check("tcp: a name not allowed gets NXDOMAIN over TCP", out.get(f"tcp={denied_tcp}") == "rcode 3",
              detail)
        check("tcp: its dns deny event carries the name and the caller",
              any(e["verdict"] == "deny" and e["pid"] > 0 for e in dns_events(events, denied_tcp)),
              json.dumps(dns_events(events, denied_tcp)))
        check("tcp: a lying length prefix is dropped, and the view still answers",
              out.get("tcp-lie") == "sent" and len(dns_events(events, by_tcp)) == 2, detail)
        check("names not allowed never reached the resolver (UDP or TCP)",
              not any(token in n for n in stub.names()), str(stub.queries))
        check("dns events name the calling process", all(e["pid"] > 0 for e in events if e["event"] == "dns"),
              json.dumps([e for e in events if e["event"] == "dns"]))

        before = list(stub.queries)
        got_before = listener.texts()
        r, out, events = run(tmp, "ag", ["--profile", "air-gapped", "--resolver", f"127.0.0.1:{stub.port}"],
                             [f"connect={allowed}:{port}", f"tcp={by_tcp}", f"tcp={denied_tcp}", "tcp-lie",
                              f"resolve={denied}"])
        detail = r.stdout + r.stderr[-600:]
        check("air-gapped resolves nothing", out.get(f"connect={allowed}:{port}") == "not resolved"
              and out.get(f"resolve={denied}") == "not resolved" and listener.texts() == got_before, detail)
        check("air-gapped: TCP queries get NXDOMAIN from the view in the title's namespace",
              out.get(f"tcp={by_tcp}") == "rcode 3" and out.get(f"tcp={denied_tcp}") == "rcode 3", detail)
        for name in (allowed, by_tcp, denied_tcp, denied):
            hits = dns_events(events, name)
            check(f"air-gapped: a dns deny event names {name.split('.', 1)[1] if token in name else name}",
                  hits and all(e["verdict"] == "deny" and e["pid"] > 0 for e in hits), json.dumps(hits))
        check("air-gapped: nothing reached the resolver", stub.queries == before, str(stub.queries))
    listener.close()
    stub.close()
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
