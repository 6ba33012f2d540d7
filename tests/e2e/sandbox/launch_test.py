#!/usr/bin/env python3
"""`cordon run` launch behaviour: exit statuses, --timeout, no process left
behind, signal forwarding, closed descriptors, audit lines, --mode audit,
--print-profile. Usage: launch_test.py CORDON"""
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import staging  # noqa: E402

CORDON = sys.argv[1]
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))


def run(args, **kw):
    kw.setdefault("timeout", 60)
    return subprocess.run([CORDON, "run"] + args, capture_output=True, text=True, **kw)


def processes_with(marker):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def sleep_arg():
    return "1000.%d" % secrets.randbelow(10**9)


def main():
    with tempfile.TemporaryDirectory(prefix="cordon-launch-") as tmp:
        r = run(["--", "/bin/sh", "-c", "exit 7"])
        check("exit status of the title", r.returncode == 7, f"got {r.returncode}")
        r = run(["--", "/bin/sh", "-c", "kill -SEGV $$"])
        check("death by signal is 128+N", r.returncode == 128 + signal.SIGSEGV, f"got {r.returncode}")
        r = run(["--", "cordon-no-such-program"])
        check("not found is 127", r.returncode == 127 and "not found" in r.stderr, f"{r.returncode} {r.stderr}")
        r = run(["--", "/etc/hostname"])
        check("not executable is 126", r.returncode == 126, f"got {r.returncode} {r.stderr}")
        r = run(["--profile", "air-gapped", "--allow", "192.0.2.1", "--", "/bin/true"])
        check("a contradicting plan is 125", r.returncode == 125 and "error:" in r.stderr,
              f"{r.returncode} {r.stderr}")
        r = run(["--profile", os.path.join(tmp, "missing.yaml"), "--", "/bin/true"])
        check("a missing profile file is 125", r.returncode == 125, f"{r.returncode} {r.stderr}")

        marker = sleep_arg()
        started = time.monotonic()
        r = run(["--timeout", "0.5", "--", "/bin/sh", "-c", f"setsid sleep {marker} & sleep {marker}"])
        elapsed = time.monotonic() - started
        check("--timeout gives 124", r.returncode == 124, f"got {r.returncode} {r.stderr}")
        check("--timeout is prompt", elapsed < 5, f"{elapsed:.1f}s")
        check("--timeout kills the whole tree (setsid child too)", not processes_with(marker),
              str(processes_with(marker)))

        marker = sleep_arg()
        r = run(["--", "/bin/sh", "-c", f"sleep {marker} & exit 3"])
        check("background children do not outlive the title", r.returncode == 3 and not processes_with(marker),
              f"{r.returncode} {processes_with(marker)}")

        p = subprocess.Popen([CORDON, "run", "--", "/bin/sh", "-c",
                              "trap 'exit 42' TERM; echo ready; while :; do sleep 0.05; done"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.readline()  # the title runs: cordon forwards from now on
        p.send_signal(signal.SIGTERM)
        p.communicate(timeout=20)
        check("SIGTERM is forwarded to the title", p.returncode == 42, f"got {p.returncode}")

        read_fd, write_fd = os.pipe()
        r = subprocess.run([CORDON, "run", "--", "/bin/ls", "/proc/self/fd"], capture_output=True, text=True,
                           pass_fds=(read_fd, write_fd), timeout=60)
        os.close(read_fd)
        os.close(write_fd)
        fds = sorted(int(x) for x in r.stdout.split())
        check("inherited descriptors are closed", fds == [0, 1, 2, 3], f"saw {fds}")

        audit = os.path.join(tmp, "exec.jsonl")
        r = run(["--audit", audit, "--", "/bin/true"])
        lines = open(audit).read().splitlines() if os.path.exists(audit) else []
        ok = len(lines) == 1
        if ok:
            e = json.loads(lines[0])
            ok = (list(e) == ["ts", "pid", "exe", "event", "family", "address", "port", "host", "verdict",
                              "rule", "profile"] and e["event"] == "exec" and e["address"] == "/bin/true"
                  and e["verdict"] == "allow" and e["profile"] == "air-gapped"
                  and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", e["ts"]) is not None)
        check("exec event line with the contract's fields", ok, str(lines))
        check("summary on stderr", "cordon: run: 1 allowed, 0 denied, 0 audited" in r.stderr, r.stderr)

        r = subprocess.run([CORDON, "run", "--profile", "zero-trust", "--allow", "127.0.0.1:9", "--print-profile"],
                           capture_output=True, text=True, timeout=60)
        check("--print-profile prints the effective profile",
              r.returncode == 0 and "zero-trust" in r.stdout and "127.0.0.1:9" in r.stdout, r.stdout[-200:])

        # Device ids the profile masks read as a fresh value of the same shape.
        try:
            host_id = open("/etc/machine-id").read()
        except OSError:
            host_id = ""
        if host_id:
            for profile in ("air-gapped", "zero-trust"):
                r = run(["--profile", profile, "--", "/bin/cat", "/etc/machine-id"])
                same_shape = len(r.stdout) == len(host_id) and all(
                    (a in "0123456789abcdef") == (b in "0123456789abcdef") for a, b in zip(r.stdout, host_id))
                check(f"{profile}: /etc/machine-id is masked with a per-run value",
                      r.returncode == 0 and r.stdout != host_id and same_shape, f"{r.returncode} {r.stdout!r}")
            check("the host's /etc/machine-id is untouched", open("/etc/machine-id").read() == host_id)

        # The file policy: deny_paths unreadable, read_only_paths unwritable
        # (also not replaceable), the rest as usual: a first run creates its
        # save directories in $HOME, the XDG directories and /tmp on a home
        # that has ~/.ssh (what broke teeworlds-server under Landlock).
        home = os.path.join(tmp, "home")
        os.makedirs(os.path.join(home, ".ssh"))
        os.makedirs(os.path.join(home, ".local", "share", "game"))
        with open(os.path.join(home, ".ssh", "id_ed25519"), "w") as f:
            f.write("secret-key")
        with open(os.path.join(home, ".bashrc"), "w") as f:
            f.write("# rc\n")
        # Judged by the bytes read: a denied file's stand-in opens and is empty.
        script = ("grep -q secret-key ~/.ssh/id_ed25519 2>/dev/null && echo READ-SECRET; "
                  "echo evil >> ~/.bashrc 2>/dev/null && echo WROTE-RC; "
                  "cat ~/.bashrc >/dev/null && echo READ-RC; "
                  "echo saved > ~/.local/share/game/save && echo WROTE-SAVE; "
                  "cat /etc/hostname >/dev/null && echo READ-ETC; "
                  "echo x > ~/.bashrc.new && mv ~/.bashrc.new ~/.bashrc 2>/dev/null && echo REPLACED-RC; "
                  "rm -f ~/.bashrc.new; "
                  "mkdir ~/.mygame && echo s > ~/.mygame/save && echo NEW-HOME-DIR; "
                  "mkdir -p ~/.local/share/newgame ~/.config/newgame && echo s > ~/.config/newgame/c "
                  "&& echo NEW-XDG-DIRS; "
                  "d=$(mktemp -d) && echo s > $d/save && echo NEW-TMP-DIR; "
                  "rm -rf ~/.mygame ~/.local/share/newgame ~/.config/newgame")
        env = dict(os.environ, HOME=home)
        bare = subprocess.run(["/bin/sh", "-c", script], env=env, capture_output=True, text=True, timeout=60)
        check("bare, the secret is read and the rc file written and replaced",
              all(w in bare.stdout for w in ("READ-SECRET", "WROTE-RC", "REPLACED-RC")), bare.stdout)
        with open(os.path.join(home, ".bashrc"), "w") as f:
            f.write("# rc\n")
        for profile in ("air-gapped", "zero-trust"):
            r = run(["--profile", profile, "--", "/bin/sh", "-c", script], env=env)
            out = r.stdout.split()
            check(f"{profile}: deny_paths unreadable, read_only_paths unwritable, new save directories work",
                  out == ["READ-RC", "WROTE-SAVE", "READ-ETC", "NEW-HOME-DIR", "NEW-XDG-DIRS", "NEW-TMP-DIR"],
                  f"{out} {r.stderr[-300:]}")
            check(f"{profile}: the host's ~/.bashrc is untouched", open(os.path.join(home, ".bashrc")).read() == "# rc\n")

        # Interface listings (glibc's if_nameindex: a netlink route socket,
        # bound and sent to by the supervisor) work under both profiles:
        # air-gapped lists only the title's own loopback, zero-trust what the
        # host lists. Before, the supervisor answered the netlink bind and
        # send with EINVAL and the listing failed (Wine's adapter calls hung).
        code = "import socket; print(sorted(n for _, n in socket.if_nameindex()))"
        host_names = sorted(n for _, n in socket.if_nameindex())
        for profile, want in (("air-gapped", ["lo"]), ("zero-trust", host_names)):
            audit = os.path.join(tmp, f"ifnames-{profile}.jsonl")
            r = run(["--profile", profile, "--audit", audit, "--", "/usr/bin/python3", "-c", code])
            check(f"{profile}: the interface listing names {want}",
                  r.returncode == 0 and r.stdout.strip() == str(want),
                  f"{r.returncode} {r.stdout!r} {r.stderr[-300:]}")

        # Each run has a TMPDIR of its own, whatever TMPDIR was, and what the
        # title leaves behind gets SIGTERM and time to end when the title ends.
        mark = os.path.join(tmp, "left-behind")
        code = ("import os, signal, sys, time\n"
                "print(os.environ['TMPDIR'], os.listdir(os.environ['TMPDIR']))\n"
                "open(os.path.join(os.environ['TMPDIR'], 'x'), 'w').close()\n"
                "if os.fork() == 0:\n"
                " signal.signal(signal.SIGTERM, lambda *_: (open(%r, 'w').write('term'), os._exit(0)))\n"
                " time.sleep(30)\n"
                " os._exit(0)\n"
                "time.sleep(0.3)\n" % mark)
        seen = []
        for _ in range(2):
            started = time.monotonic()
            r = run(["--", "/usr/bin/python3", "-c", code], env=dict(os.environ, TMPDIR=tmp))
            seen.append((r.stdout.strip(), time.monotonic() - started))
        fresh = [out.endswith("[]") and out.startswith(tmp + "/cordon-tmp-") for out, _ in seen]
        check("each run has an empty TMPDIR of its own", all(fresh) and seen[0][0] != seen[1][0]
              and not any(n.startswith("cordon-tmp-") for n in os.listdir(tmp)),
              f"{seen} {os.listdir(tmp)}")
        check("a process the title leaves gets SIGTERM before the run ends",
              os.path.exists(mark) and open(mark).read() == "term" and seen[1][1] < 10,
              f"{os.path.exists(mark)} {seen}")

        # A call from a second thread is attributed to the process.
        audit = os.path.join(tmp, "thread.jsonl")
        code = ("import os, socket, threading\nprint(os.getpid())\ndef f():\n try: socket.create_connection"
                "(('127.0.0.1', 9), timeout=1)\n except OSError: pass\n"
                "t = threading.Thread(target=f); t.start(); t.join()")
        r = run(["--profile", "zero-trust", "--audit", audit, "--", "/usr/bin/python3", "-c", code])
        events = [json.loads(x) for x in open(audit)] if os.path.exists(audit) else []
        connects = [e for e in events if e["event"] == "connect"]
        check("a thread's connect is denied and names the process id",
              r.stdout.strip().isdigit() and len(connects) == 1 and connects[0]["verdict"] == "deny"
              and connects[0]["pid"] == int(r.stdout.strip()), f"{r.stdout} {connects} {r.stderr[-200:]}")

        # A connect the supervisor performs that never completes (a listener
        # whose backlog is full drops SYNs) must not hold up --timeout.
        full = socket.socket()
        full.bind(("127.0.0.1", 0))
        full.listen(0)
        fillers = []
        for _ in range(4):
            f = socket.socket()
            f.setblocking(False)
            try:
                f.connect(full.getsockname())
            except BlockingIOError:
                pass
            fillers.append(f)
        code = "import socket; socket.create_connection(('127.0.0.1', %d))" % full.getsockname()[1]
        started = time.monotonic()
        r = run(["--profile", "zero-trust", "--allow", f"127.0.0.1:{full.getsockname()[1]}", "--timeout", "1",
                 "--", "/usr/bin/python3", "-c", code])
        elapsed = time.monotonic() - started
        check("--timeout ends a connect the supervisor is blocked in", r.returncode == 124 and elapsed < 10,
              f"{r.returncode} after {elapsed:.1f}s")
        for f in fillers:
            f.close()
        full.close()

        # As an ordinary user: user namespaces give the same sandbox. cordon
        # runs from a staged copy: the build tree (under /root on a fresh
        # machine) need not be readable by that user.
        if staging.can_drop_privileges():
            stage = staging.Staging(CORDON)
            probe = socket.socket()
            probe.bind(("127.0.0.1", 0))
            probe.listen(1)
            probe.settimeout(0.5)
            code = ("import socket,sys\ntry:\n socket.create_connection(('127.0.0.1',%d),timeout=2)\n"
                    "except OSError: sys.exit(3)\nsys.exit(4)" % probe.getsockname()[1])
            r = staging.run_as_user(stage, [stage.cordon, "run", "--", "/usr/bin/python3", "-c", code],
                                    dict(os.environ), capture_output=True, text=True, timeout=60, cwd="/")
            stage.close()
            try:
                probe.accept()
                reached = True
            except OSError:
                reached = False
            probe.close()
            check("unprivileged air-gapped (user namespace) runs and reaches nothing",
                  r.returncode == 3 and not reached, f"{r.returncode} {r.stderr[-300:]}")

        # --mode audit: the connection really happens and is logged as "audit".
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        got = []

        def accept():
            listener.settimeout(10)
            try:
                c, _ = listener.accept()
                got.append(c.recv(100))
                c.close()
            except OSError:
                pass

        for profile in ("zero-trust", "air-gapped"):
            t = threading.Thread(target=accept)
            t.start()
            audit = os.path.join(tmp, f"audit-{profile}.jsonl")
            code = ("import socket; s=socket.create_connection(('127.0.0.1', %d)); s.sendall(b'through')" % port)
            r = run(["--profile", profile, "--mode", "audit", "--audit", audit, "--", "/usr/bin/python3", "-c", code])
            t.join()
            events = [json.loads(x) for x in open(audit)] if os.path.exists(audit) else []
            audited = [e for e in events if e["verdict"] == "audit" and e["port"] == port]
            check(f"--mode audit lets {profile} traffic through and logs it",
                  r.returncode == 0 and got[-1:] == [b"through"] and audited,
                  f"{r.returncode} {got} {r.stderr[-300:]}")
        listener.close()

    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
