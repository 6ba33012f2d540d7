"""A host-side listener on loopback (or an address a test's own network
namespace carries) that keeps what arrives, so a test decides by what a
title actually delivered, not by its return codes."""
import socket
import threading


class Listener:
    """TCP or UDP on ADDRESS:PORT (port 0: any). `got` holds one entry per
    TCP connection (what it carried so far) or per UDP datagram. Each
    connection is read on a thread of its own, so a title that keeps one
    open cannot hide the next."""

    READ_TIMEOUT = 5.0  # a quiet connection is closed after this

    def __init__(self, proto="tcp", address="127.0.0.1", port=0, backlog=64):
        self.proto = proto
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
        self.sock.bind((address, port))
        if proto == "tcp":
            self.sock.listen(backlog)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.got = []
        self._lock = threading.Lock()
        self._readers = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _keep(self, data):
        with self._lock:
            self.got.append(data)

    def _read(self, conn):
        # The entry grows as bytes arrive: a check made while a title still
        # holds its connection open sees what it sent so far.
        entry = bytearray()
        self._keep(entry)
        conn.settimeout(self.READ_TIMEOUT)
        try:
            while chunk := conn.recv(65536):
                with self._lock:
                    entry += chunk
        except OSError:
            pass
        conn.close()

    def _loop(self):
        while not self._stopping.is_set():
            try:
                if self.proto == "udp":
                    data, _ = self.sock.recvfrom(65536)
                    self._keep(data)
                    continue
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            reader = threading.Thread(target=self._read, args=(conn,), daemon=True)
            reader.start()
            self._readers.append(reader)

    def received(self):
        """A copy of what arrived so far, one bytes entry per connection or datagram."""
        with self._lock:
            return [bytes(data) for data in self.got]

    def texts(self):
        return [data.decode("ascii", "replace") for data in self.received()]

    def joined(self):
        return b"".join(self.received())

    def take(self):
        """What arrived since the last take."""
        with self._lock:
            got, self.got = self.got, []
            return [bytes(data) for data in got]

    def close(self):
        self._stopping.set()
        self._thread.join()
        for reader in self._readers:
            reader.join(self.READ_TIMEOUT + 1)
        self.sock.close()
