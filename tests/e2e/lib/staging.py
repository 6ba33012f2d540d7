"""Running `cordon` as an ordinary user from a build tree that user cannot
read (a fresh machine builds under /root, mode 700): the binary, the built-in
rules and the test's own programs are copied to a world-readable directory
under /tmp, and commands run through setpriv as `nobody` with a home of
their own. Only for tests that run as root."""
import os
import shutil
import stat
import subprocess
import tempfile

SETPRIV = "/usr/bin/setpriv"
USER_ID = 65534  # nobody


def can_drop_privileges():
    """Root, with setpriv, on a machine where an ordinary user may create a
    user namespace (cordon needs one). The kernel refuses them to a chrooted
    process (unshare(2), EPERM), as in a chroot-based fresh-machine check,
    and some machines disable them: the unprivileged cases are then skipped,
    and the test says so."""
    if os.geteuid() != 0 or not os.path.exists(SETPRIV):
        return False
    probe = subprocess.run([SETPRIV, f"--reuid={USER_ID}", f"--regid={USER_ID}", "--clear-groups",
                            "unshare", "--user", "true"], capture_output=True, text=True, cwd="/")
    if probe.returncode != 0:
        print("note: an ordinary user cannot create a user namespace here (a chroot, or disabled): "
              "the unprivileged cases are skipped: " + probe.stderr.strip())
        return False
    return True


class Staging:
    def __init__(self, cordon, programs=()):
        self.dir = tempfile.mkdtemp(prefix="cordon-stage-", dir="/tmp")
        os.chmod(self.dir, 0o755)
        bin_dir = os.path.join(self.dir, "bin")
        os.makedirs(bin_dir)
        self.cordon = os.path.join(bin_dir, "cordon")
        shutil.copy2(cordon, self.cordon)
        rules = os.path.join(os.path.dirname(os.path.realpath(cordon)), "..", "share", "cordon", "rules")
        shutil.copytree(rules, os.path.join(self.dir, "share", "cordon", "rules"))
        self.programs = {}
        for program in programs:
            target = os.path.join(bin_dir, os.path.basename(program))
            shutil.copy2(program, target)
            self.programs[os.path.basename(program)] = target
        for root, dirs, files in os.walk(self.dir):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
            for name in files:
                path = os.path.join(root, name)
                os.chmod(path, 0o755 if os.stat(path).st_mode & stat.S_IXUSR else 0o644)
        self.home = os.path.join(self.dir, "home")
        os.makedirs(self.home)
        os.chown(self.home, USER_ID, USER_ID)
        self.tmp = os.path.join(self.dir, "tmp")
        os.makedirs(self.tmp)
        os.chown(self.tmp, USER_ID, USER_ID)

    def user_dir(self, name):
        """A directory the ordinary user owns."""
        path = os.path.join(self.dir, name)
        os.makedirs(path, exist_ok=True)
        os.chown(path, USER_ID, USER_ID)
        return path

    def command(self, argv):
        return [SETPRIV, f"--reuid={USER_ID}", f"--regid={USER_ID}", "--clear-groups"] + argv

    def env(self, base):
        return dict(base, HOME=self.home, TMPDIR=self.tmp)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def run_as_user(staging, argv, env, **kw):
    return subprocess.run(staging.command(argv), env=staging.env(env), **kw)
