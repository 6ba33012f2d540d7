"""A virtual display for the client tests: an Xvfb server (software GL
through Mesa) and screenshots of its root window read with xwd, so a test
decides whether a title drew by what is on the screen, not by its logs.
Stdlib only: xwd's format is read here (no ImageMagick)."""
import array
import collections
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import time

XWD_HEADER = struct.Struct(">25I")


def missing_tools():
    """The programs this module needs that are not installed (./setup installs them)."""
    return [tool for tool in ("Xvfb", "xwd") if shutil.which(tool) is None]


def dies_with_caller():
    """A prefix for a server's command line: the server gets SIGTERM when the
    test that started it dies (a CTest timeout kills the test, not its
    children), through setpriv --pdeathsig where it has it."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--"] if setpriv else []


class Shot:
    """One screenshot: how many colours it has, how many pixels differ from
    its most common colour (the background), and a digest of its pixels."""

    def __init__(self, colours, foreground, pixels, digest):
        self.colours = colours
        self.foreground = foreground
        self.pixels = pixels
        self.digest = digest

    def blank(self):
        # Xvfb -br starts black; a cleared or single-colour window is blank too.
        return self.colours < 8 or self.foreground < self.pixels // 100

    def __repr__(self):
        return f"Shot({self.colours} colours, {self.foreground}/{self.pixels} foreground)"


def parse_xwd(data):
    """A Shot of an xwd dump (ZPixmap, 24 or 32 bits per pixel)."""
    fields = XWD_HEADER.unpack_from(data)
    header_size, width, height = fields[0], fields[4], fields[5]
    byte_order, bits_per_pixel, bytes_per_line, ncolours = fields[7], fields[11], fields[12], fields[19]
    step = bytes_per_line // width if bytes_per_line // width in (3, 4) else bits_per_pixel // 8
    if step not in (3, 4) or width == 0 or height == 0:
        raise ValueError(f"xwd: unsupported layout ({bits_per_pixel} bits, {bytes_per_line} bytes a line)")
    start = header_size + ncolours * 12
    if start + bytes_per_line * height > len(data):
        raise ValueError("xwd: cut short")
    rows = b"".join(data[start + y * bytes_per_line:start + y * bytes_per_line + width * step]
                    for y in range(height))
    if step == 4:
        values = array.array("I", rows)
        if (byte_order == 0) != (sys.byteorder == "little"):
            values.byteswap()
        counts = collections.Counter(v & 0xFFFFFF for v in values)
    else:
        counts = collections.Counter(rows[i:i + 3] for i in range(0, len(rows), 3))
    background = max(counts.values())
    digest = hashlib.sha256(rows).hexdigest()
    return Shot(len(counts), width * height - background, width * height, digest)


class Xvfb:
    """An X server on the first free display (-displayfd: its lock file in
    /tmp is shared with every other X server and test on the machine), its
    socket in /tmp/.X11-unix (the caller's own mount namespace gives it a
    private one), a black root window (-br) and no TCP listener."""

    def __init__(self, width=800, height=600):
        self.log = open(os.devnull, "w")
        read_end, write_end = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [*dies_with_caller(), "Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp",
                 "-br", "-noreset"], stdout=self.log, stderr=subprocess.STDOUT, pass_fds=(write_end,))
        finally:
            os.close(write_end)
        with os.fdopen(read_end) as numbers:
            number = numbers.readline().strip()  # EOF: Xvfb ended without a display
        if not number.isdigit():
            self.proc.wait()
            raise RuntimeError(f"Xvfb did not start (exit {self.proc.returncode})")
        self.number = int(number)
        self.display = f":{number}"
        self.socket = f"/tmp/.X11-unix/X{number}"
        end = time.monotonic() + 20
        while not os.path.exists(self.socket):
            if self.proc.poll() is not None or time.monotonic() > end:
                self.close()
                raise RuntimeError(f"Xvfb {self.display} has no socket (exit {self.proc.returncode})")
            time.sleep(0.05)

    def shot(self):
        """A Shot of the root window, or None when xwd failed."""
        proc = subprocess.run(["xwd", "-root", "-silent", "-display", self.display], capture_output=True,
                              timeout=20)
        if proc.returncode != 0 or len(proc.stdout) < XWD_HEADER.size:
            return None
        return parse_xwd(proc.stdout)

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
