"""Shared machinery of the adversarial tests of `cordon run` (imported by
adversary_test.py and the load test): a private network and /tmp for the
whole test, a copy of cordon an unprivileged user can run, listeners and a
capture interface that record what arrives, and runs of a technique bare and
under cordon as root or as an unprivileged user.

Everything happens inside namespaces the test creates: a network namespace
with its own loopback and a veth pair (v0: 10.213.0.1/24 and
fd00:213::1/64; v1, its peer, captured), and a mount namespace
with a fresh tmpfs on /tmp. Nothing reaches the host's network or files."""
import ctypes
import json
import os
import pty
import secrets
import select
import shutil
import socket
import struct
import subprocess
import threading
import time

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
MS_REC = 0x4000
MS_PRIVATE = 0x40000
NOBODY = 65534
EVIL4 = "10.213.0.77"
EVIL6 = "fd00:213::77"
UNROUTED4 = "10.214.0.9"  # no route to it, except for marked packets
CONTRACT_FIELDS = ["ts", "pid", "exe", "event", "family", "address", "port", "host", "verdict",
                   "rule", "profile"]


class Skip(Exception):
    pass


def enter_private_world(keep=()):
    """A network namespace with lo and the captured veth pair, and a
    private tmpfs on /tmp. Must run before any thread starts. Returns, for
    each path of `keep`, a path that still reaches it afterwards (they may
    live under the /tmp this hides)."""
    if os.geteuid() != 0:
        raise Skip("needs root to create the test's network and mount namespaces")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET | CLONE_NEWNS) != 0:
        raise Skip("unshare: " + os.strerror(ctypes.get_errno()))
    kept = {}
    for path in keep:
        fd = os.open(os.path.realpath(path), os.O_PATH)
        kept[path] = f"/proc/self/fd/{fd}"
    if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        raise OSError(ctypes.get_errno(), "mount --make-rprivate /")
    if libc.mount(b"tmpfs", b"/tmp", b"tmpfs", 0, b"mode=1777") != 0:
        raise OSError(ctypes.get_errno(), "mount tmpfs /tmp")
    # A veth pair: v0 holds the addresses, v1 (no address, so the kernel
    # keeps nothing that arrives there) is where the capture listens. Static
    # neighbours make frames to the "evil" addresses leave at once.
    for cmd in (["ip", "link", "set", "lo", "up"],
                ["ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1"],
                ["ip", "link", "set", "v1", "address", "02:00:00:00:02:13"],
                ["ip", "addr", "add", "10.213.0.1/24", "dev", "v0"],
                ["ip", "-6", "addr", "add", "fd00:213::1/64", "dev", "v0", "nodad"],
                ["ip", "link", "set", "v0", "up"],
                ["ip", "link", "set", "v1", "up"],
                ["ip", "neigh", "add", EVIL4, "lladdr", "02:00:00:00:02:13", "dev", "v0"],
                ["ip", "-6", "neigh", "add", EVIL6, "lladdr", "02:00:00:00:02:13", "dev", "v0"],
                # Policy routing: packets marked 0x213 leave through the
                # "evil" gateway; others to 10.214.0.0/16 have no route.
                ["ip", "route", "add", "default", "via", EVIL4, "dev", "v0", "table", "213"],
                ["ip", "rule", "add", "fwmark", "0x213", "lookup", "213"]):
        subprocess.run(cmd, check=True, capture_output=True)
    return kept


def mount_tmpfs(path, options="mode=755"):
    """A fresh tmpfs over `path`, in the test's own mount namespace (after
    enter_private_world): nothing of the host's changes."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(b"tmpfs", path.encode(), b"tmpfs", 0, options.encode()) != 0:
        raise OSError(ctypes.get_errno(), "mount tmpfs " + path)


def rules_of(cordon):
    """The built-in rules next to a cordon executable (../share/cordon/rules)."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(cordon))),
                        "share", "cordon", "rules")


def install_copy(cordon, rules, programs):
    """cordon (with its rules) and `programs` (name -> path) under
    /tmp/prefix, readable and runnable by anyone: the build tree may not be
    (a fresh machine builds under /root, mode 700)."""
    prefix = "/tmp/prefix"
    os.makedirs(prefix + "/bin")
    shutil.copyfile(cordon, prefix + "/bin/cordon")
    shutil.copytree(rules, prefix + "/share/cordon/rules")
    copies = {}
    for name, program in programs.items():
        copies[name] = shutil.copyfile(program, prefix + "/bin/" + name)
    for root, dirs, files in os.walk(prefix):
        for name in dirs + files:
            os.chmod(os.path.join(root, name), 0o755)
    os.chmod(prefix, 0o755)
    return prefix + "/bin/cordon", copies


class Sinks:
    """Listeners on the test's loopback and the capture of v1. Each records
    what it receives; a token is searched for in all of it."""

    def __init__(self, extra=()):
        """`extra`: (kind, name, socket) of further listeners ("listen" or
        "dgram"), e.g. Unix sockets a test set up as host services."""
        self.lock = threading.Lock()
        self.received = {}
        self.socks = {}
        self.stop = False
        for kind, name, s in extra:
            self.socks[s] = (kind, name)
        self._tcp("tcp", socket.AF_INET, ("127.0.0.1", 0))
        self._tcp("allowed-tcp", socket.AF_INET, ("127.0.0.1", 0))
        self._dgram("udp", socket.AF_INET, 0, ("127.0.0.1", 0))
        self._dgram("allowed-udp", socket.AF_INET, 0, ("127.0.0.1", 0))
        self._dgram("allowed-udp6", socket.AF_INET6, 0, ("::1", 0))
        try:
            self._dgram("udplite", socket.AF_INET, 136, ("127.0.0.1", 0))
        except OSError:
            pass  # no UDP-Lite in this kernel: the technique's probe says so
        cap = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        cap.bind(("v1", 0))
        self.socks[cap] = ("capture", "capture")
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _tcp(self, name, family, address):
        s = socket.socket(family, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(address)
        s.listen(128)
        self.socks[s] = ("listen", name)

    def _dgram(self, name, family, protocol, address):
        s = socket.socket(family, socket.SOCK_DGRAM, protocol)
        s.bind(address)
        self.socks[s] = ("dgram", name)

    def port(self, name):
        for s, (_, n) in list(self.socks.items()):
            if n == name:
                return s.getsockname()[1]
        return 0

    def add(self, name, data):
        with self.lock:
            self.received[name] = self.received.get(name, b"") + data + b"\n"

    def _loop(self):
        while not self.stop:
            ready, _, _ = select.select(list(self.socks), [], [], 0.05)
            for s in ready:
                kind, name = self.socks.get(s, (None, None))
                try:
                    if kind == "listen":
                        c, _ = s.accept()
                        self.socks[c] = ("conn", name)
                    elif kind in ("dgram", "capture"):
                        data = s.recv(65536)
                        self.add(name, data)
                    elif kind == "conn":
                        data = s.recv(65536)
                        if data:
                            self.add(name, data)
                        else:
                            del self.socks[s]
                            s.close()
                except OSError:
                    if kind == "conn":
                        self.socks.pop(s, None)
                        s.close()

    def take(self, token=None, wait=0.5):
        deadline = time.monotonic() + wait
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


def as_user(user, cmd):
    if user == "root":
        return cmd
    return ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"] + cmd


def user_dir(user, name):
    path = os.path.join("/tmp", "%s-%s-%s" % (name, user, secrets.token_hex(4)))
    os.makedirs(path)
    if user != "root":
        os.chown(path, NOBODY, NOBODY)
    return path


def read_events(path):
    """The audit lines, each checked against the contract (field names and
    order); a line that is not valid JSON or misses a field is a fault."""
    events, faults = [], []
    if not os.path.exists(path):
        return events, faults
    with open(path, "rb") as f:
        for number, raw in enumerate(f.read().split(b"\n")[:-1], 1):
            try:
                e = json.loads(raw)
            except ValueError:
                faults.append(f"line {number} is not JSON: {raw[:120]!r}")
                continue
            if list(e) != CONTRACT_FIELDS:
                faults.append(f"line {number} fields differ from the contract: {list(e)}")
                continue
            events.append(e)
    return events, faults


def title_command(cordon, program, args, user, mode, audit, allow=(), audit_mode=False,
                  profile_file=None):
    """`program args` bare (mode "bare") or under cordon with profile `mode`."""
    cmd = [program] + list(args)
    if mode != "bare":
        profile = profile_file or mode
        cmd = [cordon, "run", "--profile", profile, "--audit", audit, "--timeout", "30"]
        if audit_mode:
            cmd += ["--mode", "audit"]
        if mode == "zero-trust" and not profile_file:
            for a in allow:
                cmd += ["--allow", a]
        cmd += ["--", program] + list(args)
    return as_user(user, cmd)


def run_title(cordon, program, args, user, mode, env, audit, allow=(), stdin=None, timeout=60,
              audit_mode=False, profile_file=None, wrapper=None):
    """Runs the title to its end (under `wrapper`, a command prefix, when
    given); the CompletedProcess."""
    return subprocess.run(
        (wrapper or []) +
        title_command(cordon, program, args, user, mode, audit, allow, audit_mode, profile_file),
        env=env, capture_output=True, text=True, timeout=timeout,
        stdin=stdin if stdin is not None else subprocess.DEVNULL, cwd="/")


def start_title(cordon, program, args, user, mode, env, audit, allow=(), audit_mode=False,
                profile_file=None):
    """Starts the title (stdout and stderr piped, text); the Popen."""
    return subprocess.Popen(
        title_command(cordon, program, args, user, mode, audit, allow, audit_mode, profile_file),
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL, cwd="/")


def read_line_with(proc, prefix, timeout=20):
    """The first stdout line of `proc` starting with `prefix` (None if it
    ends or takes longer); the lines before it are dropped."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            line = proc.stdout.readline()
            if not line:
                return None
            if line.startswith(prefix):
                return line[len(prefix):].strip()
    return None


def connect_in(address, port, timeout=3.0):
    """Connects to the title's listener as "anyone who reaches the machine"
    would, and reads what it is sent; b"" when nothing."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect((address, port))
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    return data
                data += chunk
    except OSError:
        return b""


def probe_as(user, code):
    """Runs a Python snippet as `user`; its stdout (stripped)."""
    r = subprocess.run(as_user(user, ["python3", "-c", code]), capture_output=True, text=True,
                       timeout=30, cwd="/")
    return r.stdout.strip() or r.stderr.strip()[-200:]


class Pty:
    """A terminal for the title's stdin; what was typed into it (TIOCSTI)
    is read back from its input queue afterwards."""

    def __init__(self):
        self.master, self.slave = pty.openpty()
        os.chmod(os.ttyname(self.slave), 0o666)

    def typed(self):
        os.set_blocking(self.slave, False)
        data = b""
        try:
            while True:
                chunk = os.read(self.slave, 4096)
                if not chunk:
                    break
                data += chunk
        except (BlockingIOError, OSError):
            pass
        return data

    def close(self):
        os.close(self.master)
        os.close(self.slave)


# Runs the command and prints the peak resident set of what it ran (the
# largest of cordon, its init and the title: getrusage of the children).
PEAK_RSS = ["python3", "-c", "import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:])\n"
            "print('peak-rss-kb:', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
            " file=sys.stderr)\nsys.exit(r.returncode)"]


def peak_rss_mb(proc):
    """The peak resident set PEAK_RSS printed, in MB (None without it)."""
    for line in proc.stderr.splitlines():
        if line.startswith("peak-rss-kb:"):
            return int(line.split()[1]) / 1024
    return None
