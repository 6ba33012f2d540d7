#!/usr/bin/env python3
"""Run one sample title inside fresh network and UTS namespaces and check it.

The title runs with no route out of the machine: the new network namespace
holds only a loopback interface, the documentation addresses the title sends
to (added to loopback, each with a listener bound to it), and optionally an
interface with a known MAC address. The host name is set in the new UTS
namespace. Run as root, or as a user allowed to create user namespaces (a
user namespace then owns the other two). The checks: the exit status,
regular expressions over standard output, the exact bytes each listener
received, and (--no-traffic) that not one packet was sent or attempted.

Placeholders in patterns: {hostname} and {mac} (the values set up here),
{machine_id} (the first line of /etc/machine-id, or "unknown").

Exit status: 0 pass, 1 fail, 77 skip (namespaces or `ip` unavailable; CTest
reports it as skipped through SKIP_RETURN_CODE).
"""

import argparse
import ctypes
import os
import re
import shutil
import socket
import subprocess
import time
import sys

CLONE_NEWNET = 0x40000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWUSER = 0x10000000
SKIP = 77
HOSTNAME = "cordon-sample-host"
TAP_MAC = "02:00:5e:10:00:01"


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


def fail(reason):
    print(f"FAIL: {reason}")
    sys.exit(1)


def write_file(path, text):
    with open(path, "w", encoding="ascii") as stream:
        stream.write(text)


def enter_namespaces():
    """Root: new network and UTS namespaces. Otherwise, first a user
    namespace that maps the caller to root, which owns the other two."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET | CLONE_NEWUTS) != 0:
        first_error = os.strerror(ctypes.get_errno())
        uid, gid = os.getuid(), os.getgid()
        if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS) != 0:
            skip(f"unshare(CLONE_NEWNET | CLONE_NEWUTS) failed: {first_error}, and with "
                 f"CLONE_NEWUSER: {os.strerror(ctypes.get_errno())} (the sample tests need "
                 "root or user namespaces; a sample must never run with a real network)")
        write_file("/proc/self/setgroups", "deny")
        write_file("/proc/self/uid_map", f"0 {uid} 1")
        write_file("/proc/self/gid_map", f"0 {gid} 1")
    socket.sethostname(HOSTNAME)


def run_ip(ip_tool, *args):
    result = subprocess.run([ip_tool, *args], capture_output=True, text=True)
    return result.returncode == 0, result.stderr.strip()


def parse_listener(text):
    """'udp:192.0.2.10:9999=REGEX' -> ('udp', '192.0.2.10', 9999, 'REGEX');
    IPv6 in brackets: 'udp:[2001:db8::17]:5353=REGEX'."""
    match = re.fullmatch(r"(udp|tcp):(\[[0-9a-fA-F:]+\]|[0-9.]+):([0-9]+)=(.*)", text, re.DOTALL)
    if not match:
        fail(f"bad --received '{text}': want udp|tcp:ADDRESS:PORT=REGEX")
    proto, address, port, pattern = match.groups()
    return proto, address.strip("[]"), int(port), pattern


def open_listener(proto, address, port):
    kind = socket.SOCK_DGRAM if proto == "udp" else socket.SOCK_STREAM
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, kind)
    sock.bind((address, port))
    if proto == "tcp":
        sock.listen(4)
    sock.settimeout(2.0)
    return sock


def drain(proto, sock):
    """Everything the title sent to this listener; b'' when nothing came."""
    try:
        if proto == "udp":
            data, _ = sock.recvfrom(65536)
            return data
        conn, _ = sock.accept()
        with conn:
            conn.settimeout(2.0)
            chunks = []
            while chunk := conn.recv(65536):
                chunks.append(chunk)
            return b"".join(chunks)
    except (socket.timeout, TimeoutError):
        return b""


def traffic_counters():
    """The namespace's IPv4/IPv6 counters of packets sent or failed for no
    route: any attempt to use the network, DNS included, moves one."""
    counters = {}
    with open("/proc/net/snmp", encoding="ascii") as stream:
        lines = stream.read().splitlines()
    for header, values in zip(lines[::2], lines[1::2]):
        group = header.split(":")[0]
        for name, value in zip(header.split()[1:], values.split()[1:]):
            counters[f"{group}.{name}"] = int(value)
    with open("/proc/net/snmp6", encoding="ascii") as stream:
        for line in stream:
            name, value = line.split()
            counters[name] = int(value)
    wanted = ("Ip.OutRequests", "Ip.OutNoRoutes", "Udp.OutDatagrams", "Tcp.ActiveOpens",
              "Ip6OutRequests", "Ip6OutNoRoutes")
    return {name: counters.get(name, 0) for name in wanted}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", required=True, help="the sample binary")
    parser.add_argument("--stdout", action="append", default=[],
                        help="regex that must match standard output (repeatable)")
    parser.add_argument("--received", action="append", default=[],
                        help="udp|tcp:ADDRESS:PORT=REGEX (IPv6 in brackets): a listener "
                             "whose bytes must fully match REGEX (repeatable)")
    parser.add_argument("--no-traffic", action="store_true",
                        help="the title must not send or try to send a single packet")
    parser.add_argument("--tap-mac", action="store_true",
                        help=f"add an interface eth0 with MAC {TAP_MAC} (tap, or veth)")
    args = parser.parse_args()

    if not os.access(args.exe, os.X_OK):
        fail(f"{args.exe}: not an executable file (build the samples first)")
    listeners = [parse_listener(text) for text in args.received]

    enter_namespaces()
    ip_tool = shutil.which("ip") or next(
        (p for p in ("/usr/sbin/ip", "/sbin/ip") if os.access(p, os.X_OK)), None)
    if ip_tool is None:
        skip("no `ip` tool (iproute2) to configure the namespace")
    ok, err = run_ip(ip_tool, "link", "set", "lo", "up")
    if not ok:
        skip(f"cannot bring loopback up in the namespace: {err}")
    mac = "00:00:00:00:00:00"
    if args.tap_mac:
        # A tap device needs /dev/net/tun; a veth pair (both ends with the
        # same MAC, so the title's "first" interface has it) needs nothing.
        ok, err = run_ip(ip_tool, "tuntap", "add", "dev", "eth0", "mode", "tap")
        if ok:
            ok, err = run_ip(ip_tool, "link", "set", "eth0", "address", TAP_MAC)
        if not ok:
            ok, err = run_ip(ip_tool, "link", "add", "eth0", "address", TAP_MAC, "type", "veth",
                             "peer", "name", "eth1", "address", TAP_MAC)
        if not ok:
            skip(f"cannot add an interface with a known MAC (tap or veth): {err}")
        mac = TAP_MAC
    for address in sorted({address for _, address, _, _ in listeners}):
        if ":" in address:
            ok, err = run_ip(ip_tool, "-6", "addr", "add", f"{address}/128", "dev", "lo", "nodad")
        else:
            ok, err = run_ip(ip_tool, "addr", "add", f"{address}/32", "dev", "lo")
        if not ok:
            fail(f"cannot add {address} to loopback: {err}")
    # IPv6 addresses can stay tentative for a moment even with nodad on a
    # loaded machine; a datagram sent then is dropped. Wait until none is.
    if any(":" in address for _, address, _, _ in listeners):
        for _ in range(100):
            shown = subprocess.run([ip_tool, "-6", "addr", "show", "dev", "lo"],
                                   capture_output=True, text=True).stdout
            if "tentative" not in shown:
                break
            time.sleep(0.02)
    sockets = [open_listener(proto, address, port) for proto, address, port, _ in listeners]

    try:
        with open("/etc/machine-id", encoding="ascii") as stream:
            machine_id = stream.readline().strip() or "unknown"
    except OSError:
        machine_id = "unknown"

    def expand(pattern):
        return (pattern.replace("{hostname}", re.escape(HOSTNAME))
                .replace("{mac}", re.escape(mac))
                .replace("{machine_id}", re.escape(machine_id)))

    if args.no_traffic and listeners:
        fail("--no-traffic and --received exclude each other")
    before = traffic_counters()
    try:
        result = subprocess.run([args.exe], capture_output=True, timeout=30,
                                env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"})
    except subprocess.TimeoutExpired:
        fail(f"{args.exe} did not finish within 30 s")
    stdout = result.stdout.decode("utf-8", "replace")
    print(f"--- {os.path.basename(args.exe)} exit {result.returncode}, stdout:\n{stdout}---")
    if result.stderr:
        print(f"stderr:\n{result.stderr.decode('utf-8', 'replace')}---")

    failures = []
    if args.no_traffic:
        after = traffic_counters()
        moved = {name: after[name] - before[name] for name in after if after[name] != before[name]}
        print(f"network counters moved: {moved or 'none'}")
        if moved:
            failures.append(f"the title used the network: {moved}")
    if result.returncode != 0:
        failures.append(f"exit status {result.returncode}, want 0")
    for pattern in args.stdout:
        if not re.search(expand(pattern), stdout, re.MULTILINE):
            failures.append(f"stdout does not match /{expand(pattern)}/")
    for (proto, address, port, pattern), sock in zip(listeners, sockets):
        data = drain(proto, sock).decode("latin-1")
        print(f"{proto} {address}:{port} received {data!r}")
        if not re.fullmatch(expand(pattern), data, re.DOTALL):
            failures.append(f"{proto} {address}:{port} got {data!r}, want /{expand(pattern)}/")
        sock.close()
    if failures:
        fail("; ".join(failures))
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
