"""The faults group of the adversarial tests (sandbox.adversary.faults):
faults.c puts the supervisor in the states a title can force on it, run
bare first, then under both profiles, as root and as an unprivileged user:

- exit-mid-notify: a process ends (exit_group) while 16 of its threads'
  connects are in the supervisor's hands, three times;
- close-mid-connect: other threads close the socket of a connect being
  decided and reuse its number for a datagram socket;
- notify-flood: 32 threads send to a denied address without pause for
  0.6 s, an honest send in the middle of it;
- sigterm, sigint: `cordon run` gets the signal while 8 threads in 4
  processes of a title that ignores it make numbered connects.

A run passes when the forbidden listeners received none of the run's
token ("leak TOKEN" arrives bare: the attack works there), the honest
"after TOKEN" arrived under zero-trust (the supervisor still answers) and
has its line under both profiles, cordon ends as it must (the title's
status; 128+N and within 10 s on a signal, with no process of the title
left) and the log is valid JSON Lines with a line for every attempt that
returned before the end. The audit log on a full disk (fail closed) is
sandbox.faults (tests/e2e/contain)."""
import os
import re
import secrets
import signal
import subprocess
import time

import harness

TECHNIQUES = ["exit-mid-notify", "close-mid-connect", "notify-flood", "sigterm", "sigint"]


def processes_with(token):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if token.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def kill_all(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def signalled(ctx, technique, user, mode, env, token, audit):
    """Starts signal-flush, waits for 300 attempts, sends the signal to
    cordon (or to the title, bare); (CompletedProcess, seconds to the end,
    survivors)."""
    sig = signal.SIGTERM if technique == "sigterm" else signal.SIGINT
    p = harness.start_title(ctx["cordon"], ctx["adversary"], ["signal-flush", token], user, mode,
                            env, audit)
    out = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and sum(x.startswith("done") for x in out) < 300:
        line = p.stdout.readline()
        if not line:
            break
        out.append(line)
    p.send_signal(sig)
    started = time.monotonic()
    if mode == "bare":  # the title ignores the signal: it must still be there
        time.sleep(0.5)
        survivors = processes_with(token)
        kill_all(survivors)
        rest, err = p.communicate()
        return subprocess.CompletedProcess(p.args, p.returncode, "".join(out) + rest, err), 0, \
            survivors, sig
    try:
        rest, err = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        kill_all(processes_with(token))
        p.kill()
        rest, err = p.communicate()
    elapsed = time.monotonic() - started
    survivors = processes_with(token)
    kill_all(survivors)
    return subprocess.CompletedProcess(p.args, p.returncode, "".join(out) + rest, err), elapsed, \
        survivors, sig


def judge(technique, mode, proc, got, token, events, faults, audit, elapsed, survivors, sig, ctx):
    leak = b"leak " + token.encode()
    leaked = [k for k, v in got.items() if leak in v]
    if mode == "bare":
        if not leaked:
            return "the technique does not work bare: nothing to prove"
        if sig and not survivors:
            return "the title did not outlive the signal bare"
        return None
    if leaked:
        return "ESCAPED: the token reached " + ", ".join(sorted(leaked))
    if faults:
        return "; ".join(faults[:3])
    if not os.path.exists(audit):
        return "no audit log"
    with open(audit, "rb") as f:
        if not f.read().endswith(b"\n"):
            return "the log does not end with a whole line"
    if sig:
        if proc.returncode != 128 + sig or elapsed > 10:
            return f"cordon did not end the title on {sig.name}: {proc.returncode} after {elapsed:.1f}s"
        if survivors:
            return f"processes of the title outlived cordon: {survivors}"
        done = {int(k) for k in re.findall(r"^done (\d+)$", proc.stdout, re.M)}
        logged = {(e["address"], e["port"]) for e in events if e["event"] == "connect"}
        missing = [k for k in done if ("10.214.%d.%d" % (k >> 8, k & 255), 9100) not in logged]
        if len(done) < 300 or missing:
            return f"{len(missing)} of the {len(done)} attempts made before the signal have no line"
        return None
    if proc.returncode != 0:
        return f"cordon exited {proc.returncode}: {proc.stderr.strip()[-300:]}"
    after = [e for e in events if e["event"] == "sendto" and e["verdict"] == "allow"
             and e["port"] == ctx["sinks"].port("allowed-udp")]
    if not after:
        return "no line for the honest send after the fault"
    if mode == "zero-trust" and b"after " + token.encode() not in got.get("allowed-udp", b""):
        return "the honest send after the fault did not arrive"
    # Air-gapped allows 127.0.0.1 (the title's own loopback, where nothing
    # listens); zero-trust refuses it.
    if mode == "zero-trust" and not any(e["verdict"] == "deny" and e["port"] ==
                                        ctx["sinks"].port("tcp") for e in events):
        return "no deny line for the forbidden connect"
    return None


def run(ctx):
    """Runs the group; returns (passed, failed)."""
    sinks = ctx["sinks"]
    passed = failed = 0
    for technique in TECHNIQUES:
        for user in ctx["users"]:
            for mode in ("bare", "air-gapped", "zero-trust"):
                token = secrets.token_hex(12)
                env = {"PATH": "/usr/bin:/bin", "HOME": ctx["home"][user],
                       "ADV_TCP_PORT": str(sinks.port("tcp")), "ADV_UDP_PORT": str(sinks.port("udp")),
                       "ADV_ALLOWED_UDP_PORT": str(sinks.port("allowed-udp"))}
                audit = os.path.join(ctx["audit_dir"][user], f"{technique}-{mode}-{token[:6]}.jsonl")
                allow = ["127.0.0.1:%d" % sinks.port("allowed-udp")]
                started = time.monotonic()
                elapsed, survivors, sig = 0, [], None
                if technique in ("sigterm", "sigint"):
                    proc, elapsed, survivors, sig = signalled(ctx, technique, user, mode, env, token,
                                                              audit)
                else:
                    proc = harness.run_title(ctx["cordon"], ctx["adversary"], [technique, token],
                                             user, mode, env, audit, allow)
                got = sinks.take(wait=0.3)
                events, faults = harness.read_events(audit)
                fault = judge(technique, mode, proc, got, token, events, faults, audit, elapsed,
                              survivors, sig, ctx)
                label = f"{technique:17} {user:6} {mode:10} {time.monotonic() - started:4.1f}s"
                flood = re.search(r"honest send amid the flood: \d+ ms", proc.stderr)
                if fault is None:
                    passed += 1
                    print(f"ok   {label}" + (f" ({flood.group(0)})" if flood else ""))
                else:
                    failed += 1
                    print(f"FAIL {label}: {fault}")
                    print("     stderr: " + proc.stderr.strip()[-400:].replace("\n", "\n     stderr: "))
                if os.path.exists(audit):
                    os.unlink(audit)
    return passed, failed
