"""A small DNS server for the tests, on 127.0.0.1 (UDP and TCP on one port):
the upstream resolver behind cordon's DNS view (`--resolver 127.0.0.1:PORT`).
It answers A queries for the names it is given, NOERROR without records for
their other types, NXDOMAIN for every other name, and records every query it
receives (transport, name, type), so a test can assert which names reached
it. Names in `truncate` get a truncated (TC) UDP answer without records, so
resolvers retry over TCP, where the full answer is given. Stdlib only."""
import selectors
import socket
import struct
import threading


def parse_question(data):
    """(id, name, qtype, end of question) of a query; None when malformed."""
    if len(data) < 12:
        return None
    labels, at = [], 12
    while True:
        if at >= len(data):
            return None
        n = data[at]
        if n == 0:
            at += 1
            break
        if n > 63 or at + 1 + n > len(data):
            return None
        labels.append(data[at + 1:at + 1 + n].decode("ascii", "replace").lower())
        at += 1 + n
    if at + 4 > len(data):
        return None
    qtype = struct.unpack("!H", data[at:at + 2])[0]
    return struct.unpack("!H", data[:2])[0], ".".join(labels), qtype, at + 4


def build_query(name, qtype=1, ident=0x1234):
    q = struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00" + struct.pack("!HH", qtype, 1)


def rcode(reply):
    return reply[3] & 0x0F


def answer_addresses(reply):
    """The IPv4 addresses of a reply's A records (compressed names only, as the stub writes)."""
    q = parse_question(reply)
    if q is None:
        return []
    count = struct.unpack("!H", reply[6:8])[0]
    at, out = q[3], []
    for _ in range(count):
        if at + 12 > len(reply):
            break
        rtype, _, _, length = struct.unpack("!HHIH", reply[at + 2:at + 12])
        if rtype == 1 and length == 4:
            out.append(socket.inet_ntoa(reply[at + 12:at + 16]))
        at += 12 + length
    return out


class DnsStub:
    def __init__(self, answers, truncate=()):
        self.answers = {k.lower(): v for k, v in answers.items()}
        self.truncate = {t.lower() for t in truncate}
        self.queries = []  # (transport, name, qtype)
        self.lock = threading.Lock()
        for _ in range(50):
            self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.udp.bind(("127.0.0.1", 0))
            self.port = self.udp.getsockname()[1]
            self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                self.tcp.bind(("127.0.0.1", self.port))
                break
            except OSError:
                self.udp.close()
                self.tcp.close()
        self.tcp.listen(16)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def names(self, transport=None):
        with self.lock:
            return [n for t, n, _ in self.queries if transport in (None, t)]

    def _reply(self, data, transport):
        q = parse_question(data)
        if q is None:
            return None
        ident, name, qtype, end = q
        with self.lock:
            self.queries.append((transport, name, qtype))
        flags = 0x8180  # QR, RD, RA
        known = name in self.answers
        if not known:
            flags |= 3  # NXDOMAIN
        answer = b""
        if known and qtype == 1:
            if transport == "udp" and name in self.truncate:
                flags |= 0x0200  # TC: try again over TCP
            else:
                answer = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton(self.answers[name])
        header = struct.pack("!HHHHHH", ident, flags, 1, 1 if answer else 0, 0, 0)
        return header + data[12:end] + answer

    def _serve_tcp(self, conn):
        conn.settimeout(5)
        try:
            while True:
                prefix = conn.recv(2, socket.MSG_WAITALL)
                if len(prefix) < 2:
                    return
                length = struct.unpack("!H", prefix)[0]
                data = conn.recv(length, socket.MSG_WAITALL)
                if len(data) < length:
                    return
                reply = self._reply(data, "tcp")
                if reply is None:
                    return
                conn.sendall(struct.pack("!H", len(reply)) + reply)
        except OSError:
            return
        finally:
            conn.close()

    def _loop(self):
        sel = selectors.DefaultSelector()
        sel.register(self.udp, selectors.EVENT_READ)
        sel.register(self.tcp, selectors.EVENT_READ)
        while not self.stopping.is_set():
            for key, _ in sel.select(timeout=0.1):
                if key.fileobj is self.udp:
                    data, peer = self.udp.recvfrom(65535)
                    reply = self._reply(data, "udp")
                    if reply is not None:
                        self.udp.sendto(reply, peer)
                else:
                    conn, _ = self.tcp.accept()
                    threading.Thread(target=self._serve_tcp, args=(conn,), daemon=True).start()
        sel.close()

    def close(self):
        self.stopping.set()
        self.thread.join()
        self.udp.close()
        self.tcp.close()
