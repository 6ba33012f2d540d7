#!/usr/bin/env python3
"""Containment of `cordon run` against a title written to end, stall or
outlive its supervision, or to rewrite its audit log (contain.c). Each
technique runs bare first (it must work: a sacrificial parent dies or
stops, a daemon outlives its parent, the log is forged), then under
air-gapped and zero-trust, as root and as an ordinary user (nobody, from a
staged copy: the build tree need not be readable). The checks are on what
happened: which processes are alive, what the listener received, what the
file at the audit path holds, cordon's exit status.
Usage: contain_test.py CORDON CONTAIN [TECHNIQUE...]"""
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import staging  # noqa: E402
from listener import Listener  # noqa: E402

TECHNIQUES = ["kill-parent", "stop-parent", "daemon", "immortal", "sigterm", "sigint", "log", "env"]
# Secrets a CI or QA machine holds, and one ordinary variable that must pass.
SECRETS = ["DEPLOY_TOKEN", "AWS_SECRET_ACCESS_KEY", "MY_SECRET_VALUE", "GITHUB_TOKEN", "STEAM_PASSWORD",
           "SSH_AUTH_SOCK"]
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + detail))


def marked(marker):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def kill_marked(marker):
    for pid in marked(marker):
        try:
            os.kill(pid, signal.SIGCONT)
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def state_of(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def events_of(path):
    try:
        with open(path) as f:
            return [json.loads(line) for line in f if line.startswith("{\"ts\"")]
    except OSError:
        return []


class Run:
    """One run of a technique: bare, or under cordon with a profile, as a user."""

    def __init__(self, ctx, technique, mode, user):
        self.ctx, self.technique, self.mode, self.user = ctx, technique, mode, user
        self.token = secrets.token_hex(8)
        self.marker = "cordon-contain-" + secrets.token_hex(6)
        self.dir = tempfile.mkdtemp(prefix="contain-", dir=ctx.user_tmp(user))
        self.audit = os.path.join(self.dir, "logs", "run.jsonl")
        os.makedirs(os.path.dirname(self.audit))
        if user == "nobody":
            for p in (self.dir, os.path.dirname(self.audit)):
                os.chown(p, staging.USER_ID, staging.USER_ID)
        self.env = dict(os.environ, ESC_NONCE=self.token, ESC_MARK=self.marker, ESC_DIR=self.dir,
                        ESC_TCP_PORT=str(ctx.listener.port), ESC_AUDIT=self.audit)

    def argv(self, timeout=None):
        contain = self.ctx.contain(self.user)
        title = [contain, self.technique if self.technique not in ("sigterm", "sigint") else "immortal",
                 self.marker]
        if self.mode == "bare":
            # A sacrificial parent whose command line holds the marker.
            return ["/bin/sh", "-c", f'"$@"; echo parent-survived; sleep 0.2 # {self.marker}', "sh"] + title
        cmd = [self.ctx.cordon(self.user), "run", "--profile", self.mode, "--audit", self.audit]
        if timeout:
            cmd += ["--timeout", str(timeout)]
        return cmd + ["--"] + title

    def popen(self, timeout=None, **kw):
        argv = self.argv(timeout)
        env = self.env
        if self.user == "nobody":
            argv = self.ctx.stage.command(argv)
            env = self.ctx.stage.env(env)
        return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd="/", **kw)

    def finish(self, p, timeout=60):
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_marked(self.marker)
            p.kill()
            out, err = p.communicate()
            return None, out, err
        return p.returncode, out, err

    def received(self):
        time.sleep(0.3)
        return self.token.encode() in self.ctx.listener.joined()

    def supervised_connect(self, label):
        return [e for e in events_of(self.audit)
                if e["event"] == "connect" and e["port"] == self.ctx.listener.port]


def judge(run):
    """None when the run is as it must be, else the fault."""
    t, mode = run.technique, run.mode
    if t in ("kill-parent", "stop-parent"):
        p = run.popen(timeout=20)
        if mode == "bare":
            if t == "stop-parent":
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and state_of(p.pid) != "T":
                    time.sleep(0.05)
                stopped = state_of(p.pid) == "T"
                kill_marked(run.marker)
                p.kill()
                run.finish(p)
                return None if stopped else "SIGSTOP did not stop the parent bare"
            status, out, err = run.finish(p)
            return None if status == -signal.SIGKILL and "parent-survived" not in out else \
                f"the parent survived bare ({status})"
        status, out, err = run.finish(p, timeout=40)
        if status != 0:
            return f"cordon exited {status}: {err.strip()[-300:]}"
        if not run.supervised_connect("after-attack"):
            return "no audit line for the connect after the attack: supervision ended"
        if run.received():
            return "TOKEN LEAKED"
        return None
    if t == "daemon":
        alive = os.path.join(run.dir, "alive")
        p = run.popen(timeout=20)
        status, out, err = run.finish(p, timeout=40)
        time.sleep(0.5)
        try:
            before = open(alive).read()
        except OSError:
            before = None
        time.sleep(0.6)
        try:
            after = open(alive).read()
        except OSError:
            after = None
        survivors = marked(run.marker)
        kill_marked(run.marker)
        if mode == "bare":
            return None if before is not None and before != after else "the daemon did not outlive its parent bare"
        if status != 0:
            return f"cordon exited {status}: {err.strip()[-300:]}"
        if survivors or (before is not None and before != after):
            return f"a daemon outlived the run: {survivors}"
        if run.received():
            return "TOKEN LEAKED"
        return None
    if t == "immortal":
        if mode == "bare":
            p = run.popen()
            p.stdout.readline()
            survivors = marked(run.marker)
            for pid in survivors:
                try:
                    os.kill(pid, signal.SIGTERM)
                except OSError:
                    pass
            time.sleep(0.5)
            alive = [pid for pid in survivors if state_of(pid) not in ("gone", "Z")]
            kill_marked(run.marker)
            p.kill()
            run.finish(p)
            return None if alive else "the title did not ignore SIGTERM bare"
        started = time.monotonic()
        p = run.popen(timeout=1)
        status, out, err = run.finish(p, timeout=40)
        elapsed = time.monotonic() - started
        survivors = marked(run.marker)
        kill_marked(run.marker)
        if status != 124 or elapsed > 15:
            return f"--timeout did not fire: {status} after {elapsed:.1f}s {err.strip()[-200:]}"
        if survivors:
            return f"processes outlived the timeout: {survivors}"
        return None
    if t in ("sigterm", "sigint"):
        sig = signal.SIGTERM if t == "sigterm" else signal.SIGINT
        if mode == "bare":
            run.technique = "immortal"  # the same title ignores both signals bare
            return judge(run)
        p = run.popen()
        ready = p.stdout.readline()
        started = time.monotonic()
        p.send_signal(sig)
        status, out, err = run.finish(p, timeout=40)
        elapsed = time.monotonic() - started
        survivors = marked(run.marker)
        kill_marked(run.marker)
        if ready.strip() != "ready":
            return f"the title did not start: {err.strip()[-300:]}"
        if status != 128 + sig or elapsed > 15:
            return f"cordon did not end the title on {sig.name}: {status} after {elapsed:.1f}s"
        if survivors:
            return f"processes outlived cordon: {survivors}"
        if not run.supervised_connect("immortal"):
            return "the audit line of the title's connect is missing"
        return None
    if t == "env":
        for i, name in enumerate(SECRETS):
            run.env[name] = f"{run.token}-secret{i}"
        run.env["GAME_OPTION"] = f"{run.token}-ordinary"
        p = run.popen(timeout=20)
        status, out, err = run.finish(p, timeout=40)
        leaked = [name for i, name in enumerate(SECRETS) if f"{run.token}-secret{i}" in out]
        if mode == "bare":
            return None if len(leaked) == len(SECRETS) else "the secrets are not in the environment bare"
        if status != 0:
            return f"cordon exited {status}: {err.strip()[-300:]}"
        if leaked:
            return f"SECRETS PASSED to the title: {leaked}"
        if f"{run.token}-ordinary" not in out:
            return "an ordinary variable was dropped"
        if not all(name in err for name in SECRETS):
            return f"cordon does not name the dropped variables: {err.strip()[-300:]}"
        return None
    if t == "log":
        if mode == "bare":
            with open(run.audit, "w") as f:
                f.write('{"ts":"genuine"}\n')
            p = run.popen()
            run.finish(p)
            try:
                text = open(run.audit).read()
            except OSError:
                text = ""
            return None if ("FORGED-" + run.token) in text else "the log could not be forged bare"
        p = run.popen(timeout=20)
        status, out, err = run.finish(p, timeout=40)
        try:
            text = open(run.audit).read()
        except OSError:
            text = ""
        if ("FORGED-" + run.token) in text:
            return "FORGED lines in the audit log"
        if status != 0:
            return f"cordon exited {status}: {err.strip()[-300:]}"
        execs = [e for e in events_of(run.audit) if e["event"] == "exec"]
        if not execs or not run.supervised_connect("after-log-attack"):
            return f"the genuine lines are missing: {text[-300:]}"
        return None
    return "unknown technique"


class Context:
    def __init__(self, cordon, contain):
        self._cordon, self._contain = cordon, contain
        self.listener = Listener()
        self.stage = staging.Staging(cordon, [contain]) if staging.can_drop_privileges() else None
        self.tmp = tempfile.mkdtemp(prefix="cordon-contain-")

    def cordon(self, user):
        return self.stage.cordon if user == "nobody" else self._cordon

    def contain(self, user):
        return self.stage.programs[os.path.basename(self._contain)] if user == "nobody" else self._contain

    def user_tmp(self, user):
        return self.stage.tmp if user == "nobody" else self.tmp

    def close(self):
        self.listener.close()
        if self.stage:
            self.stage.close()


def main():
    cordon, contain = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    chosen = sys.argv[3:] or TECHNIQUES
    ctx = Context(cordon, contain)
    users = ["root", "nobody"] if ctx.stage else [("root" if os.geteuid() == 0 else "user")]
    try:
        for user in users:
            for technique in chosen:
                for mode in ("bare", "air-gapped", "zero-trust"):
                    run = Run(ctx, technique, mode, user)
                    started = time.monotonic()
                    fault = judge(run)
                    check(f"{technique:12} {mode:11} {user:6} {time.monotonic() - started:5.2f}s",
                          fault is None, fault or "")
    finally:
        ctx.close()
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
