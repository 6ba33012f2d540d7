#!/usr/bin/env python3
"""Adversarial tests of `cordon run`: each technique of adversary.c is run
bare first (it must get out there, unless the kernel or the user lacks what
it needs: then the bare proof is skipped with the reason, found by a probe
independent of the technique), then under air-gapped and zero-trust, as root
and as an unprivileged user, and under --mode audit where it matters. A run
passes when the token reached none of the sinks it must not (listeners on
loopback, the capture interface), the technique left no local evidence, and
the audit log has the line that names the refused attempt (every line valid
per the contract).

Usage: adversary_test.py CORDON ADVERSARY GROUP   (exit 77: cannot run here)"""
import os
import secrets
import sys

import faults as fault_group
import harness
import load

SCTP, DCCP, UDPLITE, MPTCP = 132, 33, 136, 262


def probe_socket(family, type_, protocol, what):
    code = (f"import socket\ntry:\n socket.socket({family}, {type_}, {protocol}); print('ok')\n"
            f"except OSError as e: print(e.strerror)")
    return lambda user: None if harness.probe_as(user, code) == "ok" else \
        f"this kernel has no {what} for this user ({harness.probe_as(user, code)})"


def probe_setsockopt(family, level, name, payload, what):
    code = (f"import socket\ns = socket.socket({family}, socket.SOCK_DGRAM)\n"
            f"try:\n s.setsockopt({level}, {name}, bytes.fromhex('{payload}')); print('ok')\n"
            f"except OSError as e: print(e.strerror)")
    return lambda user: None if harness.probe_as(user, code) == "ok" else \
        f"{what} refused to this user by the kernel ({harness.probe_as(user, code)})"


LSRR = "0183070" + "40ad5004d"  # NOP, LSRR len 7 ptr 4, 10.213.0.77
SRH = ("11040401" "01000000" + "00" * 15 + "01" + "fd000213" + "00" * 11 + "77")
probe_lsrr = probe_setsockopt(2, 0, 4, LSRR, "an IPv4 source route (IP_OPTIONS)")
probe_srh = probe_setsockopt(10, 41, 57, SRH, "an IPv6 routing header (IPV6_RTHDR)")
RH2 = "1102020100000000" + "fd000213" + "00" * 11 + "77"


def probe_rh2(user):
    # A type 2 routing header in a control message: Mobile IPv6 kernels only.
    code = ("import socket\ns = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)\n"
            f"try:\n s.sendmsg([b'x'], [(41, 57, bytes.fromhex('{RH2}'))], 0, ('::1', 9)); "
            "print('ok')\nexcept OSError as e: print(e.strerror)")
    out = harness.probe_as(user, code)
    return None if out == "ok" else \
        f"no type 2 routing headers in this kernel (Mobile IPv6 off: {out})"


def probe_tiocsti(user):
    code = ("import os, pty, fcntl, termios\nm, s = pty.openpty()\n"
            "try:\n fcntl.ioctl(s, termios.TIOCSTI, b'x'); print('ok')\n"
            "except OSError as e: print(e.strerror)")
    out = harness.probe_as(user, code)
    return None if out == "ok" else \
        f"TIOCSTI on a terminal that is not the caller's controlling one is refused ({out})"


def sanitized(binary):
    """Whether BINARY was built with AddressSanitizer (its runtime's entry)."""
    with open(binary, "rb") as f:
        return b"__asan_init" in f.read()


SANITIZED_BUILD = False


def probe_userns(user):
    code = ("import os, ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
            "print('ok' if libc.unshare(0x10000000 | 0x40000000) == 0 else "
            "os.strerror(ctypes.get_errno()))")
    out = harness.probe_as(user, code)
    return None if out == "ok" else f"user namespaces are not available to this user ({out})"


# Each technique: where its token must never arrive ("sinks"; "evidence" is
# the program's own report of a local effect, "typed" the terminal), the
# audit rule (prefix) of the refused attempt, a probe for what the kernel
# must offer for the attack to work bare, and whether an honest send to the
# allowed port must still arrive under zero-trust once the option was refused.
TECHNIQUES = {
    # Protocols no profile can name.
    "mptcp": dict(sinks=["tcp"], rule="socket:inet-stream-262",
                  probe=probe_socket(2, 1, MPTCP, "MPTCP"), audit_mode=True),
    "mptcp-high": dict(sinks=["tcp"], rule="socket:inet-stream-262",
                       probe=probe_socket(2, 1, MPTCP, "MPTCP")),
    "udplite": dict(sinks=["udplite"], rule="socket:inet-dgram-136",
                    probe=probe_socket(2, 2, UDPLITE, "UDP-Lite")),
    "sctp": dict(sinks=["tcp"], rule="socket:inet-stream-132",
                 probe=probe_socket(2, 1, SCTP, "SCTP")),
    "dccp": dict(sinks=["tcp"], rule="socket:inet-dccp-33", probe=probe_socket(2, 6, DCCP, "DCCP")),
    # The upper half of 32-bit arguments.
    "diag-high": dict(sinks=["evidence"], rule=("socket:netlink-protocol-4", "socket:family-16")),
    "seccomp-high": dict(sinks=["evidence", "tcp"], rule="closed:seccomp"),
    "clone-high": dict(sinks=["evidence"], rule="closed:clone", probe=probe_userns),
    "tiocsti": dict(sinks=["typed"], rule="closed:ioctl:TIOCSTI", probe=probe_tiocsti,
                    audit_mode=True),
    "tiocsti-high": dict(sinks=["typed"], rule="closed:ioctl:TIOCSTI", probe=probe_tiocsti),
    # Options and control messages that reroute.
    "lsrr": dict(sinks=["capture"], rule="setsockopt:IP_OPTIONS", probe=probe_lsrr,
                 honest="allowed-udp", audit_mode=True),
    "lsrr-high": dict(sinks=["capture"], rule="setsockopt:IP_OPTIONS", probe=probe_lsrr,
                      honest="allowed-udp"),
    "retopts-cmsg": dict(sinks=["capture"], rule="cmsg:IP_RETOPTS", probe=probe_lsrr),
    "rthdr": dict(sinks=["capture"], rule="setsockopt:IPV6_RTHDR", probe=probe_srh,
                  honest="allowed-udp6", audit_mode=True),
    "rthdr-cmsg": dict(sinks=["capture"], rule="cmsg:IPV6_RTHDR", probe=probe_rh2),
    "so-mark": dict(sinks=["capture"], rule="setsockopt:SO_MARK", probe=lambda u: probe_mark(u)),
    "so-mark-cmsg": dict(sinks=["capture"], rule="cmsg:SO_MARK", probe=lambda u: probe_mark(u)),
    "pktoptions": dict(sinks=["capture"], rule="setsockopt:IPV6_2292PKTOPTIONS", probe=probe_rh2,
                       honest="allowed-udp6"),
}
probe_mark = probe_setsockopt(2, 1, 36, "13020000", "a routing mark (SO_MARK)")

# Inbound: the harness connects in from 10.213.0.1 (not loopback: "anyone
# who reaches the machine"). In air-gapped the title's network namespace is
# unreachable, so its listener is allowed there (listen:own-netns) and
# nothing arrives; zero-trust refuses it; the loopback server is allowed.
OWN_NETNS = {"air-gapped": ("allow", "listen:own-netns")}
TECHNIQUES.update({
    "listen-unbound": dict(sinks=["inbound"], rule="listen:not-allowed", connect_in="10.213.0.1",
                           expect=OWN_NETNS, audit_mode=True),
    "listen-wildcard": dict(sinks=["inbound"], rule="listen:not-allowed",
                            connect_in="10.213.0.1", expect=OWN_NETNS),
    "listen-wildcard6": dict(sinks=["inbound"], rule="listen:not-allowed",
                             connect_in="fd00:213::1", expect=OWN_NETNS),
    # The honest server: reached through loopback under zero-trust, with an
    # accept line naming the peer.
    "listen-loopback": dict(sinks=[], rule="listen:loopback", connect_in="127.0.0.1",
                            expect={"air-gapped": ("allow", "listen:own-netns"),
                                    "zero-trust": ("allow", "listen:loopback")},
                            honest="inbound", accepted="127.0.0.1"),
})

# Unix sockets: a name an allowed glob covers (/tmp/.X11-unix/X*,
# /run/user/*/wayland-*, /run/user/*/pulse/native), planted by the title in
# a directory it may write, leading to a host service of its own user (a
# session bus, "unix-bus"/"unix-dgram") that no glob allows. Refused, and
# the line names the socket reached, not the name written. Binds the
# supervisor performs obey the file policy: no socket lands in ~/.ssh, and
# bind's answer tells nothing of what ~/.ssh holds.
def probe_run_user(user):
    return None if os.path.isdir("/run/user") else "no /run/user on this machine"


TECHNIQUES.update({
    "unix-x11-link": dict(sinks=["unix-bus"], rule="unix:host-socket", address="bus",
                          audit_mode=True),
    "unix-wayland-link": dict(sinks=["unix-bus"], rule="unix:host-socket", address="bus",
                              probe=probe_run_user),
    "unix-pulse-dirlink": dict(sinks=["unix-bus"], rule="unix:host-socket", address="native",
                               probe=probe_run_user),
    "unix-hardlink": dict(sinks=["unix-bus"], rule="unix:host-socket"),
    "unix-dgram-link": dict(sinks=["unix-dgram"], rule="unix:host-socket", address="dgram"),
    # The display server itself is still reached under both profiles.
    "unix-x11-honest": dict(sinks=[], rule="unix:allow:/tmp/.X11-unix/X*", honest="unix-x11",
                            honest_all=True,
                            expect={m: ("allow", "unix:allow:/tmp/.X11-unix/X*")
                                    for m in ("air-gapped", "zero-trust")}),
    "unix-bind-denied": dict(sinks=["evidence"], rule="bind:deny_paths:", audit_mode=True),
    "unix-bind-oracle": dict(sinks=["evidence"], rule="bind:deny_paths:"),
})

# The supervisor's resources: what a title makes cordon hold is bounded
# (peak RSS of cordon and everything it ran, from getrusage of a wrapper),
# and a Unix datagram send that waits on a receiver that never reads does
# not stall the calls of the title's other threads. Bare, these only have
# to run (nothing leaves by them); the bound is what the runs under cordon
# prove (main before issue 10 item 8: 530 MB for mmsg-flood).
DISPLAY = {m: ("allow", "unix:allow:/tmp/.X11-unix/X*") for m in ("air-gapped", "zero-trust")}
TECHNIQUES.update({
    "mmsg-flood": dict(sinks=["udp"], rule="", max_rss_mb=64, runs_bare=True,
                       expect={"air-gapped": ("allow", "air-gapped:own-loopback")}),
    "blocked-streams": dict(sinks=[], rule="", max_rss_mb=80, runs_bare=True,
                            expect={m: ("allow", "unix:unnamed") for m in DISPLAY},
                            optional_line=True),
    "dgram-stall": dict(sinks=[], rule="", honest="unix-x11", honest_all=True, expect=DISPLAY),
})

GROUPS = {
    "protocols": ["mptcp", "mptcp-high", "udplite", "sctp", "dccp"],
    "width": ["diag-high", "seccomp-high", "clone-high", "tiocsti", "tiocsti-high"],
    "inbound": ["listen-unbound", "listen-wildcard", "listen-wildcard6", "listen-loopback"],
    "unix": ["unix-x11-link", "unix-wayland-link", "unix-pulse-dirlink", "unix-hardlink",
             "unix-dgram-link", "unix-x11-honest", "unix-bind-denied", "unix-bind-oracle"],
    "resources": ["mmsg-flood", "blocked-streams", "dgram-stall"],
    "reroute": ["lsrr", "lsrr-high", "retopts-cmsg", "rthdr", "rthdr-cmsg", "pktoptions",
                "so-mark", "so-mark-cmsg"],
}


def attempt(ctx, technique, user, mode, audit_mode=False):
    spec = TECHNIQUES[technique]
    sinks = ctx["sinks"]
    token = secrets.token_hex(12)
    env = {"PATH": "/usr/bin:/bin", "HOME": ctx["home"][user], "ADV_NONCE": token,
           "ADV_TCP_PORT": str(sinks.port("tcp")), "ADV_UDP_PORT": str(sinks.port("udp")),
           "ADV_ALLOWED_TCP_PORT": str(sinks.port("allowed-tcp")),
           "ADV_ALLOWED_UDP_PORT": str(sinks.port("allowed-udp")),
           "ADV_ALLOWED_UDP6_PORT": str(sinks.port("allowed-udp6")),
           "ADV_UDPLITE_PORT": str(sinks.port("udplite")),
           "ADV_EVIL4": harness.EVIL4, "ADV_EVIL6": harness.EVIL6,
           "ADV_UNROUTED4": harness.UNROUTED4}
    suffix = secrets.token_hex(4)
    unix = ctx["unix"][user]
    env.update({"ADV_SUFFIX": suffix, "ADV_X11_DIR": "/tmp/.X11-unix",
                "ADV_RUN_DIR": unix["run"], "ADV_UNIX_BUS": unix["bus"],
                "ADV_UNIX_DGRAM": unix["dgram"], "ADV_UNIX_SVC_DIR": unix["svc"],
                "ADV_X11_HONEST": ctx["x11_honest"]})
    allow = ["127.0.0.1:%d" % sinks.port("allowed-tcp"), "127.0.0.1:%d" % sinks.port("allowed-udp"),
             "[::1]:%d" % sinks.port("allowed-udp6"),
             "%s:%d" % (harness.UNROUTED4, sinks.port("allowed-udp"))]
    audit = os.path.join(ctx["audit_dir"][user], f"{technique}-{mode}-{secrets.token_hex(3)}.jsonl")
    terminal = harness.Pty() if "typed" in spec["sinks"] else None
    try:
        if spec.get("connect_in"):
            proc = inbound(ctx, technique, spec, user, mode, env, audit, allow, audit_mode)
        else:
            proc = harness.run_title(ctx["cordon"], ctx["adversary"], [technique], user, mode, env,
                                     audit, allow, stdin=terminal.slave if terminal else None,
                                     audit_mode=audit_mode,
                                     wrapper=harness.PEAK_RSS if spec.get("max_rss_mb") else None)
        got = sinks.take(token.encode() if mode == "bare" else None)
        if hasattr(proc, "inbound"):
            got["inbound"] = proc.inbound
        if terminal:
            got["typed"] = terminal.typed()
    finally:
        if terminal:
            terminal.close()
    if "evidence:" in proc.stdout:
        got["evidence"] = got.get("evidence", b"") + token.encode()
    # A socket the supervisor bound in ~/.ssh is evidence seen from the host.
    ssh = os.path.join(ctx["home"][user], ".ssh")
    if os.path.lexists(os.path.join(ssh, "agent-" + suffix)):
        got["evidence"] = got.get("evidence", b"") + token.encode()
    for planted in (os.path.join(ssh, "agent-" + suffix), os.path.join(ssh, "absent-" + suffix),
                    "/tmp/.X11-unix/X" + suffix, os.path.join(unix["run"], "wayland-" + suffix),
                    os.path.join(unix["run"], "pulse")):
        if os.path.lexists(planted):
            os.unlink(planted)
    proc.reached = unix.get(spec.get("address", ""), None)
    tok = token.encode()
    arrived = sorted(k for k, v in got.items() if tok in v)
    events, faults = harness.read_events(audit)
    return proc, arrived, events, faults


def inbound(ctx, technique, spec, user, mode, env, audit, allow, audit_mode):
    """Starts a listening technique, connects in from the address the spec
    names (another address of the machine) once it says its port, and
    keeps what it was sent as the "inbound" sink."""
    import subprocess
    p = harness.start_title(ctx["cordon"], ctx["adversary"], [technique], user, mode, env, audit,
                            allow, audit_mode)
    port = harness.read_line_with(p, "port: ")
    data = harness.connect_in(spec["connect_in"], int(port)) if port and port != "0" else b""
    out, err = p.communicate(timeout=60)
    result = subprocess.CompletedProcess(p.args, p.returncode, "port: %s\n" % port + out, err)
    result.inbound = data
    return result


def judge(spec, mode, audit_mode, proc, arrived, events, faults):
    forbidden = [s for s in arrived if s in spec["sinks"]]
    if mode == "bare" and spec.get("runs_bare"):
        return None if proc.returncode == 0 else f"exit {proc.returncode}: {proc.stderr[-300:]}"
    if mode == "bare":
        proof = forbidden or [s for s in arrived if s == spec.get("honest")]
        return None if proof else "the technique does not work bare: nothing to prove"
    if proc.returncode != 0:
        return f"cordon exited {proc.returncode}: {proc.stderr.strip()[-300:]}"
    if faults:
        return "; ".join(faults[:3])
    if forbidden and not audit_mode:
        return "ESCAPED: the token reached " + ", ".join(forbidden)
    if spec.get("max_rss_mb"):
        peak = harness.peak_rss_mb(proc)
        # AddressSanitizer's shadow and quarantine add tens of MB to any
        # process: a sanitizer build gets a wider bound; the release build
        # keeps the product's.
        bound = spec["max_rss_mb"] * (1.6 if SANITIZED_BUILD else 1)
        print(f"     peak RSS {peak:.1f} MB (bound {bound:.0f} MB)" if peak else
              "     no peak RSS")
        if peak is None or peak > bound:
            return f"peak RSS {peak} MB above the bound of {bound:.0f} MB"
    if spec.get("honest_all") and spec["honest"] not in arrived:
        return f"the honest connection to {spec['honest']} did not arrive"
    rules = spec["rule"] if isinstance(spec["rule"], tuple) else (spec["rule"],)
    verdict = "audit" if audit_mode else "deny"
    if mode in spec.get("expect", {}) and not audit_mode:
        verdict, rule = spec["expect"][mode]  # e.g. allowed where it reaches nothing
        rules = (rule,)
    lines = [e for e in events if e["verdict"] == verdict and e["rule"].startswith(rules)]
    if spec.get("optional_line"):
        return None
    reached = getattr(proc, "reached", None)
    if reached and lines and not any(e["address"] == reached for e in lines):
        # The line names the socket actually reached, not the name written.
        return f"the line names {[e['address'] for e in lines]}, not the socket reached {reached}"
    if not lines:
        return f"no '{verdict}' audit line with rule {' or '.join(rules)}: " + \
            str([(e["event"], e["rule"], e["verdict"]) for e in events])[:400]
    if audit_mode:
        return None  # audit mode lets it happen; the line is what matters
    if mode == "zero-trust" and spec.get("honest") and spec["honest"] not in arrived:
        return f"the honest send to {spec['honest']} did not arrive"
    if spec.get("accepted") and mode == "zero-trust":
        accepts = [e for e in events if e["event"] == "accept" and e["verdict"] == "allow"
                   and e["address"] == spec["accepted"]]
        if not accepts:
            return f"no 'accept' line naming the peer {spec['accepted']}: " + \
                str([(e["event"], e["address"], e["rule"]) for e in events])[:300]
    return None


def unix_services(ctx):
    """Per user: a home with ~/.ssh holding a key, a host service of that
    user no glob allows (a stream "bus" and "native", a datagram "dgram" in
    a 0700 directory of theirs), a /run/user/UID the title may write (a
    tmpfs of the test's own over /run/user, where the machine has one);
    and a display server socket /tmp/.X11-unix/X<n> the profiles allow.
    Returns the listeners for the sinks."""
    import socket
    extra = []
    os.makedirs("/tmp/.X11-unix", exist_ok=True)
    os.chmod("/tmp/.X11-unix", 0o1777)
    honest = "/tmp/.X11-unix/X%d" % (100 + secrets.randbelow(800))
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(honest)
    os.chmod(honest, 0o777)
    s.listen(16)
    extra.append(("listen", "unix-x11", s))
    ctx["x11_honest"] = honest
    if os.path.isdir("/run/user"):
        harness.mount_tmpfs("/run/user", "mode=755")
    for user in ("root", "nobody"):
        uid = 0 if user == "root" else harness.NOBODY
        home = ctx["home"][user] = harness.user_dir(user, "home")
        ctx["audit_dir"][user] = harness.user_dir(user, "audit")
        os.mkdir(os.path.join(home, ".ssh"), 0o700)
        with open(os.path.join(home, ".ssh", "id_ed25519"), "w") as f:
            f.write("-----BEGIN OPENSSH PRIVATE KEY-----\n")
        svc = harness.user_dir(user, "hostsvc")
        os.chmod(svc, 0o700)
        paths = {"svc": svc}
        for name, kind, sink in (("bus", socket.SOCK_STREAM, "unix-bus"),
                                 ("native", socket.SOCK_STREAM, "unix-bus"),
                                 ("dgram", socket.SOCK_DGRAM, "unix-dgram")):
            path = paths[name] = os.path.join(svc, name)
            u = socket.socket(socket.AF_UNIX, kind)
            u.bind(path)
            os.chown(path, uid, uid)
            if kind == socket.SOCK_STREAM:
                u.listen(16)
            extra.append(("listen" if kind == socket.SOCK_STREAM else "dgram", sink, u))
        for path in (os.path.join(home, ".ssh"), os.path.join(home, ".ssh", "id_ed25519")):
            os.chown(path, uid, uid)
        run = "/run/user/%d" % uid
        if os.path.isdir("/run/user"):
            os.mkdir(run, 0o700)
            os.chown(run, uid, uid)
        paths["run"] = run
        ctx["unix"][user] = paths
    return extra


def main():
    cordon, adversary, group = sys.argv[1], sys.argv[2], sys.argv[3]
    rules = harness.rules_of(cordon)
    try:
        kept = harness.enter_private_world([cordon, adversary, rules])
    except harness.Skip as e:
        print("skip:", e)
        return 77
    cordon, copies = harness.install_copy(kept[cordon], kept[rules], {"adversary": kept[adversary]})
    global SANITIZED_BUILD
    SANITIZED_BUILD = sanitized(cordon)
    ctx = {"cordon": cordon, "adversary": copies["adversary"], "home": {}, "audit_dir": {},
           "unix": {}}
    extra = unix_services(ctx)
    if group == "load":
        extra += load.listeners()
    ctx["sinks"] = harness.Sinks(extra)
    passed = failed = skipped = 0
    # An ordinary user needs a user namespace for cordon; a chroot (as in a
    # fresh-machine check) or a machine that disables them refuses it: the
    # unprivileged cases are then skipped, and the output says why.
    users = ["root"]
    no_userns = probe_userns("nobody")
    if no_userns:
        print(f"note: the cases as nobody are skipped: {no_userns}")
    else:
        users.append("nobody")
    ctx["users"] = users
    try:
        if group == "load":
            passed, failed = load.run(ctx, SANITIZED_BUILD)
        elif group == "faults":  # ADVERSARY is faults.c's program
            passed, failed = fault_group.run(ctx)
        for technique in GROUPS.get(group, []):
            spec = TECHNIQUES[technique]
            for user in users:
                missing = spec.get("probe", lambda u: None)(user)
                runs = [("bare", False), ("air-gapped", False), ("zero-trust", False)]
                if spec.get("audit_mode"):
                    runs += [("zero-trust", True), ("air-gapped", True)]
                for mode, audit_mode in runs:
                    label = f"{technique:13} {user:6} {mode}{' audit' if audit_mode else ''}"
                    if mode == "bare" and missing:
                        skipped += 1
                        print(f"skip {label}: {missing}")
                        continue
                    proc, arrived, events, faults = attempt(ctx, technique, user, mode, audit_mode)
                    fault = judge(spec, mode, audit_mode, proc, arrived, events, faults)
                    if fault is None:
                        passed += 1
                        print(f"ok   {label}")
                    else:
                        failed += 1
                        print(f"FAIL {label}: {fault}")
                        print("     stderr: " + proc.stderr.strip().replace("\n", "\n     stderr: "))
    finally:
        ctx["sinks"].close()
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
