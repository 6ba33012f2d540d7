#!/usr/bin/env python3
"""Faults `cordon run` must survive, as root and as an ordinary user:
- the audit log on a small tmpfs that is full from the start (125, the
  title never runs) and one that fills up during the run (every connect
  that got through has its line, the rest were denied, no torn line,
  cordon exits non-zero);
- a root that is not a mount point (sbuild/schroot chroots): `mount
  --make-rslave /` fails there (shown first), cordon runs all the same.
Needs root (it mounts tmpfs and builds the chroot in a private mount
namespace of its own). Usage: faults_test.py CORDON"""
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import staging  # noqa: E402

CORDON = os.path.abspath(sys.argv[1])
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + detail))


class Counter:
    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.data = b""
        self.stop = False
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        while not self.stop:
            try:
                c, _ = self.sock.accept()
            except OSError:
                continue
            c.settimeout(1)
            try:
                self.data += c.recv(100) + b"\n"
            except OSError:
                pass
            c.close()

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def fill(directory, leave_pages):
    """Fills the tmpfs at `directory`, then frees `leave_pages` pages."""
    filler = os.path.join(directory, "filler")
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        while os.write(fd, b"\0" * 4096) > 0:
            pass
    except OSError:
        pass
    os.close(fd)
    size = os.path.getsize(filler)
    os.truncate(filler, max(0, size - leave_pages * 4096))


def full_disk(user, stage, counter):
    base = tempfile.mkdtemp(prefix="cordon-full-", dir="/tmp")
    os.chmod(base, 0o755)
    mount = os.path.join(base, "disk")
    os.makedirs(mount)
    options = "size=256k" + (f",uid={staging.USER_ID},gid={staging.USER_ID}" if user == "nobody" else "")
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", mount], check=True)
    try:
        cordon = stage.cordon if user == "nobody" else CORDON

        def run(args, **kw):
            argv = [cordon, "run"] + args
            env = dict(os.environ)
            if user == "nobody":
                argv, env = stage.command(argv), stage.env(env)
            return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, cwd="/", **kw)

        # Full from the start: the write fails bare, and the title never runs.
        fill(mount, 0)
        probe = os.path.join(mount, "probe")
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            bare_fails = os.write(fd, b"x" * 200) <= 0
        except OSError:
            bare_fails = True
        os.close(fd)
        os.unlink(probe)
        check(f"{user}: a write to the full tmpfs fails bare", bare_fails)
        marker = os.path.join(stage.tmp if user == "nobody" else base, "ran-" + secrets.token_hex(4))
        for profile in ("air-gapped", "zero-trust"):
            log = os.path.join(mount, f"full-{profile}.jsonl")
            r = run(["--profile", profile, "--audit", log, "--", "/bin/sh", "-c", f"touch {marker}"])
            check(f"{user} {profile}: a full disk at set-up is 125 and the title never runs",
                  r.returncode == 125 and not os.path.exists(marker) and "audit log" in r.stderr,
                  f"{r.returncode} {os.path.exists(marker)} {r.stderr.strip()[-200:]}")

        # Room for about a dozen lines: the rest of the title's connects are refused.
        token = secrets.token_hex(6)
        code = ("import socket\nfor i in range(60):\n try:\n  s=socket.create_connection(('127.0.0.1',%d),timeout=2)\n"
                "  s.sendall(b'%s-%%d' %% i); s.close()\n except OSError: pass\n" % (counter.port, token))
        for profile in ("zero-trust", "air-gapped"):
            for name in os.listdir(mount):
                os.unlink(os.path.join(mount, name))
            fill(mount, 1)
            counter.data = b""
            log = os.path.join(mount, f"fills-{profile}.jsonl")
            args = ["--profile", profile, "--audit", log]
            if profile == "zero-trust":
                args += ["--allow", f"127.0.0.1:{counter.port}"]
            r = run(args + ["--", "/usr/bin/python3", "-c", code])
            text = open(log).read() if os.path.exists(log) else ""
            lines = text.splitlines()
            try:
                events = [json.loads(x) for x in lines]
                torn = False
            except ValueError:
                events, torn = [], True
            logged = [e for e in events if e["event"] == "connect" and e["verdict"] == "allow"]
            arrived = counter.data.count(token.encode())
            ok = (r.returncode == 125 and not torn and text.endswith("\n") and "could not be written" in r.stderr
                  and arrived <= len(logged) and (profile == "air-gapped" or 0 < arrived < 60))
            check(f"{user} {profile}: a disk filling up mid-run fails closed",
                  ok, f"status {r.returncode}, {len(logged)} logged, {arrived} arrived, torn={torn} "
                  f"{r.stderr.strip()[-200:]}")
    finally:
        subprocess.run(["umount", "-l", mount])
        subprocess.run(["rm", "-rf", base])


CHROOT_SCRIPT = r'''
set -e
root="$1"; shift
for d in usr etc tmp proc dev sys; do mkdir -p "$root/$d"; done
for d in usr etc tmp; do mount --rbind "/$d" "$root/$d"; done
mount --rbind /proc "$root/proc"; mount --rbind /dev "$root/dev"; mount --rbind /sys "$root/sys"
for l in bin sbin lib lib64; do [ -e "/$l" ] && [ ! -e "$root/$l" ] && ln -s "usr/$l" "$root/$l"; done
exec chroot "$root" "$@"
'''


def chroot_root(user, stage):
    base = tempfile.mkdtemp(prefix="cordon-chroot-", dir="/tmp")
    os.chmod(base, 0o755)
    root = os.path.join(base, "root")
    os.makedirs(root)

    def in_chroot(argv):
        if user == "nobody":
            argv = stage.command(argv)
        env = stage.env(dict(os.environ)) if user == "nobody" else dict(os.environ)
        return subprocess.run(["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", CHROOT_SCRIPT,
                               "chroot", root] + argv, env=env, capture_output=True, text=True, timeout=120)

    try:
        if user == "nobody":
            # The kernel refuses a user namespace to a chrooted process
            # (unshare(2), EPERM): an ordinary user cannot be sandboxed
            # there, and cordon must say so rather than run the title bare.
            marker = os.path.join(stage.tmp, "chroot-" + secrets.token_hex(4))
            r = in_chroot([stage.cordon, "run", "--", "/bin/sh", "-c", f"echo ran > {marker}"])
            check(f"{user}: in a chroot cordon refuses to run the title unconfined (125, says why)",
                  r.returncode == 125 and not os.path.exists(marker) and "chroot" in r.stderr,
                  f"{r.returncode} {r.stderr.strip()[-300:]}")
            return
        r = in_chroot(["/bin/sh", "-c", "unshare --mount mount --make-rslave / 2>&1; true"])
        check(f"{user}: / is no mount point in the chroot (mount --make-rslave / fails bare)",
              "nvalid argument" in r.stdout + r.stderr, (r.stdout + r.stderr).strip()[-200:])
        cordon = stage.cordon
        for profile in ("air-gapped", "zero-trust"):
            marker = os.path.join(stage.tmp, "chroot-" + secrets.token_hex(4))
            r = in_chroot([cordon, "run", "--profile", profile, "--", "/bin/sh", "-c", f"echo ran > {marker}"])
            ran = os.path.exists(marker)
            check(f"{user} {profile}: cordon runs in a chroot whose / is no mount point",
                  r.returncode == 0 and ran, f"{r.returncode} {r.stderr.strip()[-300:]}")
            if ran:
                os.unlink(marker)
    finally:
        subprocess.run(["rm", "-rf", base])


def main():
    if os.geteuid() != 0:
        print("faults_test needs root (tmpfs mounts, a chroot): skipped")
        return 77
    # The staged copy is always made: the chroot below must reach cordon.
    stage = staging.Staging(CORDON)
    unprivileged = staging.can_drop_privileges()
    counter = Counter()
    try:
        for user in ["root"] + (["nobody"] if unprivileged else []):
            full_disk(user, stage, counter)
            chroot_root(user, stage)
    finally:
        counter.close()
        stage.close()
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
