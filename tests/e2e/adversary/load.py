"""The load group of the adversarial tests (sandbox.adversary.load): the
"load" technique of adversary.c, 64 threads in 16 processes making
ATTEMPTS network attempts (TCP connect, UDP connect, UDP sendto; IPv4 and
IPv6; to denied and to allowed endpoints), run bare and then under both
profiles in both modes, as root (every attempt) and as an unprivileged
user (a quarter of them).

Every attempt has a destination of its own (see adversary.c), so each
audit line is matched to exactly one attempt: a run passes when every line
is valid per the contract, every attempt has exactly one line, with the
pid of the process that made it and the verdict its profile and mode give
it, no connect or send line names anything else (nothing duplicated or
invented), what reached the harness's listeners is what may (all allowed
TCP attempts under zero-trust, nothing under air-gapped enforce) and the
peak resident set of cordon stays under a bound and flat: the summary of
distinct destinations is bounded (4,096 kept by name, the rest counted
together), so memory does not grow with the destinations a title tries."""
import os
import re
import secrets
import socket
import time

import harness

ATTEMPTS = int(os.environ.get("CORDON_LOAD_ATTEMPTS", "20000"))  # at most 45,000
# A sanitizer build runs every notification several times slower on a
# loaded 2-core machine: a fifth of the attempts.
ATTEMPTS_SANITIZED = 4000
THREADS = 64
# AddressSanitizer keeps up to 256 MB of freed memory in quarantine by
# default: the peak would measure that, not what cordon holds.
SANITIZER_OPTIONS = "quarantine_size_mb=1:detect_leaks=1:abort_on_error=1"
# Peak RSS of cordon itself over a whole run, in MB: 7.0 at 20,000 attempts
# (release). Before the summary was bounded, every destination was kept:
# 6.6 MB at 2,000 attempts, 9.5 at 20,000, 13.4 at 45,000.
MAX_RSS_MB = 12
# AddressSanitizer's shadow and allocator put an idle cordon at about 68 MB
# (72.9 after 4,000 attempts): the sanitizer build gets the resources
# group's sanitizer bound, 1.6 x 64 MB. Its runs (4,000 attempts) stay
# under the 4,096 destinations the summary names, so the flatness check is
# the release build's only.
MAX_RSS_MB_SANITIZED = 1.6 * 64
# The growth allowed between a run of a tenth of the attempts and the full
# run (both as root, zero-trust enforce): +0.4 MB now, +2.8 MB before.
MAX_GROWTH_MB = 1.5


def ntop(family, text):
    return socket.inet_ntop(family, socket.inet_pton(family, text))


def plan(attempts, tcp_port, udp_port):
    """Each attempt's audit key (event, address, port), its thread and
    whether it goes to an allowed endpoint; mirrors load_one in adversary.c."""
    out = {}
    for k in range(attempts):
        kind = (k // THREADS) % 12
        op, six, allowed = kind % 3, (kind // 3) % 2, kind // 6
        event = "sendto" if op == 2 else "connect"
        if six:
            address = "::1" if allowed else ntop(socket.AF_INET6, "fd00:214::%x" % k)
            port = 20000 + k if allowed else 9000 + op
        else:
            address = "%s.%d.%d" % ("127.1" if allowed else "10.214", k >> 8, k & 255)
            port = (tcp_port if op == 0 else udp_port) if allowed else 9000 + op
        out[(event, address, port)] = dict(id=k, thread=k % THREADS, allowed=bool(allowed),
                                           tcp=op == 0, six=bool(six))
    return out


def listeners():
    """A TCP and a UDP listener on 0.0.0.0 (they receive what goes to any
    127.1.x.y), recorded by harness.Sinks."""
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(("0.0.0.0", 0))
    tcp.listen(256)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    udp.bind(("0.0.0.0", 0))
    return [("listen", "load-tcp", tcp), ("dgram", "load-udp", udp)]


def arrived_ids(got, token):
    ids = {}
    for name in ("load-tcp", "load-udp"):
        ids[name] = {int(m) for m in re.findall(rb"%s (\d+)\n" % token, got.get(name, b""))}
    return ids


def verdict_of(attempt, profile, audit_mode):
    """What the line of `attempt` must say. Under air-gapped in audit mode
    the title shares the host's network, so its loopback attempts are ones
    enforce would keep from the host: audited like the rest."""
    if attempt["allowed"] and not (profile == "air-gapped" and audit_mode):
        return "allow"
    return "audit" if audit_mode else "deny"


def judge(expected, proc, events, faults, got, token, profile, audit_mode):
    if proc.returncode != 0:
        return f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"
    if "0 processes failed" not in proc.stderr:
        return "the title's processes failed: " + proc.stderr.strip()[-300:]
    tids = {}
    for m in re.finditer(r"^thread (\d+) pid (\d+)$", proc.stdout, re.M):
        tids[int(m.group(1))] = int(m.group(2))
    if len(tids) != THREADS:  # the pid of the process each thread belongs to
        return f"{len(tids)} of {THREADS} threads reported their end"
    ids = arrived_ids(got, token.encode())
    tcp_allowed = {a["id"] for a in expected.values() if a["allowed"] and a["tcp"] and not a["six"]}
    all_allowed = {a["id"] for a in expected.values() if a["allowed"] and not a["six"]}
    # Air-gapped enforce runs the title in a network namespace of its own:
    # its loopback is not the harness's. Audit mode keeps the host's
    # network, so what it lets through arrives.
    if profile != "air-gapped" or audit_mode:
        if ids["load-tcp"] != tcp_allowed:
            return (f"{len(tcp_allowed - ids['load-tcp'])} allowed TCP attempts did not arrive, "
                    f"{len(ids['load-tcp'] - tcp_allowed)} others did")
        if not ids["load-udp"] <= all_allowed:
            return f"UDP sends arrived that were not allowed: {sorted(ids['load-udp'] - all_allowed)[:5]}"
    elif ids["load-tcp"] or ids["load-udp"]:
        return f"air-gapped: {len(ids['load-tcp']) + len(ids['load-udp'])} attempts arrived"
    if profile == "bare":
        return None
    if faults:
        return "; ".join(faults[:3])
    seen, stray, wrong = {}, [], []
    for e in events:
        if e["event"] not in ("connect", "sendto", "sendmsg"):
            continue
        key = (e["event"], e["address"], e["port"])
        attempt = expected.get(key)
        if attempt is None:
            stray.append(key)
            continue
        seen[key] = seen.get(key, 0) + 1
        verdict = verdict_of(attempt, profile, audit_mode)
        if e["verdict"] != verdict or e["pid"] != tids[attempt["thread"]]:
            wrong.append((key, e["verdict"], verdict, e["pid"], tids[attempt["thread"]]))
    lost = [k for k in expected if k not in seen]
    doubled = [k for k, n in seen.items() if n > 1]
    problems = []
    if lost:
        problems.append(f"{len(lost)} attempts without a line (e.g. {lost[:3]})")
    if doubled:
        problems.append(f"{len(doubled)} attempts with more than one line (e.g. {doubled[:3]})")
    if stray:
        problems.append(f"{len(stray)} lines that match no attempt (e.g. {stray[:3]})")
    if wrong:
        problems.append(f"{len(wrong)} lines with the wrong verdict or pid (e.g. {wrong[:3]})")
    return "; ".join(problems) or None


def run(ctx, sanitized):
    """Runs the group; returns (passed, failed)."""
    sinks = ctx["sinks"]
    attempts = ATTEMPTS_SANITIZED if sanitized else ATTEMPTS
    tcp_port, udp_port = sinks.port("load-tcp"), sinks.port("load-udp")
    allow = ["127.1.0.0/16:%d" % tcp_port, "127.1.0.0/16:%d" % udp_port, "[::1]:20000-65535"]
    bound = MAX_RSS_MB_SANITIZED if sanitized else MAX_RSS_MB
    passed = failed = 0
    peaks = {}
    # Root: the full count in every profile and mode, a tenth under
    # zero-trust first (the memory baseline) and bare (the title and the
    # listeners work); an unprivileged user: a quarter, to stay in budget.
    runs = [("root", "zero-trust", False, attempts // 10), ("root", "bare", False, attempts // 10)]
    for user in ctx["users"]:
        n = attempts if user == "root" else attempts // 4
        runs += [(user, p, a, n) for p in ("zero-trust", "air-gapped") for a in (False, True)]
    for user, profile, audit_mode, n in runs:
        token = secrets.token_hex(12)
        env = {"PATH": "/usr/bin:/bin", "HOME": ctx["home"][user], "ADV_NONCE": token,
               "ADV_LOAD_ATTEMPTS": str(n), "ADV_ALLOWED_TCP_PORT": str(tcp_port),
               "ADV_ALLOWED_UDP_PORT": str(udp_port)}
        if sanitized:
            env["ASAN_OPTIONS"] = SANITIZER_OPTIONS
        audit = os.path.join(ctx["audit_dir"][user], f"load-{profile}-{secrets.token_hex(3)}.jsonl")
        started = time.monotonic()
        proc = harness.run_title(ctx["cordon"], ctx["adversary"], ["load"], user, profile, env,
                                 audit, allow, audit_mode=audit_mode, timeout=120,
                                 wrapper=SUPERVISOR_PEAK)
        elapsed = time.monotonic() - started
        got = sinks.take(wait=0.3)
        events, faults = harness.read_events(audit)
        expected = plan(n, tcp_port, udp_port)
        fault = judge(expected, proc, events, faults, got, token, profile, audit_mode)
        peak = supervisor_peak_mb(proc)
        if fault is None and profile != "bare":
            if peak is None or peak > bound:
                fault = f"peak RSS {peak} MB above the bound of {bound:.0f} MB"
            peaks[(user, profile, audit_mode, n)] = peak
        label = f"load {user:6} {profile}{' audit' if audit_mode else ''}"
        figures = (f"{n} attempts, {len(events)} lines, peak RSS {peak or 0:.1f} MB, "
                   f"{elapsed:.1f} s")
        if fault is None:
            passed += 1
            print(f"ok   {label}: {figures}")
        else:
            failed += 1
            print(f"FAIL {label}: {fault} ({figures})")
            print("     stderr: " + proc.stderr.strip()[-600:].replace("\n", "\n     stderr: "))
        if os.path.exists(audit):
            os.unlink(audit)
    small = peaks.get(("root", "zero-trust", False, attempts // 10))
    full = peaks.get(("root", "zero-trust", False, attempts))
    if small and full and not sanitized:
        growth = full - small
        ok = growth <= MAX_GROWTH_MB
        print(f"{'ok  ' if ok else 'FAIL'} load memory flat: {small:.1f} MB at {attempts // 10} "
              f"attempts, {full:.1f} MB at {attempts} ({growth:+.1f} MB)")
        passed, failed = passed + ok, failed + (not ok)
    return passed, failed



# Runs the command (cordon; setpriv execs it in place) and prints its own
# high-water resident set, VmHWM, read every 10 ms while it runs: the peak
# of the tree (getrusage of the children) is that of cordon's init, a fork
# of cordon holding what cordon held at set-up, which hides the growth of
# the supervisor itself.
SUPERVISOR_PEAK = ["python3", "-c", """
import subprocess, sys, time
p = subprocess.Popen(sys.argv[1:])
peak = 0
while p.poll() is None:
    try:
        with open('/proc/%d/status' % p.pid) as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    peak = max(peak, int(line.split()[1]))
    except (OSError, ValueError):
        pass
    time.sleep(0.01)
print('supervisor-hwm-kb:', peak, file=sys.stderr)
sys.exit(p.returncode)
"""]


def supervisor_peak_mb(proc):
    for line in proc.stderr.splitlines():
        if line.startswith("supervisor-hwm-kb:"):
            return int(line.split()[1]) / 1024 or None
    return None
